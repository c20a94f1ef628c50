package dev.aevum.server.matching;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the matching role.
 *
 * @param longPollExpiration longest a poll waits for a task before it gets an empty response
 *     (Temporal: {@code matching.longPollExpirationInterval}, 60 s)
 * @param stickyPollerWindow a sticky queue takes tasks only if a poller polled it this recently
 *     (Temporal: 10 s)
 * @param historyCallTimeout deadline of one Record*TaskStarted call to history
 * @param startRetryBackoff how long a task whose start failed with a transient error waits before
 *     it is offered to a poller again
 * @param backlogPageSize how many persisted backlog tasks a queue reads, and keeps in memory, at once
 * @param queryDispatchTimeout longest a query task waits for a poller to take it (less when the
 *     caller's deadline is nearer), and for the worker's answer when the caller set no deadline
 *     (Temporal: {@code matching.queryPollerUnavailableWindow}, 20 s)
 */
public record MatchingSettings(
    Duration longPollExpiration,
    Duration stickyPollerWindow,
    Duration historyCallTimeout,
    Duration startRetryBackoff,
    int backlogPageSize,
    Duration queryDispatchTimeout) {

  public MatchingSettings {
    requirePositive(longPollExpiration, "longPollExpiration");
    requirePositive(stickyPollerWindow, "stickyPollerWindow");
    requirePositive(historyCallTimeout, "historyCallTimeout");
    requirePositive(startRetryBackoff, "startRetryBackoff");
    if (backlogPageSize < 1) {
      throw new IllegalArgumentException("backlogPageSize must be at least 1, got " + backlogPageSize);
    }
    requirePositive(queryDispatchTimeout, "queryDispatchTimeout");
  }

  public static MatchingSettings defaults() {
    return new MatchingSettings(
        Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(1), 1000,
        Duration.ofSeconds(20));
  }

  public MatchingSettings withLongPollExpiration(Duration value) {
    return new MatchingSettings(value, stickyPollerWindow, historyCallTimeout, startRetryBackoff, backlogPageSize, queryDispatchTimeout);
  }

  public MatchingSettings withStickyPollerWindow(Duration value) {
    return new MatchingSettings(longPollExpiration, value, historyCallTimeout, startRetryBackoff, backlogPageSize, queryDispatchTimeout);
  }

  public MatchingSettings withStartRetryBackoff(Duration value) {
    return new MatchingSettings(longPollExpiration, stickyPollerWindow, historyCallTimeout, value, backlogPageSize, queryDispatchTimeout);
  }

  public MatchingSettings withBacklogPageSize(int value) {
    return new MatchingSettings(longPollExpiration, stickyPollerWindow, historyCallTimeout, startRetryBackoff, value, queryDispatchTimeout);
  }

  public MatchingSettings withQueryDispatchTimeout(Duration value) {
    return new MatchingSettings(
        longPollExpiration, stickyPollerWindow, historyCallTimeout, startRetryBackoff, backlogPageSize, value);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
