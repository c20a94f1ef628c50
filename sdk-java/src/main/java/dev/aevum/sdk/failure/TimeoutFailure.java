package dev.aevum.sdk.failure;

/** A timeout fired; {@link #timeoutType()} says which one (start-to-close, heartbeat, ...). */
public final class TimeoutFailure extends AevumFailure {
  private static final long serialVersionUID = 1L;
  private final TimeoutType timeoutType;

  public TimeoutFailure(String message, TimeoutType timeoutType, Throwable cause) {
    super(message == null || message.isEmpty() ? timeoutType + " timeout" : message, cause);
    this.timeoutType = timeoutType;
  }

  public TimeoutType timeoutType() {
    return timeoutType;
  }
}
