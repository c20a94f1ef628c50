package dev.aevum.sdk.failure;

/** A failure created by the server itself. */
public final class ServerFailure extends AevumFailure {
  private static final long serialVersionUID = 1L;
  private final boolean nonRetryable;

  public ServerFailure(String message, boolean nonRetryable, Throwable cause) {
    super(message, cause);
    this.nonRetryable = nonRetryable;
  }

  public boolean nonRetryable() {
    return nonRetryable;
  }
}
