package dev.aevum.sdk.failure;

/** The operation was canceled. */
public final class CanceledFailure extends AevumFailure {
  private static final long serialVersionUID = 1L;

  public CanceledFailure(String message, Throwable cause) {
    super(message == null || message.isEmpty() ? "canceled" : message, cause);
  }
}
