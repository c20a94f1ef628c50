package dev.aevum.server.history.internal.retry;

import com.google.protobuf.Duration;
import com.google.protobuf.util.Durations;
import dev.aevum.server.common.validation.RetryPolicyRules;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.failure.v1.Failure;

/** Temporal's retry rules: defaults, backoff and which failures may be retried. */
public final class RetryPolicies {
  private RetryPolicies() {}

  /**
   * Temporal's defaults for unset fields ({@link RetryPolicyRules#withDefaults}, shared with the
   * frontend).
   */
  public static RetryPolicy withDefaults(RetryPolicy policy) {
    return RetryPolicyRules.withDefaults(policy);
  }

  /** The delay before attempt {@code attempt + 1}, after attempt {@code attempt} failed. */
  public static long backoffMs(RetryPolicy policy, int attempt, Failure failure) {
    if (failure.hasApplicationFailureInfo()
        && failure.getApplicationFailureInfo().hasNextRetryDelay()) {
      return Durations.toMillis(failure.getApplicationFailureInfo().getNextRetryDelay());
    }
    double initial = Durations.toMillis(policy.getInitialInterval());
    double backoff = initial * Math.pow(policy.getBackoffCoefficient(), attempt - 1);
    long max = Durations.toMillis(policy.getMaximumInterval());
    return (long) Math.min(backoff, max > 0 ? max : Double.MAX_VALUE);
  }

  /** True if this failure type is not marked non-retryable by the failure or the policy. */
  public static boolean isRetryable(RetryPolicy policy, Failure failure) {
    if (failure.hasApplicationFailureInfo()) {
      var info = failure.getApplicationFailureInfo();
      if (info.getNonRetryable()) {
        return false;
      }
      return !policy.getNonRetryableErrorTypesList().contains(info.getType());
    }
    if (failure.hasTimeoutFailureInfo()) {
      return !policy
          .getNonRetryableErrorTypesList()
          .contains(
              "TemporalTimeout:" + timeoutName(failure.getTimeoutFailureInfo().getTimeoutType()));
    }
    return true;
  }

  /** True if another attempt is allowed by maximum_attempts. */
  public static boolean hasAttemptsLeft(RetryPolicy policy, int attempt) {
    return policy.getMaximumAttempts() == 0 || attempt < policy.getMaximumAttempts();
  }

  public static Duration millis(long ms) {
    return Durations.fromMillis(ms);
  }

  /** Temporal's short name of a timeout type, as in "activity StartToClose timeout". */
  public static String timeoutName(TimeoutType type) {
    return RetryPolicyRules.timeoutName(type);
  }
}
