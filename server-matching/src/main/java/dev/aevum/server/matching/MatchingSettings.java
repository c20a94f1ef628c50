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
 * @param backlogPageSize how many persisted backlog tasks a queue reads, and keeps in memory, at
 *     once
 * @param queryDispatchTimeout longest a query task waits for a poller to take it (less when the
 *     caller's deadline is nearer), and for the worker's answer when the caller set no deadline
 *     (Temporal: {@code matching.queryPollerUnavailableWindow}, 20 s)
 * @param deferredTaskWait how long a task added to a normal queue with no poller waiting is held in
 *     memory, its AddTask call unanswered, before it is written to the backlog; zero writes at
 *     once. Nothing is lost meanwhile: history keeps the task in its outbox until AddTask answers.
 * @param maxDeferredTasks how many tasks a queue holds that way; more go to the backlog at once
 */
public record MatchingSettings(
    Duration longPollExpiration,
    Duration stickyPollerWindow,
    Duration historyCallTimeout,
    Duration startRetryBackoff,
    int backlogPageSize,
    Duration queryDispatchTimeout,
    Duration deferredTaskWait,
    int maxDeferredTasks) {

  public MatchingSettings(
      Duration longPollExpiration,
      Duration stickyPollerWindow,
      Duration historyCallTimeout,
      Duration startRetryBackoff,
      int backlogPageSize,
      Duration queryDispatchTimeout) {
    this(
        longPollExpiration,
        stickyPollerWindow,
        historyCallTimeout,
        startRetryBackoff,
        backlogPageSize,
        queryDispatchTimeout,
        DEFAULT_DEFERRED_TASK_WAIT,
        DEFAULT_MAX_DEFERRED_TASKS);
  }

  static final Duration DEFAULT_DEFERRED_TASK_WAIT = Duration.ofSeconds(10);
  static final int DEFAULT_MAX_DEFERRED_TASKS = 1000;

  public MatchingSettings {
    requirePositive(longPollExpiration, "longPollExpiration");
    requirePositive(stickyPollerWindow, "stickyPollerWindow");
    requirePositive(historyCallTimeout, "historyCallTimeout");
    requirePositive(startRetryBackoff, "startRetryBackoff");
    if (backlogPageSize < 1) {
      throw new IllegalArgumentException(
          "backlogPageSize must be at least 1, got " + backlogPageSize);
    }
    requirePositive(queryDispatchTimeout, "queryDispatchTimeout");
    Objects.requireNonNull(deferredTaskWait, "deferredTaskWait");
    if (deferredTaskWait.isNegative()) {
      throw new IllegalArgumentException(
          "deferredTaskWait must not be negative, got " + deferredTaskWait);
    }
    if (maxDeferredTasks < 0) {
      throw new IllegalArgumentException(
          "maxDeferredTasks must not be negative, got " + maxDeferredTasks);
    }
  }

  public static MatchingSettings defaults() {
    return new MatchingSettings(
        Duration.ofSeconds(60),
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        Duration.ofSeconds(1),
        1000,
        Duration.ofSeconds(20));
  }

  public MatchingSettings withLongPollExpiration(Duration value) {
    return new MatchingSettings(
        value,
        stickyPollerWindow,
        historyCallTimeout,
        startRetryBackoff,
        backlogPageSize,
        queryDispatchTimeout,
        deferredTaskWait,
        maxDeferredTasks);
  }

  public MatchingSettings withStickyPollerWindow(Duration value) {
    return new MatchingSettings(
        longPollExpiration,
        value,
        historyCallTimeout,
        startRetryBackoff,
        backlogPageSize,
        queryDispatchTimeout,
        deferredTaskWait,
        maxDeferredTasks);
  }

  public MatchingSettings withStartRetryBackoff(Duration value) {
    return new MatchingSettings(
        longPollExpiration,
        stickyPollerWindow,
        historyCallTimeout,
        value,
        backlogPageSize,
        queryDispatchTimeout,
        deferredTaskWait,
        maxDeferredTasks);
  }

  public MatchingSettings withBacklogPageSize(int value) {
    return new MatchingSettings(
        longPollExpiration,
        stickyPollerWindow,
        historyCallTimeout,
        startRetryBackoff,
        value,
        queryDispatchTimeout,
        deferredTaskWait,
        maxDeferredTasks);
  }

  public MatchingSettings withQueryDispatchTimeout(Duration value) {
    return new MatchingSettings(
        longPollExpiration,
        stickyPollerWindow,
        historyCallTimeout,
        startRetryBackoff,
        backlogPageSize,
        value,
        deferredTaskWait,
        maxDeferredTasks);
  }

  /** Zero turns deferral off: a task with no waiting poller is written to the backlog at once. */
  public MatchingSettings withDeferredTaskWait(Duration value) {
    return new MatchingSettings(
        longPollExpiration,
        stickyPollerWindow,
        historyCallTimeout,
        startRetryBackoff,
        backlogPageSize,
        queryDispatchTimeout,
        value,
        maxDeferredTasks);
  }

  public MatchingSettings withMaxDeferredTasks(int value) {
    return new MatchingSettings(
        longPollExpiration,
        stickyPollerWindow,
        historyCallTimeout,
        startRetryBackoff,
        backlogPageSize,
        queryDispatchTimeout,
        deferredTaskWait,
        value);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
