package dev.aevum.server.common.validation;

import com.google.protobuf.Duration;
import dev.aevum.server.common.EnumNames;
import dev.aevum.server.common.Errors;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.enums.v1.TimeoutType;
import java.util.Optional;

/**
 * Temporal's retry policy defaults and validation (common/retrypolicy), for policies of starts
 * (frontend) and of activities, children and continue-as-new (history). Messages are Temporal's.
 */
public final class RetryPolicyRules {
  static final String TIMEOUT_FAILURE_TYPE_PREFIX = "TemporalTimeout:";

  /** Temporal's defaults: 1 s initial interval, x2, maximum 100 x initial, unlimited attempts. */
  static final Duration DEFAULT_INITIAL_INTERVAL = Duration.newBuilder().setSeconds(1).build();

  static final double DEFAULT_BACKOFF_COEFFICIENT = 2.0;
  static final long DEFAULT_MAXIMUM_INTERVAL_COEFFICIENT = 100;

  private RetryPolicyRules() {}

  /** The policy with unset fields filled with Temporal's defaults; does not validate. */
  public static RetryPolicy withDefaults(RetryPolicy policy) {
    RetryPolicy.Builder filled = policy.toBuilder();
    if (isZero(policy.getInitialInterval())) {
      filled.setInitialInterval(DEFAULT_INITIAL_INTERVAL);
    }
    if (isZero(policy.getMaximumInterval())) {
      Duration initial = filled.getInitialInterval();
      long scaledNanos = initial.getNanos() * DEFAULT_MAXIMUM_INTERVAL_COEFFICIENT;
      filled.setMaximumInterval(
          Duration.newBuilder()
              .setSeconds(
                  initial.getSeconds() * DEFAULT_MAXIMUM_INTERVAL_COEFFICIENT
                      + scaledNanos / 1_000_000_000L)
              .setNanos((int) (scaledNanos % 1_000_000_000L)));
    }
    if (policy.getBackoffCoefficient() == 0) {
      filled.setBackoffCoefficient(DEFAULT_BACKOFF_COEFFICIENT);
    }
    return filled.build();
  }

  /** {@link #withDefaults}, then {@link #validate}: what a start forwards. */
  public static RetryPolicy withDefaultsValidated(RetryPolicy policy) {
    RetryPolicy filled = withDefaults(policy);
    validate(filled);
    return filled;
  }

  /**
   * @throws dev.aevum.server.common.ServiceException INVALID_ARGUMENT naming the bad setting
   */
  public static void validate(RetryPolicy policy) {
    if (policy.getMaximumAttempts() == 1) {
      // One attempt means no retries: the rest does not matter.
      return;
    }
    durationProblem(policy.getInitialInterval())
        .ifPresent(
            p -> {
              throw Errors.invalidArgument(
                  "invalid InitialInterval set on retry policy: cause: " + p);
            });
    if (policy.getBackoffCoefficient() < 1) {
      throw Errors.invalidArgument("BackoffCoefficient cannot be less than 1 on retry policy.");
    }
    durationProblem(policy.getMaximumInterval())
        .ifPresent(
            p -> {
              throw Errors.invalidArgument(
                  "invalid MaximumInterval set on retry policy: cause: " + p);
            });
    Duration maximum = policy.getMaximumInterval();
    if (!isZero(maximum) && compare(maximum, policy.getInitialInterval()) < 0) {
      throw Errors.invalidArgument(
          "MaximumInterval cannot be less than InitialInterval on retry policy.");
    }
    if (policy.getMaximumAttempts() < 0) {
      throw Errors.invalidArgument("MaximumAttempts cannot be negative on retry policy.");
    }
    for (String type : policy.getNonRetryableErrorTypesList()) {
      if (type.startsWith(TIMEOUT_FAILURE_TYPE_PREFIX)) {
        String value = type.substring(TIMEOUT_FAILURE_TYPE_PREFIX.length());
        if (!isTimeoutType(value)) {
          throw Errors.invalidArgument("Invalid timeout type value: " + value + ".");
        }
      }
    }
  }

  /**
   * Why a duration is not acceptable as a timeout or interval (Temporal's
   * ValidateAndCapProtoDuration).
   */
  public static Optional<String> durationProblem(Duration d) {
    long seconds = d.getSeconds();
    int nanos = d.getNanos();
    if ((seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) {
      return Optional.of("duration has seconds and nanos with different signs");
    }
    if (seconds < 0 || nanos < 0) {
      return Optional.of("negative duration");
    }
    return Optional.empty();
  }

  private static boolean isTimeoutType(String value) {
    for (TimeoutType type : TimeoutType.values()) {
      if (type != TimeoutType.UNRECOGNIZED
          && type != TimeoutType.TIMEOUT_TYPE_UNSPECIFIED
          && (type.name().equals(value)
              || type.name().equals("TIMEOUT_TYPE_" + value)
              || timeoutName(type).equals(value))) {
        return true;
      }
    }
    return false;
  }

  /** Go's enum String() for TimeoutType, e.g. START_TO_CLOSE -> "StartToClose". */
  public static String timeoutName(TimeoutType type) {
    return type == TimeoutType.UNRECOGNIZED ? "Unspecified" : EnumNames.of(type, "TIMEOUT_TYPE_");
  }

  private static boolean isZero(Duration d) {
    return d.getSeconds() == 0 && d.getNanos() == 0;
  }

  private static int compare(Duration a, Duration b) {
    int bySeconds = Long.compare(a.getSeconds(), b.getSeconds());
    return bySeconds != 0 ? bySeconds : Integer.compare(a.getNanos(), b.getNanos());
  }
}
