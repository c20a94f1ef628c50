package dev.aevum.sdk.converter;

import io.temporal.api.common.v1.Payloads;
import java.lang.reflect.Type;
import java.util.Objects;
import java.util.Optional;

/** Arguments not yet decoded, for dynamic handlers that learn the types only at run time. */
public final class EncodedValues {
  private final Optional<Payloads> payloads;
  private final DataConverter converter;

  public EncodedValues(Optional<Payloads> payloads, DataConverter converter) {
    this.payloads = Objects.requireNonNull(payloads, "payloads");
    this.converter = Objects.requireNonNull(converter, "converter");
  }

  public int size() {
    return payloads.map(Payloads::getPayloadsCount).orElse(0);
  }

  /**
   * Decodes value {@code index}; a missing value decodes as the type's default (null, 0, false).
   */
  public <T> T get(int index, Class<T> type) {
    return get(index, type, type);
  }

  public <T> T get(int index, Class<T> type, Type genericType) {
    return converter.fromPayloads(index, payloads, type, genericType);
  }
}
