package dev.aevum.server.history.internal.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Durations;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.failure.v1.ApplicationFailureInfo;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.failure.v1.TimeoutFailureInfo;
import org.junit.jupiter.api.Test;

class RetryPoliciesTest {
  private static final Failure PLAIN =
      Failure.newBuilder()
          .setMessage("boom")
          .setApplicationFailureInfo(ApplicationFailureInfo.newBuilder().setType("Boom"))
          .build();

  @Test
  void defaultsFollowTemporal() {
    RetryPolicy policy = RetryPolicies.withDefaults(RetryPolicy.getDefaultInstance());
    assertThat(Durations.toMillis(policy.getInitialInterval())).isEqualTo(1000);
    assertThat(policy.getBackoffCoefficient()).isEqualTo(2.0);
    assertThat(Durations.toMillis(policy.getMaximumInterval())).isEqualTo(100_000);
    assertThat(policy.getMaximumAttempts()).isZero();
  }

  @Test
  void backoffGrowsExponentiallyUpToTheMaximum() {
    RetryPolicy policy =
        RetryPolicies.withDefaults(
            RetryPolicy.newBuilder()
                .setInitialInterval(Durations.fromMillis(100))
                .setMaximumInterval(Durations.fromMillis(500))
                .build());
    assertThat(RetryPolicies.backoffMs(policy, 1, PLAIN)).isEqualTo(100);
    assertThat(RetryPolicies.backoffMs(policy, 2, PLAIN)).isEqualTo(200);
    assertThat(RetryPolicies.backoffMs(policy, 3, PLAIN)).isEqualTo(400);
    assertThat(RetryPolicies.backoffMs(policy, 4, PLAIN)).isEqualTo(500);
  }

  @Test
  void nextRetryDelayOfTheFailureWins() {
    RetryPolicy policy = RetryPolicies.withDefaults(RetryPolicy.getDefaultInstance());
    Failure withDelay =
        PLAIN.toBuilder()
            .setApplicationFailureInfo(
                PLAIN.getApplicationFailureInfo().toBuilder()
                    .setNextRetryDelay(Durations.fromMillis(7)))
            .build();
    assertThat(RetryPolicies.backoffMs(policy, 5, withDelay)).isEqualTo(7);
  }

  @Test
  void nonRetryableFailuresAndTypesAreNotRetried() {
    RetryPolicy policy = RetryPolicy.newBuilder().addNonRetryableErrorTypes("Boom").build();
    assertThat(RetryPolicies.isRetryable(policy, PLAIN)).isFalse();
    assertThat(RetryPolicies.isRetryable(RetryPolicy.getDefaultInstance(), PLAIN)).isTrue();
    Failure flagged =
        PLAIN.toBuilder()
            .setApplicationFailureInfo(
                PLAIN.getApplicationFailureInfo().toBuilder().setNonRetryable(true))
            .build();
    assertThat(RetryPolicies.isRetryable(RetryPolicy.getDefaultInstance(), flagged)).isFalse();
    Failure timeout =
        Failure.newBuilder()
            .setTimeoutFailureInfo(
                TimeoutFailureInfo.newBuilder()
                    .setTimeoutType(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE))
            .build();
    assertThat(
            RetryPolicies.isRetryable(
                RetryPolicy.newBuilder()
                    .addNonRetryableErrorTypes("TemporalTimeout:StartToClose")
                    .build(),
                timeout))
        .isFalse();
  }

  @Test
  void maximumAttemptsCountsTheFirstAttempt() {
    RetryPolicy three = RetryPolicy.newBuilder().setMaximumAttempts(3).build();
    assertThat(RetryPolicies.hasAttemptsLeft(three, 2)).isTrue();
    assertThat(RetryPolicies.hasAttemptsLeft(three, 3)).isFalse();
    assertThat(RetryPolicies.hasAttemptsLeft(RetryPolicy.getDefaultInstance(), 1000)).isTrue();
  }
}
