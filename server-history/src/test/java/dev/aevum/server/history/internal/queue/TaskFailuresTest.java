package dev.aevum.server.history.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.persistence.PersistenceException;
import dev.aevum.server.common.Errors;
import dev.aevum.server.history.HistorySettings;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class TaskFailuresTest {
  private static final HistorySettings.OutboxRetry RETRY =
      new HistorySettings.OutboxRetry(
          Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMinutes(1), 70);

  @Test
  void unreachableOrBusyIsWorthRetryingForever() {
    assertThat(TaskFailures.isPermanent(new PersistenceException("connection refused"))).isFalse();
    assertThat(TaskFailures.isPermanent(Status.UNAVAILABLE.asRuntimeException())).isFalse();
    assertThat(TaskFailures.isPermanent(Status.DEADLINE_EXCEEDED.asRuntimeException())).isFalse();
    assertThat(TaskFailures.isPermanent(Errors.unavailable("shard not ready"))).isFalse();
    assertThat(
            TaskFailures.isPermanent(
                new ExecutionException(Status.RESOURCE_EXHAUSTED.asRuntimeException())))
        .isFalse();
  }

  @Test
  void rejectedDataAndBugsArePermanent() {
    assertThat(
            TaskFailures.isPermanent(
                new PersistenceException("invalid byte sequence", null, false)))
        .isTrue();
    assertThat(TaskFailures.isPermanent(Status.INVALID_ARGUMENT.asRuntimeException())).isTrue();
    assertThat(TaskFailures.isPermanent(Errors.internal("bug"))).isTrue();
    assertThat(TaskFailures.isPermanent(new IllegalStateException("bug"))).isTrue();
  }

  @Test
  void backoffDoublesWithJitterUpToItsCap() {
    for (int i = 0; i < 50; i++) {
      assertThat(TaskFailures.backoffMillis(RETRY, 1, false)).isBetween(80L, 120L);
      assertThat(TaskFailures.backoffMillis(RETRY, 3, false)).isBetween(320L, 480L);
      assertThat(TaskFailures.backoffMillis(RETRY, 30, false)).isBetween(4000L, 6000L);
      assertThat(TaskFailures.backoffMillis(RETRY, 30, true)).isBetween(48_000L, 72_000L);
    }
  }

  @Test
  void warnsRarelyDuringAnOutage() {
    assertThat(TaskFailures.worthWarning(1, false)).isFalse();
    assertThat(TaskFailures.worthWarning(5, false)).isTrue();
    assertThat(TaskFailures.worthWarning(6, false)).isFalse();
    assertThat(TaskFailures.worthWarning(1, true)).isTrue();
    assertThat(TaskFailures.worthWarning(8, true)).isTrue();
    assertThat(TaskFailures.worthWarning(9, true)).isFalse();
  }
}
