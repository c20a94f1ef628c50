package dev.aevum.sdk.converter;

/** A value could not be encoded to, or decoded from, a payload. */
public final class DataConversionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DataConversionException(String message) {
    super(message);
  }

  public DataConversionException(String message, Throwable cause) {
    super(message, cause);
  }
}
