package dev.aevum.sdk.converter;

/** Default values of Java types, used when an argument is absent. */
final class Defaults {
  private Defaults() {}

  @SuppressWarnings("unchecked")
  static <T> T defaultValue(Class<T> type) {
    if (!type.isPrimitive() || type == void.class) {
      return null;
    }
    Object value;
    if (type == boolean.class) {
      value = false;
    } else if (type == char.class) {
      value = '\0';
    } else if (type == byte.class) {
      value = (byte) 0;
    } else if (type == short.class) {
      value = (short) 0;
    } else if (type == int.class) {
      value = 0;
    } else if (type == long.class) {
      value = 0L;
    } else if (type == float.class) {
      value = 0f;
    } else {
      value = 0d;
    }
    return (T) value;
  }
}
