package dev.aevum.persistence.sql.internal;

import static dev.aevum.persistence.sql.internal.ExecutionRows.RUN_KEY;
import static dev.aevum.persistence.sql.internal.ExecutionRows.bindRun;
import static dev.aevum.persistence.sql.internal.ExecutionRows.code;
import static dev.aevum.persistence.sql.internal.ExecutionRows.readBatches;
import static dev.aevum.persistence.sql.internal.ExecutionRows.selectCurrent;

import dev.aevum.persistence.CreateExecutionRequest;
import dev.aevum.persistence.CurrentExecution;
import dev.aevum.persistence.ExecutionMutation;
import dev.aevum.persistence.ExecutionRecord;
import dev.aevum.persistence.ExecutionStore;
import dev.aevum.persistence.ExecutionWrite;
import dev.aevum.persistence.HistoryBatch;
import dev.aevum.persistence.HistoryTask;
import dev.aevum.persistence.OutboxDeletion;
import dev.aevum.persistence.UpdateExecutionRequest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** Runs, their current-run pointers, history batches and outbox tasks. */
final class SqlExecutionStore implements ExecutionStore {
  private final Db db;

  SqlExecutionStore(Db db) {
    this.db = db;
  }

  @Override
  public Optional<CurrentExecution> getCurrentExecution(
      int shardId, String namespaceId, String workflowId) {
    validateWorkflow(shardId, namespaceId, workflowId);
    return db.read(
        "current_run_read",
        "read current run of " + workflowId,
        c -> Optional.ofNullable(selectCurrent(c, shardId, namespaceId, workflowId, "")));
  }

