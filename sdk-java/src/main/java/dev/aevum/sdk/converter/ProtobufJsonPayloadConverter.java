package dev.aevum.sdk.converter;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.temporal.api.common.v1.Payload;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Optional;

/** Encodes protobuf messages as proto3 JSON ({@code json/protobuf}) with their full type name. */
public final class ProtobufJsonPayloadConverter implements PayloadConverter {
  private final JsonFormat.Printer printer = JsonFormat.printer();
  private final JsonFormat.Parser parser = JsonFormat.parser().ignoringUnknownFields();

  @Override
  public String encoding() {
    return EncodingKeys.PROTOBUF_JSON;
  }

  @Override
  public Optional<Payload> toPayload(Object value) {
    if (!(value instanceof Message message)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          EncodingKeys.payloadWithEncoding(EncodingKeys.PROTOBUF_JSON)
              .putMetadata(
                  EncodingKeys.METADATA_MESSAGE_TYPE,
                  EncodingKeys.utf8(message.getDescriptorForType().getFullName()))
              .setData(EncodingKeys.utf8(printer.print(message)))
              .build());
    } catch (InvalidProtocolBufferException e) {
      throw new DataConversionException(
          "cannot print " + message.getClass().getName() + " as JSON", e);
    }
  }

  @Override
  public Object fromPayload(Payload payload, Class<?> type, Type genericType) {
    if (!Message.class.isAssignableFrom(type)) {
      throw new DataConversionException(
          "payload is json/protobuf but the target type "
              + type.getName()
              + " is not a protobuf message");
    }
    try {
      Method newBuilder = type.getMethod("newBuilder");
      Message.Builder builder = (Message.Builder) newBuilder.invoke(null);
      parser.merge(payload.getData().toStringUtf8(), builder);
      return builder.build();
    } catch (ReflectiveOperationException | InvalidProtocolBufferException e) {
      throw new DataConversionException("cannot parse json/protobuf into " + type.getName(), e);
    }
  }
}
