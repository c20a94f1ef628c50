package dev.aevum.server.frontend.internal.validation;

import com.google.protobuf.Duration;
import dev.aevum.server.common.validation.RetryPolicyRules;
import io.temporal.api.common.v1.RetryPolicy;

/** Retry policy defaults of starts; validation is shared with history ({@link RetryPolicyRules}). */
public final class RetryPolicies {
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
    RetryPolicyRules.validate(policy);
  }

  private static boolean isZero(Duration d) {
    return d.getSeconds() == 0 && d.getNanos() == 0;
  }
}
