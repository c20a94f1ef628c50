package dev.aevum.persistence.sql.internal;

import dev.aevum.persistence.CurrentExecution;
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
      Connection c, int shardId, String namespaceId, String workflowId, String lockSuffix)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT run_id, create_request_id, state, status, start_time_ms FROM current_executions WHERE "
                + WORKFLOW_KEY
                + lockSuffix)) {
      s.setInt(1, shardId);
      s.setString(2, namespaceId);
      s.setString(3, workflowId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return null;
        }
        return new CurrentExecution(
            r.getString(1), r.getString(2), r.getInt(3), r.getInt(4), r.getLong(5));
      }
    }
  }

  static void bindCurrentValues(PreparedStatement s, int first, CurrentExecution current)
      throws SQLException {
    s.setString(first, current.runId());
    s.setString(first + 1, current.createRequestId());
    s.setInt(first + 2, current.state());
    s.setInt(first + 3, current.status());
    s.setLong(first + 4, current.startTimeMs());
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

  static void bindRun(
      PreparedStatement s, int shardId, String namespaceId, String workflowId, String runId)
      throws SQLException {
    bindRun(s, 1, shardId, namespaceId, workflowId, runId);
  }

  static void bindRun(
      PreparedStatement s,
      int first,
      int shardId,
      String namespaceId,
      String workflowId,
      String runId)
      throws SQLException {
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
