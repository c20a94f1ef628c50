package dev.aevum.sdk.activity;

import dev.aevum.sdk.RetryOptions;
import dev.aevum.sdk.internal.common.Validate;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of the activities called through one stub. Either startToClose or scheduleToClose must be
 * set; the server rejects a schedule without either.
 */
public final class ActivityOptions {
  private final Duration startToCloseTimeout;
  private final Duration scheduleToCloseTimeout;
  private final Duration scheduleToStartTimeout;
  private final Duration heartbeatTimeout;
  private final String taskQueue;
  private final RetryOptions retryOptions;
  private final ActivityCancellationType cancellationType;

  private ActivityOptions(Builder b) {
    this.startToCloseTimeout = b.startToCloseTimeout;
    this.scheduleToCloseTimeout = b.scheduleToCloseTimeout;
    this.scheduleToStartTimeout = b.scheduleToStartTimeout;
    this.heartbeatTimeout = b.heartbeatTimeout;
    this.taskQueue = b.taskQueue;
    this.retryOptions = b.retryOptions;
    this.cancellationType = b.cancellationType;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  public Optional<Duration> startToCloseTimeout() {
    return Optional.ofNullable(startToCloseTimeout);
  }

  public Optional<Duration> scheduleToCloseTimeout() {
    return Optional.ofNullable(scheduleToCloseTimeout);
  }

  public Optional<Duration> scheduleToStartTimeout() {
    return Optional.ofNullable(scheduleToStartTimeout);
  }

  public Optional<Duration> heartbeatTimeout() {
    return Optional.ofNullable(heartbeatTimeout);
  }

  /** Empty means the workflow's own task queue. */
  public Optional<String> taskQueue() {
    return Optional.ofNullable(taskQueue);
  }

  public Optional<RetryOptions> retryOptions() {
    return Optional.ofNullable(retryOptions);
  }

  public ActivityCancellationType cancellationType() {
    return cancellationType;
  }

  public static final class Builder {
    private Duration startToCloseTimeout;
    private Duration scheduleToCloseTimeout;
    private Duration scheduleToStartTimeout;
    private Duration heartbeatTimeout;
    private String taskQueue;
    private RetryOptions retryOptions;
    private ActivityCancellationType cancellationType = ActivityCancellationType.TRY_CANCEL;

    private Builder() {}

    public Builder cancellationType(ActivityCancellationType value) {
      this.cancellationType = Objects.requireNonNull(value, "cancellationType");
      return this;
    }

    public Builder startToCloseTimeout(Duration value) {
      this.startToCloseTimeout = Validate.positive(value, "startToCloseTimeout");
      return this;
    }

    public Builder scheduleToCloseTimeout(Duration value) {
      this.scheduleToCloseTimeout = Validate.positive(value, "scheduleToCloseTimeout");
      return this;
    }

    public Builder scheduleToStartTimeout(Duration value) {
      this.scheduleToStartTimeout = Validate.positive(value, "scheduleToStartTimeout");
      return this;
    }

    public Builder heartbeatTimeout(Duration value) {
      this.heartbeatTimeout = Validate.positive(value, "heartbeatTimeout");
      return this;
    }

    public Builder taskQueue(String value) {
      this.taskQueue = Validate.notBlank(value, "taskQueue");
      return this;
    }

    public Builder retryOptions(RetryOptions value) {
      this.retryOptions = Objects.requireNonNull(value, "retryOptions");
      return this;
    }

    public ActivityOptions build() {
      if (startToCloseTimeout == null && scheduleToCloseTimeout == null) {
        throw new IllegalArgumentException(
            "startToCloseTimeout: either startToCloseTimeout or scheduleToCloseTimeout must be set");
      }
      return new ActivityOptions(this);
    }
  }
}
