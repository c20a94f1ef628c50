package dev.aevum.sdk.internal.replay;

import java.time.Duration;

/**
 * A workflow thread ran longer than allowed without yielding: it probably blocked outside the SDK.
 */
public final class PotentialDeadlockException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  PotentialDeadlockException(String thread, Duration timeout, StackTraceElement[] stack) {
    super(
        "workflow thread "
            + thread
            + " did not yield within "
            + timeout
            + "; workflow code must not block on I/O, locks or Thread.sleep (use Workflow.sleep)");
    setStackTrace(stack);
  }
}
