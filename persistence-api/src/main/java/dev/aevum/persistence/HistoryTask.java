package dev.aevum.persistence;

import java.util.Objects;

/**
 * An outbox task written in the same transaction as the state change that created it.
 *
 * @param category transfer (run now) or timer (run at {@code fireTimeMs})
 * @param taskId unique and increasing within the shard
 * @param fireTimeMs when a timer task is due; 0 for transfer tasks
 * @param data the serialized task (opaque to the store)
 */
public record HistoryTask(Category category, long taskId, long fireTimeMs, byte[] data) {
  public HistoryTask {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(data, "data");
  }

  /** Outbox queues of a history shard. */
  public enum Category {
    TRANSFER,
    TIMER
  }
}
