package dev.aevum.persistence.sql.internal;

import static dev.aevum.persistence.sql.internal.ExecutionRows.code;

import dev.aevum.persistence.CreateExecutionRequest;
import dev.aevum.persistence.CurrentExecution;
import dev.aevum.persistence.ExecutionMutation;
import dev.aevum.persistence.ExecutionRecord;
import dev.aevum.persistence.HistoryBatch;
import dev.aevum.persistence.HistoryTask;
import dev.aevum.persistence.OutboxDeletion;
import dev.aevum.persistence.UpdateExecutionRequest;
import dev.aevum.persistence.VisibilityAttribute;
import dev.aevum.persistence.VisibilityRecord;
import dev.aevum.persistence.sql.internal.ExecutionBatch.ShardWrite;
import dev.aevum.persistence.sql.internal.ExecutionBatch.Writes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.function.IntFunction;

/**
 * {@link ExecutionBatch}'s write in one database round trip, for PostgreSQL: each kind of row goes
 * as one set-based statement whose columns are arrays ({@code unnest}), and all statements go as
 * one multi-statement execute, so a transaction costs this round trip and its commit whatever it
 * holds. The SQL text depends only on which kinds of rows are present, so the driver prepares it
 * once.
 *
 * <p>It only takes the path where every condition holds: it checks that each statement touched
 * exactly the rows it was given and otherwise throws {@link Deviation}, after which the caller
 * rolls back and lets {@link ExecutionBatch} redo the write statement by statement, which names the
 * condition that failed exactly as it always has. Nothing is written by a deviating attempt: it
 * never reaches its commit.
 */
final class PipelinedBatch {

