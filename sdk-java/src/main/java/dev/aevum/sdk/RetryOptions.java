package dev.aevum.sdk;

import dev.aevum.sdk.internal.common.Validate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the server retries a failed activity or workflow. Unset values take the server's defaults (1
 * s initial interval, coefficient 2, maximum 100 x initial, unlimited attempts).
 */
public final class RetryOptions {
  private final Duration initialInterval;
  private final double backoffCoefficient;
  private final Duration maximumInterval;
  private final int maximumAttempts;
  private final List<String> doNotRetry;

  private RetryOptions(Builder b) {
    this.initialInterval = b.initialInterval;
    this.backoffCoefficient = b.backoffCoefficient;
    this.maximumInterval = b.maximumInterval;
    this.maximumAttempts = b.maximumAttempts;
    this.doNotRetry = List.copyOf(b.doNotRetry);
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  public Optional<Duration> initialInterval() {
    return Optional.ofNullable(initialInterval);
  }

  /** 0 means the server default. */
  public double backoffCoefficient() {
    return backoffCoefficient;
  }

  public Optional<Duration> maximumInterval() {
    return Optional.ofNullable(maximumInterval);
  }

  /** 0 means unlimited. */
  public int maximumAttempts() {
    return maximumAttempts;
  }

  /** Application failure types that are never retried. */
  public List<String> doNotRetry() {
    return doNotRetry;
  }

  public static final class Builder {
    private Duration initialInterval;
    private double backoffCoefficient;
    private Duration maximumInterval;
    private int maximumAttempts;
    private List<String> doNotRetry = List.of();

    private Builder() {}

    public Builder initialInterval(Duration value) {
      this.initialInterval = Validate.positive(value, "initialInterval");
      return this;
    }

    public Builder backoffCoefficient(double value) {
      if (value < 1.0) {
        throw new IllegalArgumentException("backoffCoefficient: must be >= 1.0, was " + value);
      }
      this.backoffCoefficient = value;
      return this;
    }

    public Builder maximumInterval(Duration value) {
      this.maximumInterval = Validate.positive(value, "maximumInterval");
      return this;
    }

    public Builder maximumAttempts(int value) {
      if (value < 0) {
        throw new IllegalArgumentException(
            "maximumAttempts: must be >= 0 (0 = unlimited), was " + value);
      }
      this.maximumAttempts = value;
      return this;
    }

    public Builder doNotRetry(String... failureTypes) {
      this.doNotRetry = List.of(Objects.requireNonNull(failureTypes, "doNotRetry"));
      return this;
    }

    public RetryOptions build() {
      if (initialInterval != null
          && maximumInterval != null
          && maximumInterval.compareTo(initialInterval) < 0) {
        throw new IllegalArgumentException(
            "maximumInterval: must not be shorter than initialInterval");
      }
      return new RetryOptions(this);
    }
  }
}
