package dev.aevum.server.app;

/**
 * The server cannot start. The message says why and how to fix it; it is meant for the operator.
 */
public final class AevumStartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AevumStartupException(String message) {
    super(message);
  }

  public AevumStartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
