package dev.aevum.sdk.internal.common;

import java.time.Duration;
import java.util.Objects;

/** Argument checks that name the offending field. Internal. */
public final class Validate {
  private Validate() {}

  public static Duration positive(Duration value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + ": must be positive, was " + value);
    }
    return value;
  }

  public static String notBlank(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + ": must not be blank");
    }
    return value;
  }
}
