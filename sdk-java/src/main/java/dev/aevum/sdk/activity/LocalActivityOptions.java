package dev.aevum.sdk.activity;

import dev.aevum.sdk.RetryOptions;
import dev.aevum.sdk.internal.common.Validate;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of local activities: short activities that the workflow's own worker runs inside the
 * workflow task and records in a marker, without an activity task round trip through the server.
 */
public final class LocalActivityOptions {
  /**
   * Retries stop after this much time when no scheduleToCloseTimeout is set, to stay within a
   * workflow task.
   */
  public static final Duration DEFAULT_SCHEDULE_TO_CLOSE = Duration.ofSeconds(5);

  private final Duration startToCloseTimeout;
  private final Duration scheduleToCloseTimeout;
  private final RetryOptions retryOptions;

  private LocalActivityOptions(Builder b) {
    this.startToCloseTimeout = b.startToCloseTimeout;
    this.scheduleToCloseTimeout = b.scheduleToCloseTimeout;
    this.retryOptions = b.retryOptions;
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

  public Optional<RetryOptions> retryOptions() {
    return Optional.ofNullable(retryOptions);
  }

  public static final class Builder {
    private Duration startToCloseTimeout;
    private Duration scheduleToCloseTimeout;
    private RetryOptions retryOptions;

    private Builder() {}

    public Builder startToCloseTimeout(Duration value) {
      this.startToCloseTimeout = Validate.positive(value, "startToCloseTimeout");
      return this;
    }

    public Builder scheduleToCloseTimeout(Duration value) {
      this.scheduleToCloseTimeout = Validate.positive(value, "scheduleToCloseTimeout");
      return this;
    }

    public Builder retryOptions(RetryOptions value) {
      this.retryOptions = Objects.requireNonNull(value, "retryOptions");
      return this;
    }

    public LocalActivityOptions build() {
      if (startToCloseTimeout == null && scheduleToCloseTimeout == null) {
        throw new IllegalArgumentException(
            "startToCloseTimeout: either startToCloseTimeout or scheduleToCloseTimeout must be set");
      }
      return new LocalActivityOptions(this);
    }
  }
}
