package dev.aevum.sdk.failure;

/** A timeout fired; {@link #getTimeoutType()} names which one (start-to-close, heartbeat, ...). */
public final class TimeoutFailure extends AevumFailure {
  private static final long serialVersionUID = 1L;
  private final String timeoutType;

  public TimeoutFailure(String message, String timeoutType, Throwable cause) {
    super(message == null || message.isEmpty() ? timeoutType : message, cause);
    this.timeoutType = timeoutType;
  }

  /** The server's timeout type name, for example {@code TIMEOUT_TYPE_START_TO_CLOSE}. */
  public String getTimeoutType() {
    return timeoutType;
  }
}
