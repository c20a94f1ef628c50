package dev.aevum.sdk.converter;

import io.temporal.api.common.v1.Payload;
import java.lang.reflect.Type;
import java.util.Optional;

/**
 * Converts values of the kinds it understands to and from one {@link Payload} encoding.
 *
 * <p>A {@link DataConverter} asks its converters in order; the first that returns a payload wins.
 * On the way back, the converter is chosen by the payload's {@code encoding} metadata.
 */
public interface PayloadConverter {

  /**
   * The value written to the payload's {@code encoding} metadata, for example {@code json/plain}.
   */
  String encoding();

  /** Returns empty when this converter does not handle {@code value}. */
  Optional<Payload> toPayload(Object value);

  /** Decodes a payload of this converter's encoding; {@code genericType} carries type arguments. */
  Object fromPayload(Payload payload, Class<?> type, Type genericType);
}
