package dev.aevum.persistence.sql.internal;

import dev.aevum.persistence.VisibilityAttribute;
import dev.aevum.persistence.VisibilityRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** Writes and deletes visibility rows inside the execution store's transactions. */
final class VisibilityRows {
  private VisibilityRows() {}

  /** Upserts several rows (and replaces their attributes) with one statement per table. */
  static void upsert(Connection c, List<VisibilityRecord> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(UPSERT)) {
      for (VisibilityRecord v : rows) {
        bindRow(s, v);
        s.addBatch();
      }
      s.executeBatch();
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "DELETE FROM visibility_attributes WHERE namespace_id = ? AND run_id = ?")) {
      for (VisibilityRecord v : rows) {
        s.setString(1, v.namespaceId());
        s.setString(2, v.runId());
        s.addBatch();
      }
      s.executeBatch();
    }
    if (rows.stream().allMatch(v -> v.attributes().isEmpty())) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(INSERT_ATTRIBUTE)) {
      for (VisibilityRecord v : rows) {
        bindAttributes(s, v);
      }
      s.executeBatch();
    }
  }

  private static final String UPSERT =
      "INSERT INTO visibility (namespace_id, run_id, workflow_id, workflow_type, task_queue, status,"
          + " start_time_ms, execution_time_ms, close_time_ms, history_length, info)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (namespace_id, run_id) DO UPDATE SET workflow_id = excluded.workflow_id,"
          + " workflow_type = excluded.workflow_type, task_queue = excluded.task_queue, status = excluded.status,"
          + " start_time_ms = excluded.start_time_ms, execution_time_ms = excluded.execution_time_ms,"
          + " close_time_ms = excluded.close_time_ms, history_length = excluded.history_length,"
          + " info = excluded.info";

  private static final String INSERT_ATTRIBUTE =
      "INSERT INTO visibility_attributes (namespace_id, run_id, name, seq, kind, text_value, number_value)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)";

  private static void bindRow(PreparedStatement s, VisibilityRecord v) throws SQLException {
    s.setString(1, v.namespaceId());
    s.setString(2, v.runId());
    s.setString(3, v.workflowId());
    s.setString(4, v.workflowType());
    s.setString(5, v.taskQueue());
    s.setInt(6, v.status());
    s.setLong(7, v.startTimeMs());
    s.setLong(8, v.executionTimeMs());
    if (v.closeTimeMs().isPresent()) {
      s.setLong(9, v.closeTimeMs().getAsLong());
    } else {
      s.setNull(9, Types.BIGINT);
    }
    s.setLong(10, v.historyLength());
    s.setBytes(11, v.info());
  }

  private static void bindAttributes(PreparedStatement s, VisibilityRecord v) throws SQLException {
    int seq = 0;
    for (VisibilityAttribute a : v.attributes()) {
      s.setString(1, v.namespaceId());
      s.setString(2, v.runId());
      s.setString(3, a.name());
      s.setInt(4, seq++);
      s.setString(5, a.kind());
      if (a.text().isPresent()) {
        s.setString(6, a.text().get());
        s.setNull(7, Types.DOUBLE);
      } else {
        s.setNull(6, Types.VARCHAR);
        s.setDouble(7, a.number().getAsDouble());
      }
      s.addBatch();
    }
  }

  static void delete(Connection c, String namespaceId, String runId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM visibility WHERE namespace_id = ? AND run_id = ?")) {
      s.setString(1, namespaceId);
      s.setString(2, runId);
      s.executeUpdate();
    }
    deleteAttributes(c, namespaceId, runId);
  }

  private static void deleteAttributes(Connection c, String namespaceId, String runId)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "DELETE FROM visibility_attributes WHERE namespace_id = ? AND run_id = ?")) {
      s.setString(1, namespaceId);
      s.setString(2, runId);
      s.executeUpdate();
    }
  }
}
