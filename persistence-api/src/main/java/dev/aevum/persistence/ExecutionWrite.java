package dev.aevum.persistence;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one run contributes to a transaction: its new row, the history batches to append, the outbox
 * tasks to insert and, when what listings show of it changed, its new visibility row.
 */
public record ExecutionWrite(
    ExecutionRecord execution,
    List<HistoryBatch> history,
    List<HistoryTask> tasks,
    Optional<VisibilityRecord> visibility) {

  public ExecutionWrite {
    Objects.requireNonNull(execution, "execution");
    history = List.copyOf(history);
    tasks = List.copyOf(tasks);
    Objects.requireNonNull(visibility, "visibility");
    // The row may be listed under a namespace id of its own (a standalone activity's is), but it
    // is this run's.
    visibility.ifPresent(
        v -> {
          if (!v.runId().equals(execution.runId())) {
            throw new IllegalArgumentException(
                "visibility row of run " + v.runId() + " given with run " + execution.runId());
          }
        });
  }

  /** A write that leaves the run's visibility row as it is. */
  public ExecutionWrite(
      ExecutionRecord execution, List<HistoryBatch> history, List<HistoryTask> tasks) {
    this(execution, history, tasks, Optional.empty());
  }
}
