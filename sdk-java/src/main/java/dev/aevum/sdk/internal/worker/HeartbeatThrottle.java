package dev.aevum.sdk.internal.worker;

import java.time.Duration;

/** Lets one heartbeat through per interval; time is passed in so tests need no clock. */
final class HeartbeatThrottle {
  /** Used when the activity has no heartbeat timeout, as in Temporal's SDKs. */
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

  static final Duration MAX_INTERVAL = Duration.ofSeconds(60);

  private final long intervalNanos;
  private long nextAllowed = Long.MIN_VALUE;
  private boolean first = true;

  HeartbeatThrottle(Duration interval) {
    this.intervalNanos = interval.toNanos();
  }

  /**
   * 80% of the heartbeat timeout, so a throttled heartbeat still arrives in time; capped at 60 s.
   */
  static Duration intervalFor(Duration heartbeatTimeout) {
    if (heartbeatTimeout.isZero() || heartbeatTimeout.isNegative()) {
      return DEFAULT_INTERVAL;
    }
    Duration interval = heartbeatTimeout.multipliedBy(4).dividedBy(5);
    return interval.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : interval;
  }

  /** True if a heartbeat may be sent at {@code now}; then the next one waits a full interval. */
  boolean tryAcquire(long now) {
    if (first || now - nextAllowed >= 0) {
      first = false;
      nextAllowed = now + intervalNanos;
      return true;
    }
    return false;
  }

  long nanosUntilNext(long now) {
    return Math.max(0, nextAllowed - now);
  }
}
