package dev.aevum.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.persistence.ConditionFailedException;
import dev.aevum.persistence.CreateExecutionRequest;
import dev.aevum.persistence.CurrentExecution;
import dev.aevum.persistence.CurrentExecutionConditionFailedException;
import dev.aevum.persistence.ExecutionRecord;
import dev.aevum.persistence.ExecutionWrite;
import dev.aevum.persistence.HistoryBatch;
import dev.aevum.persistence.HistoryTask;
import dev.aevum.persistence.HistoryTask.Category;
import dev.aevum.persistence.OutboxDeletion;
import dev.aevum.persistence.ShardOwnershipLostException;
import dev.aevum.persistence.UpdateExecutionRequest;
import dev.aevum.persistence.VisibilityAttribute;
import dev.aevum.persistence.VisibilityFilter;
import dev.aevum.persistence.VisibilityFilter.AttributeCompare;
import dev.aevum.persistence.VisibilityFilter.Literal;
import dev.aevum.persistence.VisibilityFilter.Operator;
import dev.aevum.persistence.VisibilityRecord;
import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.persistence.testing.TestDatabases;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL a batch of transitions is one statement round trip (then its commit), whatever it
 * holds; a batch whose condition fails is redone statement by statement and reports the failure as
 * precisely as before. The contract suites check what is written; this checks how.
 */
class PostgresOneRoundTripTest extends StoreContract {
  private static final int SHARD = 1;
  private static final String NS = "ns-id";

  private long range;

  @Override
  protected DatabaseConfig database(Path tempDir) {
    return TestDatabases.freshPostgres("roundtrip");
  }

  @BeforeEach
  void acquireShard() {
    range = persistence.shards().acquire(SHARD);
  }

  @Test
  void aWholeLifecycleTakesOneStatementPerTransaction() {
    double before = statements();
    persistence
        .executions()
        .apply(
            List.of(
                create(
                    "wf-a",
                    "run-a",
                    10,
                    List.of(
                        VisibilityAttribute.text("Customer", "Keyword", "acme"),
                        VisibilityAttribute.number("Amount", "Int", 50))),
                create("wf-b", "run-b", 11, List.of())));
    assertThat(statements() - before).isEqualTo(1);

    // An update with history, a task, a closed visibility row whose attributes change, and the
    // deletion of an executed task: one statement too.
    before = statements();
    persistence
        .executions()
        .apply(
            List.of(
                new UpdateExecutionRequest(
                    SHARD,
                    range,
                    new ExecutionWrite(
                        run("wf-a", "run-a", 6, 2, ExecutionRecord.STATE_CLOSED),
                        List.of(new HistoryBatch(3, 5, bytes("3-5"))),
                        List.of(new HistoryTask(Category.TIMER, 12, 5000, bytes("timer"))),
                        Optional.of(
                            visibility(
                                "wf-a",
                                "run-a",
                                OptionalLong.of(2500),
                                List.of(
                                    VisibilityAttribute.text("Customer", "Keyword", "globex"))))),
                    Optional.of(
                        new CurrentExecution(
                            "run-a", "req-run-a", ExecutionRecord.STATE_CLOSED, 2, 1000)),
                    Optional.empty())),
            List.of(new OutboxDeletion(SHARD, Category.TRANSFER, List.of(10L))));
    assertThat(statements() - before).isEqualTo(1);

    assertThat(
            persistence
                .executions()
                .getExecution(SHARD, NS, "wf-a", "run-a")
                .orElseThrow()
                .dbVersion())
        .isEqualTo(2);
    assertThat(
            persistence.executions().getCurrentExecution(SHARD, NS, "wf-a").orElseThrow().state())
        .isEqualTo(ExecutionRecord.STATE_CLOSED);
    assertThat(persistence.executions().readHistory(SHARD, NS, "wf-a", "run-a", 1, 100, 100))
        .extracting(HistoryBatch::firstEventId)
        .containsExactly(1L, 3L);
    assertThat(persistence.executions().loadTasks(SHARD, Category.TRANSFER, 0, 10))
        .extracting(HistoryTask::taskId)
        .containsExactly(11L);
    assertThat(persistence.executions().loadTasks(SHARD, Category.TIMER, 0, 10))
        .extracting(HistoryTask::taskId)
        .containsExactly(12L);
    assertThat(
            count(
                new AttributeCompare(
                    "Customer", Operator.EQ, Literal.text("globex", OptionalLong.empty()))))
        .isEqualTo(1);
    assertThat(
            count(
                new AttributeCompare(
                    "Customer", Operator.EQ, Literal.text("acme", OptionalLong.empty()))))
        .isZero();
    assertThat(count(new AttributeCompare("Amount", Operator.GE, Literal.number(0)))).isZero();
    assertThat(count(VisibilityFilter.all())).isEqualTo(2);
    assertThat(fallbacks()).isZero();
  }

