package dev.aevum.sdk.converter;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.temporal.api.common.v1.Payload;
import java.lang.reflect.Type;
import java.util.Optional;

/**
 * Encodes protobuf messages in their binary wire form ({@code binary/protobuf}), with the message's
 * full name in the {@code messageType} metadata, as Temporal's SDKs write it.
 *
 * <p>The default converter places this after {@link ProtobufJsonPayloadConverter}, as Temporal
 * does: it writes JSON, and this converter only reads the {@code binary/protobuf} payloads other
 * SDKs or clients wrote. To write binary, build a converter with {@link DataConverter#of} that
 * lists this one before the JSON one, which then only reads {@code json/protobuf} payloads.
 */
public final class ProtobufBinaryPayloadConverter implements PayloadConverter {

  @Override
  public String encoding() {
    return EncodingKeys.PROTOBUF_BINARY;
  }

  @Override
  public Optional<Payload> toPayload(Object value) {
    if (!(value instanceof Message message)) {
      return Optional.empty();
    }
    return Optional.of(
        EncodingKeys.payloadWithEncoding(EncodingKeys.PROTOBUF_BINARY)
            .putMetadata(
                EncodingKeys.METADATA_MESSAGE_TYPE,
                EncodingKeys.utf8(message.getDescriptorForType().getFullName()))
            .setData(message.toByteString())
            .build());
  }

  @Override
  public Object fromPayload(Payload payload, Class<?> type, Type genericType) {
    Message prototype = ProtobufMessages.defaultInstance(type, EncodingKeys.PROTOBUF_BINARY);
    ProtobufMessages.checkMessageType(payload, prototype, type);
    try {
      return prototype.getParserForType().parseFrom(payload.getData());
    } catch (InvalidProtocolBufferException e) {
      throw new DataConversionException(
          "cannot parse binary/protobuf into " + type.getName() + ": " + e.getMessage(), e);
    }
  }
}
