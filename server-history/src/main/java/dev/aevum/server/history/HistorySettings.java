package dev.aevum.server.history;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the history role. Defaults follow Temporal's dynamic-config defaults.
 *
 * @param numHistoryShards fixed for the life of a cluster
 * @param defaultWorkflowTaskTimeout used when a start request sets none
 * @param maxWorkflowTaskTimeout upper bound of a workflow task's start-to-close timeout
 * @param longPollExpiration how long GetWorkflowExecutionHistory with wait_new_event waits
 * @param historyMaxPageSize events per history page
 * @param historyCountLimit events after which a workflow is terminated
 * @param historySizeLimitBytes history bytes after which a workflow is terminated
 * @param blobSizeLimitBytes the largest payload a command may carry
 * @param pendingActivitiesLimit the most activities a workflow may have pending
 * @param cacheSize mutable states cached per shard
 * @param outboxRetry how failing outbox (transfer and timer) tasks are retried and when they give
 *     up
 */
public record HistorySettings(
    int numHistoryShards,
    Duration defaultWorkflowTaskTimeout,
    Duration maxWorkflowTaskTimeout,
    Duration longPollExpiration,
    int historyMaxPageSize,
    int historyCountLimit,
    long historySizeLimitBytes,
    int blobSizeLimitBytes,
    int pendingActivitiesLimit,
    int cacheSize,
    OutboxRetry outboxRetry) {

  /**
   * Retries of outbox tasks. A task that fails because something is unreachable (the database,
   * another role) is retried for as long as it takes, backing off up to {@code
   * maxTransientBackoff}; one that fails in a way retrying cannot fix backs off up to {@code
   * maxPermanentBackoff} and is abandoned after {@code maxPermanentAttempts} attempts (Temporal
   * moves such tasks to its DLQ after 70 attempts, about an hour), its run terminated with the
   * cause as the reason.
   */
  public record OutboxRetry(
      Duration initialBackoff,
      Duration maxTransientBackoff,
      Duration maxPermanentBackoff,
      int maxPermanentAttempts) {
    public OutboxRetry {
      Objects.requireNonNull(initialBackoff, "initialBackoff");
      Objects.requireNonNull(maxTransientBackoff, "maxTransientBackoff");
      Objects.requireNonNull(maxPermanentBackoff, "maxPermanentBackoff");
      if (initialBackoff.isNegative() || initialBackoff.isZero()) {
        throw new IllegalArgumentException(
            "initialBackoff must be positive, got " + initialBackoff);
      }
      if (maxPermanentAttempts < 1) {
        throw new IllegalArgumentException(
            "maxPermanentAttempts must be at least 1, got " + maxPermanentAttempts);
      }
    }

    public static OutboxRetry defaults() {
      return new OutboxRetry(
          Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMinutes(1), 70);
    }
  }

  public HistorySettings(
      int numHistoryShards,
      Duration defaultWorkflowTaskTimeout,
      Duration maxWorkflowTaskTimeout,
      Duration longPollExpiration,
      int historyMaxPageSize,
      int historyCountLimit,
      long historySizeLimitBytes,
      int blobSizeLimitBytes,
      int pendingActivitiesLimit,
      int cacheSize) {
    this(
        numHistoryShards,
        defaultWorkflowTaskTimeout,
        maxWorkflowTaskTimeout,
        longPollExpiration,
        historyMaxPageSize,
        historyCountLimit,
        historySizeLimitBytes,
        blobSizeLimitBytes,
        pendingActivitiesLimit,
        cacheSize,
        OutboxRetry.defaults());
  }

  public HistorySettings {
    Objects.requireNonNull(outboxRetry, "outboxRetry");
    if (numHistoryShards < 1) {
      throw new IllegalArgumentException(
          "numHistoryShards must be at least 1, got " + numHistoryShards);
    }
    Objects.requireNonNull(defaultWorkflowTaskTimeout, "defaultWorkflowTaskTimeout");
    Objects.requireNonNull(maxWorkflowTaskTimeout, "maxWorkflowTaskTimeout");
    Objects.requireNonNull(longPollExpiration, "longPollExpiration");
  }

  public static HistorySettings defaults() {
    return new HistorySettings(
        4,
        Duration.ofSeconds(10),
        Duration.ofSeconds(120),
        Duration.ofSeconds(20),
        256,
        51_200,
        50L * 1024 * 1024,
        2 * 1024 * 1024,
        2000,
        10_000);
  }

  public HistorySettings withNumHistoryShards(int shards) {
    return new HistorySettings(
        shards,
        defaultWorkflowTaskTimeout,
        maxWorkflowTaskTimeout,
        longPollExpiration,
        historyMaxPageSize,
        historyCountLimit,
        historySizeLimitBytes,
        blobSizeLimitBytes,
        pendingActivitiesLimit,
        cacheSize,
        outboxRetry);
  }

  public HistorySettings withLongPollExpiration(Duration expiration) {
    return new HistorySettings(
        numHistoryShards,
        defaultWorkflowTaskTimeout,
        maxWorkflowTaskTimeout,
        expiration,
        historyMaxPageSize,
        historyCountLimit,
        historySizeLimitBytes,
        blobSizeLimitBytes,
        pendingActivitiesLimit,
        cacheSize,
        outboxRetry);
  }

  public HistorySettings withOutboxRetry(OutboxRetry retry) {
    return new HistorySettings(
        numHistoryShards,
        defaultWorkflowTaskTimeout,
        maxWorkflowTaskTimeout,
        longPollExpiration,
        historyMaxPageSize,
        historyCountLimit,
        historySizeLimitBytes,
        blobSizeLimitBytes,
        pendingActivitiesLimit,
        cacheSize,
        retry);
  }
}