  @Test
  void aFailedConditionIsRedoneStatementByStatementAndNamedPrecisely() {
    persistence.executions().apply(List.of(create("wf-a", "run-a", 10, List.of())));

    assertThatThrownBy(
            () ->
                persistence
                    .executions()
                    .apply(
                        List.of(
                            create("wf-c", "run-c", 11, List.of()),
                            new UpdateExecutionRequest(
                                SHARD,
                                range,
                                new ExecutionWrite(
                                    run("wf-a", "run-a", 6, 5, ExecutionRecord.STATE_RUNNING),
                                    List.of(),
                                    List.of()),
                                Optional.empty(),
                                Optional.empty()))))
        .isInstanceOf(ConditionFailedException.class)
        .hasMessageContaining("is at version 1, expected 4");
    assertThat(persistence.executions().getCurrentExecution(SHARD, NS, "wf-c")).isEmpty();
    assertThat(fallbacks()).isEqualTo(1);

    assertThatThrownBy(
            () -> persistence.executions().apply(List.of(create("wf-a", "run-a2", 12, List.of()))))
        .isInstanceOfSatisfying(
            CurrentExecutionConditionFailedException.class,
            e -> assertThat(e.current().runId()).isEqualTo("run-a"));
    assertThat(fallbacks()).isEqualTo(2);

    long stale = range;
    persistence.shards().acquire(SHARD);
    assertThatThrownBy(
            () ->
                persistence
                    .executions()
                    .apply(
                        List.of(
                            new CreateExecutionRequest(
                                SHARD,
                                stale,
                                Optional.empty(),
                                new ExecutionWrite(
                                    run("wf-d", "run-d", 3, 1, ExecutionRecord.STATE_RUNNING),
                                    List.of(),
                                    List.of()),
                                current("run-d")))))
        .isInstanceOf(ShardOwnershipLostException.class);
    assertThat(persistence.executions().getCurrentExecution(SHARD, NS, "wf-d")).isEmpty();
  }

  private CreateExecutionRequest create(
      String workflowId, String runId, long taskId, List<VisibilityAttribute> attributes) {
    return new CreateExecutionRequest(
        SHARD,
        range,
        Optional.empty(),
        new ExecutionWrite(
            run(workflowId, runId, 3, 1, ExecutionRecord.STATE_RUNNING),
            List.of(new HistoryBatch(1, 2, bytes("1-2"))),
            List.of(new HistoryTask(Category.TRANSFER, taskId, 0, bytes("transfer"))),
            Optional.of(visibility(workflowId, runId, OptionalLong.empty(), attributes))),
        current(runId));
  }

  private static ExecutionRecord run(
      String workflowId, String runId, long nextEventId, long version, int state) {
    return new ExecutionRecord(
        NS, workflowId, runId, nextEventId, version, state, 1, bytes(runId + "@" + version));
  }

  private static CurrentExecution current(String runId) {
    return new CurrentExecution(runId, "req-" + runId, ExecutionRecord.STATE_RUNNING, 1, 1000);
  }

  private static VisibilityRecord visibility(
      String workflowId,
      String runId,
      OptionalLong closeTime,
      List<VisibilityAttribute> attributes) {
    return new VisibilityRecord(
        NS,
        runId,
        workflowId,
        "Order",
        "queue",
        closeTime.isPresent() ? 2 : 1,
        1000,
        1000,
        closeTime,
        5,
        bytes("info of " + workflowId),
        attributes);
  }

  private long count(VisibilityFilter filter) {
    return persistence.visibility().count(NS, filter);
  }

  private double statements() {
    Counter c =
        registry.find("aevum.persistence.statements").tag("operation", "runs_write").counter();
    return c == null ? 0 : c.count();
  }

  private double fallbacks() {
    Counter c =
        registry.find("aevum.persistence.fallbacks").tag("operation", "runs_write").counter();
    return c == null ? 0 : c.count();
  }
}
