package dev.aevum.sdk.failure;

/** The workflow was terminated by an operator or a client. */
public final class TerminatedFailure extends AevumFailure {
  private static final long serialVersionUID = 1L;

  public TerminatedFailure(String message, Throwable cause) {
    super(message == null || message.isEmpty() ? "terminated" : message, cause);
  }
}