  @Override
  public Optional<ExecutionRecord> getExecution(
      int shardId, String namespaceId, String workflowId, String runId) {
    validateWorkflow(shardId, namespaceId, workflowId);
    Args.text(runId, "runId");
    return db.read(
        "run_read",
        "read run " + workflowId + "/" + runId,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT next_event_id, db_version, state, status, data FROM executions WHERE "
                      + RUN_KEY)) {
            bindRun(s, shardId, namespaceId, workflowId, runId);
            try (ResultSet r = s.executeQuery()) {
              if (!r.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new ExecutionRecord(
                      namespaceId,
                      workflowId,
                      runId,
                      r.getLong(1),
                      r.getLong(2),
                      r.getInt(3),
                      r.getInt(4),
                      r.getBytes(5)));
            }
          }
        });
  }

  @Override
  public void createExecution(CreateExecutionRequest request) {
    apply(List.of(Args.notNull(request, "request")), List.of());
  }

  private static void validateCreate(CreateExecutionRequest request) {
    Args.notNull(request, "request");
    Args.nonNegative(request.shardId(), "request.shardId");
    Args.positive(request.rangeId(), "request.rangeId");
    request.expectedCurrentRunId().ifPresent(id -> Args.text(id, "request.expectedCurrentRunId"));
    validateWrite(request.write(), "request.write");
    validateCurrent(request.current(), "request.current");
    ExecutionRecord run = request.write().execution();
    if (run.dbVersion() != 1) {
      throw new IllegalArgumentException(
          "request.write.execution.dbVersion must be 1 for a new run, got " + run.dbVersion());
    }
    if (!request.current().runId().equals(run.runId())) {
      throw new IllegalArgumentException(
          "request.current.runId "
              + request.current().runId()
              + " must be the new run's id "
              + run.runId());
    }
  }

  @Override
  public void updateExecution(UpdateExecutionRequest request) {
    apply(List.of(Args.notNull(request, "request")), List.of());
  }

  private static void validateUpdate(UpdateExecutionRequest request) {
    Args.notNull(request, "request");
    Args.nonNegative(request.shardId(), "request.shardId");
    Args.positive(request.rangeId(), "request.rangeId");
    validateWrite(request.write(), "request.write");
    request.current().ifPresent(current -> validateCurrent(current, "request.current"));
    request
        .newRun()
        .ifPresent(
            newRun -> {
              validateWrite(newRun, "request.newRun");
              if (newRun.execution().dbVersion() != 1) {
                throw new IllegalArgumentException(
                    "request.newRun.execution.dbVersion must be 1, got "
                        + newRun.execution().dbVersion());
              }
            });
    ExecutionRecord run = request.write().execution();
    Args.positive(run.dbVersion(), "request.write.execution.dbVersion");
    request
        .current()
        .ifPresent(
            current -> {
              boolean pointsAtNewRun =
                  request
                      .newRun()
                      .map(n -> n.execution().runId().equals(current.runId()))
                      .orElse(false);
              if (!current.runId().equals(run.runId()) && !pointsAtNewRun) {
                throw new IllegalArgumentException(
                    "request.current.runId "
                        + current.runId()
                        + " must be the updated run's or the new run's id");
              }
            });
  }

  @Override
  public void apply(List<ExecutionMutation> mutations, List<OutboxDeletion> deletions) {
    Args.notNull(mutations, "mutations");
    Args.notNull(deletions, "deletions");
    if (mutations.isEmpty() && deletions.isEmpty()) {
      return;
    }
    // Fencing: each shard's range once, in shard order, before anything is written.
    TreeMap<Integer, Long> ranges = new TreeMap<>();
    for (ExecutionMutation m : mutations) {
      Args.notNull(m, "mutations[]");
      if (m instanceof CreateExecutionRequest create) {
        validateCreate(create);
      } else {
        validateUpdate((UpdateExecutionRequest) m);
      }
      Long held = ranges.putIfAbsent(m.shardId(), m.rangeId());
      if (held != null && held != m.rangeId()) {
        throw new IllegalArgumentException(
            "mutations of shard "
                + m.shardId()
                + " hold range ids "
                + held
                + " and "
                + m.rangeId());
      }
    }
    deletions.forEach(d -> Args.notNull(d, "deletions[]"));
    String what =
        mutations.size() == 1
            ? describe(mutations.get(0))
            : "write " + mutations.size() + " run(s) of shards " + ranges.keySet();
    if (db.dialect() == SqlDialect.POSTGRESQL) {
      try {
        db.write(
            "runs_write",
            what,
            c -> {
              PipelinedBatch.write(c, ranges, mutations, deletions);
              return null;
            });
        return;
      } catch (PipelinedBatch.Deviation e) {
        // A condition or a statement failed and nothing was written: the statement-by-statement
        // write below finds the same failure and reports it precisely.
        db.countFallback("runs_write");
      }
    }
    db.write(
        "runs_write",
        what,
        c -> {
          ExecutionBatch.write(c, db.dialect(), ranges, mutations, deletions);
          return null;
        });
  }

  private static String describe(ExecutionMutation m) {
    ExecutionRecord run =
        m instanceof CreateExecutionRequest create
            ? create.write().execution()
            : ((UpdateExecutionRequest) m).write().execution();
    return (m instanceof CreateExecutionRequest ? "create run " : "update run ")
        + run.workflowId()
        + "/"
        + run.runId();
  }

  @Override
  public void deleteExecution(
      int shardId,
      long rangeId,
      String namespaceId,
      String workflowId,
      String runId,
      String visibilityNamespaceId) {
    validateWorkflow(shardId, namespaceId, workflowId);
    Args.positive(rangeId, "rangeId");
    Args.text(runId, "runId");
    db.write(
        "run_delete",
        "delete run " + workflowId + "/" + runId,
        c -> {
          SqlShardStore.checkRange(c, db.dialect(), shardId, rangeId);
          for (String table : List.of("history_node", "executions")) {
            try (PreparedStatement s =
                c.prepareStatement("DELETE FROM " + table + " WHERE " + RUN_KEY)) {
              bindRun(s, shardId, namespaceId, workflowId, runId);
              s.executeUpdate();
            }
          }
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM current_executions WHERE " + RUN_KEY)) {
            bindRun(s, shardId, namespaceId, workflowId, runId);
            s.executeUpdate();
          }
          VisibilityRows.delete(c, visibilityNamespaceId, runId);
          return null;
        });
  }

  @Override
  public List<HistoryBatch> readHistory(
      int shardId,
      String namespaceId,
      String workflowId,
      String runId,
      long fromEventId,
      long toEventIdExclusive,
      int maxBatches) {
    validateWorkflow(shardId, namespaceId, workflowId);
    Args.text(runId, "runId");
    Args.nonNegative(fromEventId, "fromEventId");
    Args.nonNegative(toEventIdExclusive, "toEventIdExclusive");
    Args.positive(maxBatches, "maxBatches");
    return db.read(
        "history_read",
        "read history of " + workflowId + "/" + runId,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT first_event_id, last_event_id, data FROM history_node WHERE "
                      + RUN_KEY
                      + " AND last_event_id >= ? AND first_event_id < ? ORDER BY first_event_id LIMIT ?")) {
            bindRun(s, shardId, namespaceId, workflowId, runId);
            s.setLong(5, fromEventId);
            s.setLong(6, toEventIdExclusive);
            s.setInt(7, maxBatches);
            return readBatches(s);
          }
        });
  }

  @Override
  public List<HistoryBatch> readHistoryReverse(
      int shardId,
      String namespaceId,
      String workflowId,
      String runId,
      long maxEventIdInclusive,
      int maxBatches) {
    validateWorkflow(shardId, namespaceId, workflowId);
    Args.text(runId, "runId");
    Args.nonNegative(maxEventIdInclusive, "maxEventIdInclusive");
    Args.positive(maxBatches, "maxBatches");
    return db.read(
        "history_read",
        "read history of " + workflowId + "/" + runId,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT first_event_id, last_event_id, data FROM history_node WHERE "
                      + RUN_KEY
                      + " AND first_event_id <= ? ORDER BY first_event_id DESC LIMIT ?")) {
            bindRun(s, shardId, namespaceId, workflowId, runId);
            s.setLong(5, maxEventIdInclusive);
            s.setInt(6, maxBatches);
            return readBatches(s);
          }
        });
  }

  @Override
  public List<HistoryTask> loadTasks(
      int shardId, HistoryTask.Category category, long afterTaskId, int limit) {
    Args.nonNegative(shardId, "shardId");
    Args.notNull(category, "category");
    Args.nonNegative(afterTaskId, "afterTaskId");
    Args.positive(limit, "limit");
    return db.read(
        "outbox_tasks_load",
        "load " + category + " tasks of shard " + shardId,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT task_id, fire_time_ms, data FROM history_tasks"
                      + " WHERE shard_id = ? AND category = ? AND task_id > ? ORDER BY task_id LIMIT ?")) {
            s.setInt(1, shardId);
            s.setInt(2, code(category));
            s.setLong(3, afterTaskId);
            s.setInt(4, limit);
            List<HistoryTask> result = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                result.add(new HistoryTask(category, r.getLong(1), r.getLong(2), r.getBytes(3)));
              }
            }
            return result;
          }
        });
  }

  @Override
  public void deleteTasks(int shardId, HistoryTask.Category category, Collection<Long> taskIds) {
    Args.nonNegative(shardId, "shardId");
    Args.notNull(category, "category");
    Args.notNull(taskIds, "taskIds");
    taskIds.forEach(id -> Args.notNull(id, "taskIds[]"));
    if (taskIds.isEmpty()) {
      return;
    }
    db.write(
        "outbox_tasks_delete",
        "delete " + category + " tasks of shard " + shardId,
        c -> {
          ExecutionBatch.deleteTasks(
              c, List.of(new OutboxDeletion(shardId, category, List.copyOf(taskIds))));
          return null;
        });
  }

  // --- argument checks ---

  private static void validateWorkflow(int shardId, String namespaceId, String workflowId) {
    Args.nonNegative(shardId, "shardId");
    Args.text(namespaceId, "namespaceId");
    Args.text(workflowId, "workflowId");
  }

  private static void validateWrite(ExecutionWrite write, String name) {
    Args.notNull(write, name);
    ExecutionRecord run = Args.notNull(write.execution(), name + ".execution");
    Args.text(run.namespaceId(), name + ".execution.namespaceId");
    Args.text(run.workflowId(), name + ".execution.workflowId");
    Args.text(run.runId(), name + ".execution.runId");
    Args.nonNegative(run.nextEventId(), name + ".execution.nextEventId");
    for (HistoryBatch batch : write.history()) {
      Args.notNull(batch, name + ".history[]");
      Args.positive(batch.firstEventId(), name + ".history[].firstEventId");
    }
    for (HistoryTask task : write.tasks()) {
      Args.notNull(task, name + ".tasks[]");
      Args.positive(task.taskId(), name + ".tasks[].taskId");
      Args.nonNegative(task.fireTimeMs(), name + ".tasks[].fireTimeMs");
    }
  }

  private static void validateCurrent(CurrentExecution current, String name) {
    Args.notNull(current, name);
    Args.text(current.runId(), name + ".runId");
    Args.notNull(current.createRequestId(), name + ".createRequestId");
    Args.nonNegative(current.startTimeMs(), name + ".startTimeMs");
  }
}
