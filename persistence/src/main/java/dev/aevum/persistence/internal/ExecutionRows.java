package dev.aevum.persistence.internal;

import dev.aevum.persistence.CurrentExecution;
import dev.aevum.persistence.ExecutionRecord;
import dev.aevum.persistence.ExecutionWrite;
import dev.aevum.persistence.HistoryBatch;
import dev.aevum.persistence.HistoryTask;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The row-level statements the execution store composes into its transactions. */
final class ExecutionRows {
  static final String WORKFLOW_KEY = "shard_id = ? AND namespace_id = ? AND workflow_id = ?";
  static final String RUN_KEY = WORKFLOW_KEY + " AND run_id = ?";

  private ExecutionRows() {}

  static CurrentExecution selectCurrent(
      Connection c, int shardId, String namespaceId, String workflowId, String lockSuffix) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT run_id, create_request_id, state, status, start_time_ms FROM current_executions WHERE "
            + WORKFLOW_KEY + lockSuffix)) {
      s.setInt(1, shardId);
      s.setString(2, namespaceId);
      s.setString(3, workflowId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return null;
        }
        return new CurrentExecution(r.getString(1), r.getString(2), r.getInt(3), r.getInt(4), r.getLong(5));
      }
    }
  }

  /** @return false if a current row already exists (nothing written) */
  static boolean insertCurrentIfAbsent(Connection c, int shardId, ExecutionRecord run, CurrentExecution current)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO current_executions"
            + " (shard_id, namespace_id, workflow_id, run_id, create_request_id, state, status, start_time_ms)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shard_id, namespace_id, workflow_id) DO NOTHING")) {
      s.setInt(1, shardId);
      s.setString(2, run.namespaceId());
      s.setString(3, run.workflowId());
      bindCurrentValues(s, 4, current);
      return s.executeUpdate() == 1;
    }
  }

  static void updateCurrent(Connection c, int shardId, ExecutionRecord run, CurrentExecution current)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE current_executions SET run_id = ?, create_request_id = ?, state = ?, status = ?, start_time_ms = ?"
            + " WHERE " + WORKFLOW_KEY)) {
      bindCurrentValues(s, 1, current);
      s.setInt(6, shardId);
      s.setString(7, run.namespaceId());
      s.setString(8, run.workflowId());
      s.executeUpdate();
    }
  }

  static void bindCurrentValues(PreparedStatement s, int first, CurrentExecution current) throws SQLException {
    s.setString(first, current.runId());
    s.setString(first + 1, current.createRequestId());
    s.setInt(first + 2, current.state());
    s.setInt(first + 3, current.status());
    s.setLong(first + 4, current.startTimeMs());
  }

  /** Locks the run's row and returns its version, or -1 if there is no such run. */
  static long lockRunVersion(Connection c, SqlDialect dialect, int shardId, ExecutionRecord run) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT db_version FROM executions WHERE " + RUN_KEY + dialect.forUpdate())) {
      bindRun(s, shardId, run.namespaceId(), run.workflowId(), run.runId());
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : -1;
      }
    }
  }

  /** Overwrites a run's row; the caller has locked it and checked its version. */
  static void updateRun(Connection c, int shardId, ExecutionRecord run) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE executions SET next_event_id = ?, db_version = ?, state = ?, status = ?, data = ? WHERE " + RUN_KEY)) {
      s.setLong(1, run.nextEventId());
      s.setLong(2, run.dbVersion());
      s.setInt(3, run.state());
      s.setInt(4, run.status());
      s.setBytes(5, run.data());
      bindRun(s, 6, shardId, run.namespaceId(), run.workflowId(), run.runId());
      s.executeUpdate();
    }
  }

  static void insertRun(Connection c, int shardId, ExecutionWrite write) throws SQLException {
    ExecutionRecord run = write.execution();
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO executions (shard_id, namespace_id, workflow_id, run_id,"
            + " next_event_id, db_version, state, status, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      bindRun(s, shardId, run.namespaceId(), run.workflowId(), run.runId());
      s.setLong(5, run.nextEventId());
      s.setLong(6, run.dbVersion());
      s.setInt(7, run.state());
      s.setInt(8, run.status());
      s.setBytes(9, run.data());
      s.executeUpdate();
    }
    insertHistory(c, shardId, run, write.history());
    insertTasks(c, shardId, write.tasks());
    if (write.visibility().isPresent()) {
      VisibilityRows.upsert(c, write.visibility().get());
    }
  }

  static void insertHistory(Connection c, int shardId, ExecutionRecord run, List<HistoryBatch> batches)
      throws SQLException {
    if (batches.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO history_node (shard_id, namespace_id, workflow_id, run_id, first_event_id, last_event_id, data)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (HistoryBatch batch : batches) {
        bindRun(s, shardId, run.namespaceId(), run.workflowId(), run.runId());
        s.setLong(5, batch.firstEventId());
        s.setLong(6, batch.lastEventId());
        s.setBytes(7, batch.data());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  static void insertTasks(Connection c, int shardId, List<HistoryTask> tasks) throws SQLException {
    if (tasks.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO history_tasks (shard_id, category, task_id, fire_time_ms, data) VALUES (?, ?, ?, ?, ?)")) {
      for (HistoryTask task : tasks) {
        s.setInt(1, shardId);
        s.setInt(2, code(task.category()));
        s.setLong(3, task.taskId());
        s.setLong(4, task.fireTimeMs());
        s.setBytes(5, task.data());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  static List<HistoryBatch> readBatches(PreparedStatement s) throws SQLException {
    List<HistoryBatch> result = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        result.add(new HistoryBatch(r.getLong(1), r.getLong(2), r.getBytes(3)));
      }
    }
    return result;
  }

  static void bindRun(PreparedStatement s, int shardId, String namespaceId, String workflowId, String runId)
      throws SQLException {
    bindRun(s, 1, shardId, namespaceId, workflowId, runId);
  }

  static void bindRun(PreparedStatement s, int first, int shardId, String namespaceId, String workflowId,
      String runId) throws SQLException {
    s.setInt(first, shardId);
    s.setString(first + 1, namespaceId);
    s.setString(first + 2, workflowId);
    s.setString(first + 3, runId);
  }

  /** Stable column codes; never the enum ordinal, so reordering the enum cannot corrupt data. */
  static int code(HistoryTask.Category category) {
    return switch (category) {
      case TRANSFER -> 1;
      case TIMER -> 2;
    };
  }
}
