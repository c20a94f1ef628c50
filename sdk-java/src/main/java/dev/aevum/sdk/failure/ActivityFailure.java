package dev.aevum.sdk.failure;

/**
 * Thrown inside a workflow when an activity failed for good (retries exhausted, non-retryable,
 * timed out or canceled). The cause says why: an {@link ApplicationFailure}, a {@link
 * TimeoutFailure} or a {@link CanceledFailure}.
 */
public final class ActivityFailure extends AevumFailure {
  private static final long serialVersionUID = 1L;
  private final String activityType;
  private final String activityId;
  private final long scheduledEventId;
  private final RetryState retryState;

  public ActivityFailure(
      String message,
      String activityType,
      String activityId,
      long scheduledEventId,
      RetryState retryState,
      Throwable cause) {
    super(
        message == null || message.isEmpty()
            ? "activity "
                + activityType
                + " (id "
                + activityId
                + ") failed, retry state "
                + retryState
            : message,
        cause);
    this.activityType = activityType;
    this.activityId = activityId;
    this.scheduledEventId = scheduledEventId;
    this.retryState = retryState;
  }

  public String activityType() {
    return activityType;
  }

  public String activityId() {
    return activityId;
  }

  public long scheduledEventId() {
    return scheduledEventId;
  }

  public RetryState retryState() {
    return retryState;
  }
}
