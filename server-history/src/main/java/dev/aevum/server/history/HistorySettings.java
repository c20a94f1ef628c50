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
    int cacheSize) {

  public HistorySettings {
    if (numHistoryShards < 1) {
      throw new IllegalArgumentException("numHistoryShards must be at least 1, got " + numHistoryShards);
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
    return new HistorySettings(shards, defaultWorkflowTaskTimeout, maxWorkflowTaskTimeout, longPollExpiration,
        historyMaxPageSize, historyCountLimit, historySizeLimitBytes, blobSizeLimitBytes, pendingActivitiesLimit,
        cacheSize);
  }

  public HistorySettings withLongPollExpiration(Duration expiration) {
    return new HistorySettings(numHistoryShards, defaultWorkflowTaskTimeout, maxWorkflowTaskTimeout, expiration,
        historyMaxPageSize, historyCountLimit, historySizeLimitBytes, blobSizeLimitBytes, pendingActivitiesLimit,
        cacheSize);
  }
}
