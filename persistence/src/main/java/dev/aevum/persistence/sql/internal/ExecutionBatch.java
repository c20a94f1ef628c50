package dev.aevum.persistence.sql.internal;

import static dev.aevum.persistence.sql.internal.ExecutionRows.RUN_KEY;
import static dev.aevum.persistence.sql.internal.ExecutionRows.WORKFLOW_KEY;
import static dev.aevum.persistence.sql.internal.ExecutionRows.bindCurrentValues;
import static dev.aevum.persistence.sql.internal.ExecutionRows.bindRun;
import static dev.aevum.persistence.sql.internal.ExecutionRows.code;
import static dev.aevum.persistence.sql.internal.ExecutionRows.selectCurrent;

import dev.aevum.persistence.ConditionFailedException;
import dev.aevum.persistence.CreateExecutionRequest;
import dev.aevum.persistence.CurrentExecution;
import dev.aevum.persistence.CurrentExecutionConditionFailedException;
import dev.aevum.persistence.ExecutionMutation;
import dev.aevum.persistence.ExecutionRecord;
import dev.aevum.persistence.ExecutionWrite;
import dev.aevum.persistence.HistoryBatch;
import dev.aevum.persistence.HistoryTask;
import dev.aevum.persistence.OutboxDeletion;
import dev.aevum.persistence.UpdateExecutionRequest;
import dev.aevum.persistence.VisibilityRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes a batch of mutations (of any number of runs and shards) with one statement per kind of
 * row, each sent as one JDBC batch: the database round trips of a transaction do not grow with the
 * number of transitions in it. Conditions are checked from the update counts; the first mutation
 * (in order) whose condition fails aborts the transaction with its exception, as if the mutations
 * had been applied one by one.
 */
final class ExecutionBatch {
  private final Connection c;
  private final SqlDialect dialect;
  private final List<ExecutionMutation> mutations;

  private ExecutionBatch(Connection c, SqlDialect dialect, List<ExecutionMutation> mutations) {
    this.c = c;
    this.dialect = dialect;
    this.mutations = mutations;
  }

  static void write(
      Connection c,
      SqlDialect dialect,
      SortedMap<Integer, Long> ranges,
      List<ExecutionMutation> mutations,
      List<OutboxDeletion> deletions)
      throws SQLException {
    checkRanges(c, dialect, ranges);
    new ExecutionBatch(c, dialect, mutations).write();
    deleteTasks(c, deletions);
  }

  private void write() throws SQLException {
    if (mutations.isEmpty()) {
      return;
    }
    currentPointers();
    updateRuns();
    Writes writes = Writes.of(mutations);
    insertRuns(writes.inserted());
    insertHistory(writes.all());
    insertTasks(writes.all());
    VisibilityRows.upsert(c, writes.visibility());
  }

  /** A run's write and the shard it belongs to. */
  record ShardWrite(int shardId, ExecutionWrite write) {}

  /**
   * The run writes of a batch: {@code inserted} are new runs, {@code all} also the updated ones.
   */
  record Writes(List<ShardWrite> inserted, List<ShardWrite> all) {
    static Writes of(List<ExecutionMutation> mutations) {
      List<ShardWrite> inserted = new ArrayList<>();
      List<ShardWrite> all = new ArrayList<>();
      for (ExecutionMutation m : mutations) {
        if (m instanceof CreateExecutionRequest create) {
          inserted.add(new ShardWrite(m.shardId(), create.write()));
          all.add(new ShardWrite(m.shardId(), create.write()));
        } else {
          UpdateExecutionRequest update = (UpdateExecutionRequest) m;
          all.add(new ShardWrite(m.shardId(), update.write()));
          update
              .newRun()
              .ifPresent(
                  n -> {
                    inserted.add(new ShardWrite(m.shardId(), n));
                    all.add(new ShardWrite(m.shardId(), n));
                  });
        }
      }
      return new Writes(inserted, all);
    }

    List<VisibilityRecord> visibility() {
      List<VisibilityRecord> visibility = new ArrayList<>();
      all.forEach(w -> w.write().visibility().ifPresent(visibility::add));
      return visibility;
    }
  }

