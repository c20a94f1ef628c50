package dev.aevum.persistence;

import java.util.List;
import java.util.Objects;

/** Executed outbox tasks of one shard and category, to delete. */
public record OutboxDeletion(int shardId, HistoryTask.Category category, List<Long> taskIds) {
  public OutboxDeletion {
    Objects.requireNonNull(category, "category");
    taskIds = List.copyOf(taskIds);
  }
}
