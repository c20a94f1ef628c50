package dev.aevum.sdk.converter;

import io.temporal.api.common.v1.Payload;
import java.lang.reflect.Type;
import java.util.Optional;

/** Encodes {@code null} as an empty payload with encoding {@code binary/null}. */
public final class NullPayloadConverter implements PayloadConverter {

  @Override
  public String encoding() {
    return EncodingKeys.NULL;
  }

  @Override
  public Optional<Payload> toPayload(Object value) {
    return value == null
        ? Optional.of(EncodingKeys.payloadWithEncoding(EncodingKeys.NULL).build())
        : Optional.empty();
  }

  @Override
  public Object fromPayload(Payload payload, Class<?> type, Type genericType) {
    if (type.isPrimitive()) {
      throw new DataConversionException("cannot decode null into primitive type " + type.getName());
    }
    return null;
  }
}