  /** Fencing: the shards' range ids, checked and share-locked until commit, one statement. */
  private static void checkRanges(Connection c, SqlDialect dialect, SortedMap<Integer, Long> ranges)
      throws SQLException {
    if (ranges.isEmpty()) {
      return;
    }
    if (ranges.size() == 1) {
      var only = ranges.entrySet().iterator().next();
      SqlShardStore.checkRange(c, dialect, only.getKey(), only.getValue());
      return;
    }
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < ranges.size(); i++) {
      in.append(i == 0 ? "?" : ", ?");
    }
    Map<Integer, Long> stored = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT shard_id, range_id FROM shards WHERE shard_id IN ("
                + in
                + ") ORDER BY shard_id"
                + dialect.forShare())) {
      int i = 1;
      for (int shard : ranges.keySet()) {
        s.setInt(i++, shard);
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          stored.put(r.getInt(1), r.getLong(2));
        }
      }
    }
    for (var range : ranges.entrySet()) {
      long found = stored.getOrDefault(range.getKey(), -1L);
      if (found != range.getValue()) {
        throw SqlShardStore.lost(range.getKey(), range.getValue(), found);
      }
    }
  }

  /**
   * Current-run pointers: new workflow ids are inserted if absent, moved or updated pointers are
   * changed only where they still point at the expected run.
   */
  private void currentPointers() throws SQLException {
    record Insert(ExecutionMutation m, ExecutionRecord run, CurrentExecution current) {}
    record Move(
        ExecutionMutation m, ExecutionRecord run, CurrentExecution current, String expectedRunId) {}
    List<Insert> inserts = new ArrayList<>();
    List<Move> moves = new ArrayList<>();
    for (ExecutionMutation m : mutations) {
      if (m instanceof CreateExecutionRequest create) {
        ExecutionRecord run = create.write().execution();
        if (create.expectedCurrentRunId().isEmpty()) {
          inserts.add(new Insert(m, run, create.current()));
        } else {
          moves.add(new Move(m, run, create.current(), create.expectedCurrentRunId().get()));
        }
      } else {
        UpdateExecutionRequest update = (UpdateExecutionRequest) m;
        ExecutionRecord run = update.write().execution();
        update.current().ifPresent(current -> moves.add(new Move(m, run, current, run.runId())));
      }
    }
    if (!inserts.isEmpty()) {
      int[] counts;
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO current_executions"
                  + " (shard_id, namespace_id, workflow_id, run_id, create_request_id, state, status, start_time_ms)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shard_id, namespace_id, workflow_id) DO NOTHING")) {
        for (Insert i : inserts) {
          s.setInt(1, i.m().shardId());
          s.setString(2, i.run().namespaceId());
          s.setString(3, i.run().workflowId());
          bindCurrentValues(s, 4, i.current());
          s.addBatch();
        }
        counts = s.executeBatch();
      }
      for (int k = 0; k < inserts.size(); k++) {
        if (!applied(counts[k])) {
          Insert i = inserts.get(k);
          CurrentExecution winner =
              selectCurrent(c, i.m().shardId(), i.run().namespaceId(), i.run().workflowId(), "");
          if (winner == null) {
            throw new ConditionFailedException(
                "current run of " + i.run().workflowId() + " changed concurrently");
          }
          throw new CurrentExecutionConditionFailedException(winner);
        }
      }
    }
    if (!moves.isEmpty()) {
      int[] counts;
      try (PreparedStatement s =
          c.prepareStatement(
              "UPDATE current_executions SET run_id = ?, create_request_id = ?, state = ?, status = ?, start_time_ms = ?"
                  + " WHERE "
                  + WORKFLOW_KEY
                  + " AND run_id = ?")) {
        for (Move mv : moves) {
          bindCurrentValues(s, 1, mv.current());
          s.setInt(6, mv.m().shardId());
          s.setString(7, mv.run().namespaceId());
          s.setString(8, mv.run().workflowId());
          s.setString(9, mv.expectedRunId());
          s.addBatch();
        }
        counts = s.executeBatch();
      }
      for (int k = 0; k < moves.size(); k++) {
        if (!applied(counts[k])) {
          Move mv = moves.get(k);
          CurrentExecution stored =
              selectCurrent(c, mv.m().shardId(), mv.run().namespaceId(), mv.run().workflowId(), "");
          if (mv.m() instanceof CreateExecutionRequest) {
            if (stored == null) {
              throw new ConditionFailedException(
                  "workflow id "
                      + mv.run().workflowId()
                      + " has no current run, expected current run "
                      + mv.expectedRunId());
            }
            throw new CurrentExecutionConditionFailedException(stored);
          }
          throw new ConditionFailedException(
              "current run of "
                  + mv.run().workflowId()
                  + " is "
                  + (stored == null ? "(none)" : stored.runId())
                  + ", not "
                  + mv.expectedRunId());
        }
      }
    }
  }

  /** Existing runs: overwritten only at the version the writer read (optimistic concurrency). */
  private void updateRuns() throws SQLException {
    List<UpdateExecutionRequest> updates = new ArrayList<>();
    for (ExecutionMutation m : mutations) {
      if (m instanceof UpdateExecutionRequest u) {
        updates.add(u);
      }
    }
    if (updates.isEmpty()) {
      return;
    }
    int[] counts;
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE executions SET next_event_id = ?, db_version = ?, state = ?, status = ?, data = ? WHERE "
                + RUN_KEY
                + " AND db_version = ?")) {
      for (UpdateExecutionRequest u : updates) {
        ExecutionRecord run = u.write().execution();
        s.setLong(1, run.nextEventId());
        s.setLong(2, run.dbVersion());
        s.setInt(3, run.state());
        s.setInt(4, run.status());
        s.setBytes(5, run.data());
        bindRun(s, 6, u.shardId(), run.namespaceId(), run.workflowId(), run.runId());
        s.setLong(10, run.dbVersion() - 1);
        s.addBatch();
      }
      counts = s.executeBatch();
    }
    for (int k = 0; k < updates.size(); k++) {
      if (!applied(counts[k])) {
        UpdateExecutionRequest u = updates.get(k);
        ExecutionRecord run = u.write().execution();
        long stored = storedVersion(u.shardId(), run);
        throw new ConditionFailedException(
            "run "
                + run.workflowId()
                + "/"
                + run.runId()
                + " is at version "
                + (stored < 0 ? "(missing)" : Long.toString(stored))
                + ", expected "
                + (run.dbVersion() - 1));
      }
    }
  }

  private long storedVersion(int shardId, ExecutionRecord run) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT db_version FROM executions WHERE " + RUN_KEY)) {
      bindRun(s, shardId, run.namespaceId(), run.workflowId(), run.runId());
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : -1;
      }
    }
  }

  private void insertRuns(List<ShardWrite> writes) throws SQLException {
    if (writes.isEmpty()) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO executions (shard_id, namespace_id, workflow_id, run_id,"
                + " next_event_id, db_version, state, status, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (ShardWrite w : writes) {
        ExecutionRecord run = w.write().execution();
        bindRun(s, w.shardId(), run.namespaceId(), run.workflowId(), run.runId());
        s.setLong(5, run.nextEventId());
        s.setLong(6, run.dbVersion());
        s.setInt(7, run.state());
        s.setInt(8, run.status());
        s.setBytes(9, run.data());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private void insertHistory(List<ShardWrite> writes) throws SQLException {
    if (writes.stream().allMatch(w -> w.write().history().isEmpty())) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO history_node (shard_id, namespace_id, workflow_id, run_id, first_event_id, last_event_id, data)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (ShardWrite w : writes) {
        ExecutionRecord run = w.write().execution();
        for (HistoryBatch batch : w.write().history()) {
          bindRun(s, w.shardId(), run.namespaceId(), run.workflowId(), run.runId());
          s.setLong(5, batch.firstEventId());
          s.setLong(6, batch.lastEventId());
          s.setBytes(7, batch.data());
          s.addBatch();
        }
      }
      s.executeBatch();
    }
  }

  private void insertTasks(List<ShardWrite> writes) throws SQLException {
    if (writes.stream().allMatch(w -> w.write().tasks().isEmpty())) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO history_tasks (shard_id, category, task_id, fire_time_ms, data) VALUES (?, ?, ?, ?, ?)")) {
      for (ShardWrite w : writes) {
        for (HistoryTask task : w.write().tasks()) {
          s.setInt(1, w.shardId());
          s.setInt(2, code(task.category()));
          s.setLong(3, task.taskId());
          s.setLong(4, task.fireTimeMs());
          s.setBytes(5, task.data());
          s.addBatch();
        }
      }
      s.executeBatch();
    }
  }

  static void deleteTasks(Connection c, List<OutboxDeletion> deletions) throws SQLException {
    if (deletions.stream().allMatch(d -> d.taskIds().isEmpty())) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "DELETE FROM history_tasks WHERE shard_id = ? AND category = ? AND task_id = ?")) {
      for (OutboxDeletion d : deletions) {
        for (long id : d.taskIds()) {
          s.setInt(1, d.shardId());
          s.setInt(2, code(d.category()));
          s.setLong(3, id);
          s.addBatch();
        }
      }
      s.executeBatch();
    }
  }

  /**
   * Whether a batched row changed. Both drivers report real counts (no batch rewriting is
   * configured), which the conditions rely on.
   */
  private static boolean applied(int count) {
    return count > 0;
  }
}
