package dev.aevum.server.history.internal.queue;

import dev.aevum.persistence.HistoryTask;
import dev.aevum.server.history.internal.execution.ShardContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes executed outbox tasks in batches, one statement per shard and category every
 * {@link #FLUSH_MS}, instead of one write per task. A task whose deletion is lost (a crash in
 * between) runs again after a restart and is found stale.
 */
final class CompletedTasks {
  private static final Logger log = LoggerFactory.getLogger(CompletedTasks.class);
  static final long FLUSH_MS = 200;

  private record Key(ShardContext shard, HistoryTask.Category category) {}

  private final Map<Key, List<Long>> pending = new HashMap<>();

  CompletedTasks(ScheduledExecutorService executor) {
    executor.scheduleWithFixedDelay(this::flush, FLUSH_MS, FLUSH_MS, TimeUnit.MILLISECONDS);
  }

  synchronized void add(ShardContext shard, HistoryTask task) {
    pending.computeIfAbsent(new Key(shard, task.category()), k -> new ArrayList<>()).add(task.taskId());
  }

  void flush() {
    Map<Key, List<Long>> batch;
    synchronized (this) {
      if (pending.isEmpty()) {
        return;
      }
      batch = new HashMap<>(pending);
      pending.clear();
    }
    batch.forEach((key, ids) -> {
      try {
        key.shard().store().deleteTasks(key.shard().shardId(), key.category(), ids);
      } catch (RuntimeException e) {
        log.debug("could not delete {} outbox tasks of shard {}: {}", ids.size(), key.shard().shardId(), e.toString());
      }
    });
  }
}
