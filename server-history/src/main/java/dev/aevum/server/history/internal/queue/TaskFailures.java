package dev.aevum.server.history.internal.queue;

import dev.aevum.persistence.PersistenceException;
import dev.aevum.server.common.ServiceException;
import dev.aevum.server.history.HistorySettings;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;

/** How an outbox task's failure is judged and when the task runs again. */
final class TaskFailures {
  private TaskFailures() {}

  /**
   * True if running the task again cannot succeed: the database rejected the data, a role answered
   * that the request is wrong, or the code failed. False when something was unreachable or busy.
   */
  static boolean isPermanent(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof PersistenceException p) {
      return !p.isTransient();
    }
    if (t instanceof ServiceException s) {
      return isPermanent(s.code());
    }
    if (t instanceof StatusRuntimeException || t instanceof StatusException) {
      return isPermanent(Status.fromThrowable(t).getCode());
    }
    return true; // a bug: the same input will hit it again
  }

  private static boolean isPermanent(Status.Code code) {
    return switch (code) {
      case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, CANCELLED -> false;
      default -> true;
    };
  }

  /**
   * The wait before attempt {@code failures + 1}: doubling from the initial backoff, with jitter.
   */
  static long backoffMillis(HistorySettings.OutboxRetry retry, int failures, boolean permanent) {
    long max = (permanent ? retry.maxPermanentBackoff() : retry.maxTransientBackoff()).toMillis();
    long base = retry.initialBackoff().toMillis() << Math.min(20, Math.max(0, failures - 1));
    long capped = Math.max(1, Math.min(max, base));
    // +-20% so that tasks failing together do not retry in lockstep
    return Math.max(1, capped + ThreadLocalRandom.current().nextLong(-capped / 5, capped / 5 + 1));
  }

  /** Log the failure at warn on these attempts only, so an outage does not flood the log. */
  static boolean worthWarning(int failures, boolean permanent) {
    if (permanent) {
      return Integer.bitCount(failures) == 1; // 1, 2, 4, 8, ...
    }
    return failures == 5 || (failures > 5 && failures % 50 == 0);
  }
}
