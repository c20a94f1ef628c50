package dev.aevum.sdk.converter;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import java.lang.reflect.Type;
import java.util.Optional;

/** Passes {@code byte[]} through unchanged, with encoding {@code binary/plain}. */
public final class ByteArrayPayloadConverter implements PayloadConverter {

  @Override
  public String encoding() {
    return EncodingKeys.BYTES;
  }

  @Override
  public Optional<Payload> toPayload(Object value) {
    if (!(value instanceof byte[] bytes)) {
      return Optional.empty();
    }
    return Optional.of(
        EncodingKeys.payloadWithEncoding(EncodingKeys.BYTES)
            .setData(ByteString.copyFrom(bytes))
            .build());
  }

  @Override
  public Object fromPayload(Payload payload, Class<?> type, Type genericType) {
    if (type != byte[].class && type != Object.class) {
      throw new DataConversionException(
          "payload is binary/plain but the target type is " + type.getName() + ", not byte[]");
    }
    return payload.getData().toByteArray();
  }
}
