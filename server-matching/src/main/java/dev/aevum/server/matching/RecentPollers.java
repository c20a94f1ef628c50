package dev.aevum.server.matching;

import com.google.protobuf.Timestamp;
import io.temporal.api.taskqueue.v1.PollerInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who polled each task queue lately, for DescribeTaskQueue. Kept apart from {@link TaskQueue} so it
 * survives a lease change or the unloading of an idle sticky queue.
 */
final class RecentPollers {
  /** How long a poller stays listed after its last poll (Temporal: matching.PollerHistoryTTL). */
  static final long TTL_MILLIS = 5 * 60 * 1000;

  /** Temporal reports this rate for pollers that set no limit (defaultTaskDispatchRPS). */
  static final double DEFAULT_RATE_PER_SECOND = 100_000.0;

  /** Bounds the identities kept per queue, like Temporal's poller history cache. */
  private static final int MAX_PER_QUEUE = 1000;

  private record Seen(long lastAccessMillis, double ratePerSecond) {}

  private final ConcurrentHashMap<QueueId, Map<String, Seen>> byQueue = new ConcurrentHashMap<>();

  /** Notes a poll; polls without an identity are not listed (as in Temporal). */
  void record(QueueId id, String identity, double ratePerSecond, long nowMillis) {
    if (identity.isEmpty()) {
      return;
    }
    // compute(): atomic with prune(), which drops empty maps.
    byQueue.compute(
        id,
        (k, seen) -> {
          Map<String, Seen> map = seen == null ? new ConcurrentHashMap<>() : seen;
          map.put(identity, new Seen(nowMillis, ratePerSecond));
          if (map.size() > MAX_PER_QUEUE) {
            map.values().removeIf(s -> s.lastAccessMillis() < nowMillis - TTL_MILLIS);
          }
          return map;
        });
  }

  /** The pollers of a queue seen within the TTL, most recent first. */
  List<PollerInfo> list(QueueId id, long nowMillis) {
    Map<String, Seen> seen = byQueue.getOrDefault(id, Map.of());
    long since = nowMillis - TTL_MILLIS;
    return seen.entrySet().stream()
        .filter(e -> e.getValue().lastAccessMillis() > since)
        .sorted(
            Comparator.comparingLong((Map.Entry<String, Seen> e) -> e.getValue().lastAccessMillis())
                .reversed())
        .map(
            e ->
                PollerInfo.newBuilder()
                    .setIdentity(e.getKey())
                    .setLastAccessTime(timestamp(e.getValue().lastAccessMillis()))
                    .setRatePerSecond(e.getValue().ratePerSecond())
                    .build())
        .toList();
  }

  /** Forgets pollers past the TTL, and queues left with none. */
  void prune(long nowMillis) {
    long since = nowMillis - TTL_MILLIS;
    for (QueueId id : byQueue.keySet()) {
      byQueue.computeIfPresent(
          id,
          (k, seen) -> {
            seen.values().removeIf(s -> s.lastAccessMillis() <= since);
            return seen.isEmpty() ? null : seen;
          });
    }
  }

  private static Timestamp timestamp(long millis) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(millis, 1000))
        .setNanos((int) Math.floorMod(millis, 1000) * 1_000_000)
        .build();
  }
}
