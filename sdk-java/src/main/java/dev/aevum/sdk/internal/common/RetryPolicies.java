package dev.aevum.sdk.internal.common;

import dev.aevum.sdk.RetryOptions;
import io.temporal.api.common.v1.RetryPolicy;

/** RetryOptions to the wire's RetryPolicy; unset fields stay unset so the server fills defaults. */
public final class RetryPolicies {
  private RetryPolicies() {}

  public static RetryPolicy toProto(RetryOptions options) {
    RetryPolicy.Builder b = RetryPolicy.newBuilder();
    options.initialInterval().ifPresent(d -> b.setInitialInterval(ProtoTime.toProto(d)));
    options.maximumInterval().ifPresent(d -> b.setMaximumInterval(ProtoTime.toProto(d)));
    if (options.backoffCoefficient() > 0) {
      b.setBackoffCoefficient(options.backoffCoefficient());
    }
    b.setMaximumAttempts(options.maximumAttempts());
    b.addAllNonRetryableErrorTypes(options.doNotRetry());
    return b.build();
  }
}