  /**
   * The batch did not go as expected (a condition failed or a statement failed); nothing is
   * written.
   */
  static final class Deviation extends RuntimeException {
    Deviation(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  private final Connection c;
  private final StringBuilder sql = new StringBuilder();
  private final List<Column<?>> columns = new ArrayList<>();
  private final List<Expectation> expectations = new ArrayList<>();

  private PipelinedBatch(Connection c) {
    this.c = c;
  }

  /** Writes the batch, or throws {@link Deviation} having changed nothing that a rollback keeps. */
  static void write(
      Connection c,
      SortedMap<Integer, Long> ranges,
      List<ExecutionMutation> mutations,
      List<OutboxDeletion> deletions) {
    PipelinedBatch batch = new PipelinedBatch(c);
    batch.planner();
    batch.fence(ranges);
    batch.currentPointers(mutations);
    batch.updateRuns(mutations);
    Writes writes = Writes.of(mutations);
    batch.insertRuns(writes.inserted());
    batch.insertHistory(writes.all());
    batch.insertTasks(writes.all());
    batch.visibility(writes.visibility());
    batch.deleteTasks(deletions);
    try {
      batch.execute();
    } catch (SQLException e) {
      throw new Deviation("pipelined batch failed: " + e.getMessage(), e);
    }
  }

  /**
   * Planner settings for this transaction only. A custom plan knows each array's length and so
   * always looks cheaper than the generic one: PostgreSQL would plan every statement of every
   * transaction again. A generic plan, though, is kept for the connection's life, so it must not be
   * one made for the empty tables of a new database (hash joins, sequential scans) that turns slow
   * as they grow: each row is found through its key's index, whatever the tables hold.
   */
  private void planner() {
    statement(
        true,
        1,
        "SELECT set_config('plan_cache_mode', 'force_generic_plan', true),"
            + " set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true),"
            + " set_config('enable_seqscan', 'off', true)");
  }

  private void fence(SortedMap<Integer, Long> ranges) {
    if (ranges.isEmpty()) {
      return;
    }
    Column<Integer> shard = ints();
    Column<Long> range = longs();
    ranges.forEach(
        (id, held) -> {
          shard.add(id);
          range.add(held);
        });
    // Share-locked in shard order until commit, like ExecutionBatch's fence.
    statement(
        true,
        ranges.size(),
        "SELECT s.shard_id FROM shards s JOIN "
            + unnest(shard, range)
            + " AS f(shard_id, range_id) ON s.shard_id = f.shard_id AND s.range_id = f.range_id"
            + " ORDER BY s.shard_id FOR SHARE OF s");
  }

  private void currentPointers(List<ExecutionMutation> mutations) {
    Current inserts = new Current();
    Current moves = new Current();
    Column<String> expectedRun = texts();
    for (ExecutionMutation m : mutations) {
      if (m instanceof CreateExecutionRequest create) {
        ExecutionRecord run = create.write().execution();
        if (create.expectedCurrentRunId().isEmpty()) {
          inserts.add(m.shardId(), run, create.current());
        } else {
          moves.add(m.shardId(), run, create.current());
          expectedRun.add(create.expectedCurrentRunId().get());
        }
      } else {
        UpdateExecutionRequest update = (UpdateExecutionRequest) m;
        ExecutionRecord run = update.write().execution();
        update
            .current()
            .ifPresent(
                current -> {
                  moves.add(m.shardId(), run, current);
                  expectedRun.add(run.runId());
                });
      }
    }
    if (inserts.size() > 0) {
      statement(
          false,
          inserts.size(),
          "INSERT INTO current_executions"
              + " (shard_id, namespace_id, workflow_id, run_id, create_request_id, state, status, start_time_ms)"
              + " SELECT * FROM "
              + unnest(inserts.columns())
              + " ON CONFLICT (shard_id, namespace_id, workflow_id) DO NOTHING");
    }
    if (moves.size() > 0) {
      statement(
          false,
          moves.size(),
          "UPDATE current_executions c SET run_id = m.run_id,"
              + " create_request_id = m.create_request_id, state = m.state, status = m.status,"
              + " start_time_ms = m.start_time_ms FROM "
              + unnest(append(moves.columns(), expectedRun))
              + " AS m(shard_id,"
              + " namespace_id, workflow_id, run_id, create_request_id, state, status, start_time_ms, expected_run_id)"
              + " WHERE c.shard_id = m.shard_id AND c.namespace_id = m.namespace_id AND c.workflow_id = m.workflow_id"
              + " AND c.run_id = m.expected_run_id");
    }
  }

  /** Columns of current-run pointers. */
  private static final class Current {
    final Column<Integer> shard = ints();
    final Column<String> namespace = texts();
    final Column<String> workflow = texts();
    final Column<String> run = texts();
    final Column<String> request = texts();
    final Column<Integer> state = ints();
    final Column<Integer> status = ints();
    final Column<Long> start = longs();

    void add(int shardId, ExecutionRecord record, CurrentExecution current) {
      shard.add(shardId);
      namespace.add(record.namespaceId());
      workflow.add(record.workflowId());
      run.add(current.runId());
      request.add(current.createRequestId());
      state.add(current.state());
      status.add(current.status());
      start.add(current.startTimeMs());
    }

    int size() {
      return shard.size();
    }

    Column<?>[] columns() {
      return new Column<?>[] {shard, namespace, workflow, run, request, state, status, start};
    }
  }

  /** Columns of execution rows. */
  private static final class Runs {
    final Column<Integer> shard = ints();
    final Column<String> namespace = texts();
    final Column<String> workflow = texts();
    final Column<String> run = texts();
    final Column<Long> nextEventId = longs();
    final Column<Long> version = longs();
    final Column<Integer> state = ints();
    final Column<Integer> status = ints();
    final Column<byte[]> data = bytes();

    void add(int shardId, ExecutionRecord record) {
      shard.add(shardId);
      namespace.add(record.namespaceId());
      workflow.add(record.workflowId());
      run.add(record.runId());
      nextEventId.add(record.nextEventId());
      version.add(record.dbVersion());
      state.add(record.state());
      status.add(record.status());
      data.add(record.data());
    }

    int size() {
      return shard.size();
    }

    Column<?>[] columns() {
      return new Column<?>[] {
        shard, namespace, workflow, run, nextEventId, version, state, status, data
      };
    }
  }

  private void updateRuns(List<ExecutionMutation> mutations) {
    Runs runs = new Runs();
    for (ExecutionMutation m : mutations) {
      if (m instanceof UpdateExecutionRequest u) {
        runs.add(u.shardId(), u.write().execution());
      }
    }
    if (runs.size() == 0) {
      return;
    }
    // Optimistic concurrency: each run only at the version its writer read.
    statement(
        false,
        runs.size(),
        "UPDATE executions e SET next_event_id = u.next_event_id,"
            + " db_version = u.db_version, state = u.state, status = u.status, data = u.data"
            + " FROM "
            + unnest(runs.columns())
            + " AS u(shard_id, namespace_id, workflow_id, run_id, next_event_id,"
            + " db_version, state, status, data) WHERE e.shard_id = u.shard_id AND e.namespace_id = u.namespace_id"
            + " AND e.workflow_id = u.workflow_id AND e.run_id = u.run_id AND e.db_version = u.db_version - 1");
  }

  private void insertRuns(List<ShardWrite> writes) {
    if (writes.isEmpty()) {
      return;
    }
    Runs runs = new Runs();
    writes.forEach(w -> runs.add(w.shardId(), w.write().execution()));
    statement(
        false,
        runs.size(),
        "INSERT INTO executions (shard_id, namespace_id, workflow_id, run_id,"
            + " next_event_id, db_version, state, status, data) SELECT * FROM "
            + unnest(runs.columns()));
  }

  private void insertHistory(List<ShardWrite> writes) {
    Column<Integer> shard = ints();
    Column<String> namespace = texts();
    Column<String> workflow = texts();
    Column<String> run = texts();
    Column<Long> first = longs();
    Column<Long> last = longs();
    Column<byte[]> data = bytes();
    for (ShardWrite w : writes) {
      ExecutionRecord record = w.write().execution();
      for (HistoryBatch batch : w.write().history()) {
        shard.add(w.shardId());
        namespace.add(record.namespaceId());
        workflow.add(record.workflowId());
        run.add(record.runId());
        first.add(batch.firstEventId());
        last.add(batch.lastEventId());
        data.add(batch.data());
      }
    }
    if (shard.size() == 0) {
      return;
    }
    statement(
        false,
        shard.size(),
        "INSERT INTO history_node (shard_id, namespace_id, workflow_id, run_id,"
            + " first_event_id, last_event_id, data) SELECT * FROM "
            + unnest(shard, namespace, workflow, run, first, last, data));
  }

  private void insertTasks(List<ShardWrite> writes) {
    Column<Integer> shard = ints();
    Column<Integer> category = ints();
    Column<Long> id = longs();
    Column<Long> fireTime = longs();
    Column<byte[]> data = bytes();
    for (ShardWrite w : writes) {
      for (HistoryTask task : w.write().tasks()) {
        shard.add(w.shardId());
        category.add(code(task.category()));
        id.add(task.taskId());
        fireTime.add(task.fireTimeMs());
        data.add(task.data());
      }
    }
    if (shard.size() == 0) {
      return;
    }
    statement(
        false,
        shard.size(),
        "INSERT INTO history_tasks (shard_id, category, task_id, fire_time_ms, data)"
            + " SELECT * FROM "
            + unnest(shard, category, id, fireTime, data));
  }

  private void visibility(List<VisibilityRecord> rows) {
    if (rows.isEmpty()) {
      return;
    }
    Column<String> namespace = texts();
    Column<String> run = texts();
    Column<String> workflow = texts();
    Column<String> type = texts();
    Column<String> queue = texts();
    Column<Integer> status = ints();
    Column<Long> start = longs();
    Column<Long> execution = longs();
    Column<Long> close = longs();
    Column<Long> length = longs();
    Column<byte[]> info = bytes();
    for (VisibilityRecord v : rows) {
      namespace.add(v.namespaceId());
      run.add(v.runId());
      workflow.add(v.workflowId());
      type.add(v.workflowType());
      queue.add(v.taskQueue());
      status.add(v.status());
      start.add(v.startTimeMs());
      execution.add(v.executionTimeMs());
      close.add(v.closeTimeMs().isPresent() ? v.closeTimeMs().getAsLong() : null);
      length.add(v.historyLength());
      info.add(v.info());
    }
    statement(
        false,
        rows.size(),
        "INSERT INTO visibility (namespace_id, run_id, workflow_id, workflow_type,"
            + " task_queue, status, start_time_ms, execution_time_ms, close_time_ms, history_length, info)"
            + " SELECT * FROM "
            + unnest(
                namespace, run, workflow, type, queue, status, start, execution, close, length,
                info)
            + " ON CONFLICT (namespace_id, run_id) DO UPDATE SET workflow_id = excluded.workflow_id,"
            + " workflow_type = excluded.workflow_type, task_queue = excluded.task_queue, status = excluded.status,"
            + " start_time_ms = excluded.start_time_ms, execution_time_ms = excluded.execution_time_ms,"
            + " close_time_ms = excluded.close_time_ms, history_length = excluded.history_length,"
            + " info = excluded.info");
    // A run's attributes are replaced as a whole.
    Column<String> ofNamespace = texts();
    Column<String> ofRun = texts();
    rows.forEach(
        v -> {
          ofNamespace.add(v.namespaceId());
          ofRun.add(v.runId());
        });
    statement(
        false,
        -1,
        "DELETE FROM visibility_attributes a USING "
            + unnest(ofNamespace, ofRun)
            + " AS d(namespace_id, run_id) WHERE a.namespace_id = d.namespace_id AND a.run_id = d.run_id");
    Column<String> attrNamespace = texts();
    Column<String> attrRun = texts();
    Column<String> name = texts();
    Column<Integer> seq = ints();
    Column<String> kind = texts();
    Column<String> text = texts();
    Column<Double> number = doubles();
    for (VisibilityRecord v : rows) {
      int i = 0;
      for (VisibilityAttribute a : v.attributes()) {
        attrNamespace.add(v.namespaceId());
        attrRun.add(v.runId());
        name.add(a.name());
        seq.add(i++);
        kind.add(a.kind());
        text.add(a.text().orElse(null));
        number.add(a.number().isPresent() ? a.number().getAsDouble() : null);
      }
    }
    if (name.size() == 0) {
      return;
    }
    statement(
        false,
        name.size(),
        "INSERT INTO visibility_attributes (namespace_id, run_id, name, seq, kind,"
            + " text_value, number_value) SELECT * FROM "
            + unnest(attrNamespace, attrRun, name, seq, kind, text, number));
  }

  private void deleteTasks(List<OutboxDeletion> deletions) {
    Column<Integer> shard = ints();
    Column<Integer> category = ints();
    Column<Long> id = longs();
    for (OutboxDeletion d : deletions) {
      for (long taskId : d.taskIds()) {
        shard.add(d.shardId());
        category.add(code(d.category()));
        id.add(taskId);
      }
    }
    if (shard.size() == 0) {
      return;
    }
    // Deleting an already deleted task is harmless: no count is expected.
    statement(
        false,
        -1,
        "DELETE FROM history_tasks t USING "
            + unnest(shard, category, id)
            + " AS d(shard_id, category, task_id) WHERE t.shard_id = d.shard_id AND t.category = d.category"
            + " AND t.task_id = d.task_id");
  }

  /** One statement of the batch and the rows it must touch (or return); -1: any number. */
  private record Expectation(boolean query, int rows, String head) {}

  private void statement(boolean query, int rows, String text) {
    if (sql.length() > 0) {
      sql.append(";\n");
    }
    sql.append(text);
    expectations.add(new Expectation(query, rows, text.substring(0, Math.min(40, text.length()))));
  }

  private void execute() throws SQLException {
    if (expectations.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      int index = 1;
      for (Column<?> column : columns) {
        s.setArray(index++, c.createArrayOf(column.type, column.toArray()));
      }
      boolean result = s.execute();
      for (Expectation e : expectations) {
        int touched;
        if (result) {
          touched = 0;
          try (ResultSet r = s.getResultSet()) {
            while (r.next()) {
              touched++;
            }
          }
        } else {
          touched = s.getUpdateCount();
        }
        if (result != e.query() || (e.rows() >= 0 && touched != e.rows())) {
          throw new Deviation(
              "'" + e.head() + "...' touched " + touched + " row(s), expected " + e.rows(), null);
        }
        result = s.getMoreResults();
      }
    }
  }

  /** The values of one array parameter: one column of a statement's rows. */
  private static final class Column<T> {
    final String type;
    private final IntFunction<T[]> arrays;
    private final List<T> values = new ArrayList<>();

    Column(String type, IntFunction<T[]> arrays) {
      this.type = type;
      this.arrays = arrays;
    }

    void add(T value) {
      values.add(value);
    }

    int size() {
      return values.size();
    }

    T[] toArray() {
      return values.toArray(arrays.apply(values.size()));
    }
  }

  /**
   * {@code unnest(...)} of {@code of}, each column one array parameter, bound in the order the
   * statements of the batch name them.
   */
  private String unnest(Column<?>... of) {
    StringBuilder text = new StringBuilder("unnest(");
    for (int i = 0; i < of.length; i++) {
      text.append(i == 0 ? "" : ", ").append("?::").append(of[i].type).append("[]");
      columns.add(of[i]);
    }
    return text.append(')').toString();
  }

  private static Column<?>[] append(Column<?>[] columns, Column<?> last) {
    Column<?>[] all = Arrays.copyOf(columns, columns.length + 1);
    all[columns.length] = last;
    return all;
  }

  private static Column<Integer> ints() {
    return new Column<>("int4", Integer[]::new);
  }

  private static Column<Long> longs() {
    return new Column<>("int8", Long[]::new);
  }

  private static Column<Double> doubles() {
    return new Column<>("float8", Double[]::new);
  }

  private static Column<String> texts() {
    return new Column<>("text", String[]::new);
  }

  private static Column<byte[]> bytes() {
    return new Column<>("bytea", byte[][]::new);
  }
}
