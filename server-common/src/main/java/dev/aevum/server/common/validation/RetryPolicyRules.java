package dev.aevum.server.common.validation;

import com.google.protobuf.Duration;
import dev.aevum.server.common.Errors;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.enums.v1.TimeoutType;
import java.util.Locale;

/**
 * Temporal's retry policy validation (common/retrypolicy), for policies of starts (frontend) and
 * of activities and children (history's command checks). Messages are Temporal's.
 */
public final class RetryPolicyRules {
  static final String TIMEOUT_FAILURE_TYPE_PREFIX = "TemporalTimeout:";

  private RetryPolicyRules() {}

  /** @throws dev.aevum.server.common.ServiceException INVALID_ARGUMENT naming the bad setting */
  public static void validate(RetryPolicy policy) {
    if (policy.getMaximumAttempts() == 1) {
      // One attempt means no retries: the rest does not matter.
      return;
    }
    durationProblem(policy.getInitialInterval()).ifPresent(p -> {
      throw Errors.invalidArgument("invalid InitialInterval set on retry policy: cause: " + p);
    });
    if (policy.getBackoffCoefficient() < 1) {
      throw Errors.invalidArgument("BackoffCoefficient cannot be less than 1 on retry policy.");
    }
    durationProblem(policy.getMaximumInterval()).ifPresent(p -> {
      throw Errors.invalidArgument("invalid MaximumInterval set on retry policy: cause: " + p);
    });
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

  /** Why a duration is not acceptable as a timeout or interval (Temporal's ValidateAndCapProtoDuration). */
  public static java.util.Optional<String> durationProblem(Duration d) {
    long seconds = d.getSeconds();
    int nanos = d.getNanos();
    if ((seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) {
      return java.util.Optional.of("duration has seconds and nanos with different signs");
    }
    if (seconds < 0 || nanos < 0) {
      return java.util.Optional.of("negative duration");
    }
    return java.util.Optional.empty();
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
      out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
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
