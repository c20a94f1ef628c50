package dev.aevum.sdk.converter;

import io.temporal.api.common.v1.Payload;
import java.lang.invoke.MethodType;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tries each payload converter in order; decodes by the payload's encoding metadata. */
final class CompositeDataConverter implements DataConverter {
  private final List<PayloadConverter> converters;
  private final Map<String, PayloadConverter> byEncoding = new LinkedHashMap<>();

  CompositeDataConverter(List<PayloadConverter> converters) {
    if (converters.isEmpty()) {
      throw new IllegalArgumentException("converters: at least one payload converter is required");
    }
    this.converters = List.copyOf(converters);
    for (PayloadConverter converter : this.converters) {
      byEncoding.putIfAbsent(converter.encoding(), converter);
    }
  }

  @Override
  public Payload toPayload(Object value) {
    for (PayloadConverter converter : converters) {
      Optional<Payload> payload = converter.toPayload(value);
      if (payload.isPresent()) {
        return payload.get();
      }
    }
    throw new DataConversionException(
        "no payload converter accepts " + (value == null ? "null" : value.getClass().getName()));
  }

  @Override
  public <T> T fromPayload(Payload payload, Class<T> type, Type genericType) {
    if (type == void.class || type == Void.class) {
      return null; // A void method ignores whatever result the other side sent.
    }
    String encoding = EncodingKeys.encodingOf(payload);
    PayloadConverter converter = byEncoding.get(encoding);
    if (converter == null) {
      throw new DataConversionException(
          "no payload converter for encoding '" + encoding + "'; known: " + byEncoding.keySet());
    }
    Object value = converter.fromPayload(payload, type, genericType);
    return box(type).cast(value);
  }

  @SuppressWarnings("unchecked")
  private static <T> Class<T> box(Class<T> type) {
    if (!type.isPrimitive()) {
      return type;
    }
    return (Class<T>) MethodType.methodType(type).wrap().returnType();
  }
}
