package dev.aevum.server.frontend.internal.validation;

import com.google.protobuf.Duration;
import dev.aevum.server.common.Errors;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.enums.v1.TimeoutType;

/** Retry policy defaults and validation, following Temporal's retrypolicy package. */
public final class RetryPolicies {
  static final String TIMEOUT_FAILURE_TYPE_PREFIX = "TemporalTimeout:";
  /** Temporal's default retry settings: 1 s initial interval, x2, maximum 100 x initial, unlimited attempts. */
  static final Duration DEFAULT_INITIAL_INTERVAL = Duration.newBuilder().setSeconds(1).build();
  static final double DEFAULT_BACKOFF_COEFFICIENT = 2.0;
  static final long DEFAULT_MAXIMUM_INTERVAL_COEFFICIENT = 100;

  private RetryPolicies() {}

  /** Fills unset fields with Temporal's defaults, then validates; returns the policy to forward. */
  public static RetryPolicy withDefaults(RetryPolicy policy) {
    RetryPolicy.Builder filled = policy.toBuilder();
    if (isZero(policy.getInitialInterval())) {
      filled.setInitialInterval(DEFAULT_INITIAL_INTERVAL);
    }
    if (isZero(policy.getMaximumInterval())) {
      Duration initial = filled.getInitialInterval();
      long scaledNanos = initial.getNanos() * DEFAULT_MAXIMUM_INTERVAL_COEFFICIENT;
      filled.setMaximumInterval(Duration.newBuilder()
          .setSeconds(initial.getSeconds() * DEFAULT_MAXIMUM_INTERVAL_COEFFICIENT + scaledNanos / 1_000_000_000L)
          .setNanos((int) (scaledNanos % 1_000_000_000L)));
    }
    if (policy.getBackoffCoefficient() == 0) {
      filled.setBackoffCoefficient(DEFAULT_BACKOFF_COEFFICIENT);
    }
    RetryPolicy result = filled.build();
    validate(result);
    return result;
  }

  public static void validate(RetryPolicy policy) {
    if (policy.getMaximumAttempts() == 1) {
      // One attempt means no retries: the rest does not matter.
      return;
    }
    Fields.duration(policy.getInitialInterval(), "invalid InitialInterval set on retry policy:");
    if (policy.getBackoffCoefficient() < 1) {
      throw Errors.invalidArgument("BackoffCoefficient cannot be less than 1 on retry policy.");
    }
    Fields.duration(policy.getMaximumInterval(), "invalid MaximumInterval set on retry policy:");
    Duration maximum = policy.getMaximumInterval();
    if (!isZero(maximum) && compare(maximum, policy.getInitialInterval()) < 0) {
      throw Errors.invalidArgument("MaximumInterval cannot be less than InitialInterval on retry policy.");
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

  private static boolean isTimeoutType(String value) {
    for (TimeoutType type : TimeoutType.values()) {
      if (type != TimeoutType.UNRECOGNIZED
          && type != TimeoutType.TIMEOUT_TYPE_UNSPECIFIED
          && (type.name().equals(value) || type.name().equals("TIMEOUT_TYPE_" + value) || camel(type).equals(value))) {
        return true;
      }
    }
    return false;
  }

  /** Go's enum String() for TimeoutType, e.g. START_TO_CLOSE -> "StartToClose". */
  private static String camel(TimeoutType type) {
    StringBuilder out = new StringBuilder();
    for (String part : type.name().substring("TIMEOUT_TYPE_".length()).split("_")) {
      out.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
    }
    return out.toString();
  }

  private static boolean isZero(Duration d) {
    return d.getSeconds() == 0 && d.getNanos() == 0;
  }

  private static int compare(Duration a, Duration b) {
    int bySeconds = Long.compare(a.getSeconds(), b.getSeconds());
    return bySeconds != 0 ? bySeconds : Integer.compare(a.getNanos(), b.getNanos());
  }
}
