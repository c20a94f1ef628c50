package dev.aevum.persistence;

import java.util.List;
import java.util.Objects;

/**
 * What one run contributes to a transaction: its new row, the history batches to append and the
 * outbox tasks to insert.
 */
public record ExecutionWrite(ExecutionRecord execution, List<HistoryBatch> history, List<HistoryTask> tasks) {
  public ExecutionWrite {
    Objects.requireNonNull(execution, "execution");
    history = List.copyOf(history);
    tasks = List.copyOf(tasks);
  }
}
