package dev.aevum.sdk.failure;

/**
 * Base of the failures that cross process boundaries. Each subclass maps one-to-one to a {@code
 * temporal.api.failure.v1.Failure} variant, so other SDKs see the same failure.
 */
public abstract class AevumFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String originalMessage;

  protected AevumFailure(String message, Throwable cause) {
    super(message, cause);
    this.originalMessage = message == null ? "" : message;
  }

  /** The message as written by whoever raised the failure, without decoration. */
  public String originalMessage() {
    return originalMessage;
  }
}
