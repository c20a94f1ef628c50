package dev.aevum.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.persistence.ConditionFailedException;
import dev.aevum.persistence.CreateExecutionRequest;
import dev.aevum.persistence.CurrentExecution;
import dev.aevum.persistence.CurrentExecutionConditionFailedException;
import dev.aevum.persistence.ExecutionRecord;
import dev.aevum.persistence.ExecutionStore;
import dev.aevum.persistence.ExecutionWrite;
import dev.aevum.persistence.HistoryBatch;
import dev.aevum.persistence.HistoryTask;
import dev.aevum.persistence.HistoryTask.Category;
import dev.aevum.persistence.OutboxDeletion;
import dev.aevum.persistence.PersistenceException;
import dev.aevum.persistence.ShardOwnershipLostException;
import dev.aevum.persistence.UpdateExecutionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class ExecutionStoreContract extends StoreContract {
  private static final int SHARD = 1;
  private static final String NS = "ns-id";
  private static final String WF = "order-" + "x".repeat(990); // workflow ids may be long

  private long range;

  private ExecutionStore store() {
    return persistence.executions();
  }

  @BeforeEach
  void acquireShard() {
    range = persistence.shards().acquire(SHARD);
  }

  private static ExecutionRecord run(String runId, long nextEventId, long version, int state) {
    return new ExecutionRecord(
        NS, WF, runId, nextEventId, version, state, 1, bytes(runId + "@" + version));
  }

  private static HistoryBatch batch(long first, long last) {
    return new HistoryBatch(first, last, bytes("events " + first + "-" + last));
  }

  private static HistoryTask transfer(long id) {
    return new HistoryTask(Category.TRANSFER, id, 0, bytes("transfer " + id));
  }

  private static CurrentExecution current(String runId, int state) {
    return new CurrentExecution(runId, "req-" + runId, state, 1, 1000);
  }

  private void start(String runId, Optional<String> expectedCurrent, long taskId) {
    store()
        .createExecution(
            new CreateExecutionRequest(
                SHARD,
                range,
                expectedCurrent,
                new ExecutionWrite(
                    run(runId, 3, 1, ExecutionRecord.STATE_RUNNING),
                    List.of(batch(1, 2)),
                    List.of(transfer(taskId))),
                current(runId, ExecutionRecord.STATE_RUNNING)));
  }

  private UpdateExecutionRequest update(
      String runId,
      long version,
      long rangeId,
      Optional<CurrentExecution> current,
      List<HistoryBatch> history,
      List<HistoryTask> tasks) {
    return new UpdateExecutionRequest(
        SHARD,
        rangeId,
        new ExecutionWrite(run(runId, 10, version, ExecutionRecord.STATE_RUNNING), history, tasks),
        current,
        Optional.empty());
  }

  @Test
  void createWritesRunCurrentPointerHistoryAndTasks() {
    start("run-1", Optional.empty(), 100);
    ExecutionRecord stored = store().getExecution(SHARD, NS, WF, "run-1").orElseThrow();
    assertThat(stored.dbVersion()).isEqualTo(1);
    assertThat(stored.nextEventId()).isEqualTo(3);
    assertThat(stored.state()).isEqualTo(ExecutionRecord.STATE_RUNNING);
    assertThat(text(stored.data())).isEqualTo("run-1@1");
    assertThat(store().getCurrentExecution(SHARD, NS, WF))
        .contains(current("run-1", ExecutionRecord.STATE_RUNNING));
    assertThat(store().readHistory(SHARD, NS, WF, "run-1", 1, 100, 10))
        .extracting(HistoryBatch::firstEventId)
        .containsExactly(1L);
    assertThat(store().loadTasks(SHARD, Category.TRANSFER, 0, 10))
        .extracting(HistoryTask::taskId)
        .containsExactly(100L);
    assertThat(store().getExecution(SHARD, NS, WF, "other")).isEmpty();
    assertThat(store().getCurrentExecution(SHARD, NS, "other")).isEmpty();
  }

  @Test
  void startingAnExistingWorkflowIdFailsWithTheCurrentRunAndWritesNothing() {
    start("run-1", Optional.empty(), 100);
    assertThatThrownBy(() -> start("run-2", Optional.empty(), 101))
        .isInstanceOfSatisfying(
            CurrentExecutionConditionFailedException.class,
            e ->
                assertThat(e.current()).isEqualTo(current("run-1", ExecutionRecord.STATE_RUNNING)));
    assertThat(store().getExecution(SHARD, NS, WF, "run-2")).isEmpty();
    assertThat(store().loadTasks(SHARD, Category.TRANSFER, 0, 10))
        .extracting(HistoryTask::taskId)
        .containsExactly(100L);
  }

  @Test
  void aNewRunMayReplaceTheExpectedCurrentRunOnly() {
    start("run-1", Optional.empty(), 100);
    assertThatThrownBy(() -> start("run-2", Optional.of("run-0"), 101))
        .isInstanceOfSatisfying(
            CurrentExecutionConditionFailedException.class,
            e -> assertThat(e.current().runId()).isEqualTo("run-1"));
    start("run-2", Optional.of("run-1"), 101);
    assertThat(store().getCurrentExecution(SHARD, NS, WF).orElseThrow().runId()).isEqualTo("run-2");
    assertThat(store().getExecution(SHARD, NS, WF, "run-1")).isPresent();
  }

  @Test
  void expectingACurrentRunWhenThereIsNoneFails() {
    assertThatThrownBy(() -> start("run-1", Optional.of("run-0"), 100))
        .isInstanceOf(ConditionFailedException.class);
    assertThat(store().getExecution(SHARD, NS, WF, "run-1")).isEmpty();
  }

  @Test
  void writesWithAStaleRangeIdAreFencedAndWriteNothing() {
    start("run-1", Optional.empty(), 100);
    long stale = range;
    range = persistence.shards().acquire(SHARD); // another owner takes the shard
    assertThatThrownBy(
            () ->
                store()
                    .updateExecution(
                        update(
                            "run-1",
                            2,
                            stale,
                            Optional.empty(),
                            List.of(batch(3, 4)),
                            List.of(transfer(101)))))
        .isInstanceOf(ShardOwnershipLostException.class);
    assertThatThrownBy(
            () ->
                store()
                    .createExecution(
                        new CreateExecutionRequest(
                            SHARD,
                            stale,
                            Optional.empty(),
                            new ExecutionWrite(
                                new ExecutionRecord(NS, "other", "r", 3, 1, 1, 1, bytes("")),
                                List.of(),
                                List.of()),
                            current("r", ExecutionRecord.STATE_RUNNING))))
        .isInstanceOf(ShardOwnershipLostException.class);
    assertThatThrownBy(() -> store().deleteExecution(SHARD, stale, NS, WF, "run-1", NS))
        .isInstanceOf(ShardOwnershipLostException.class);
    assertThat(store().getExecution(SHARD, NS, WF, "run-1").orElseThrow().dbVersion()).isEqualTo(1);
    assertThat(store().getCurrentExecution(SHARD, NS, "other")).isEmpty();
    assertThat(store().readHistory(SHARD, NS, WF, "run-1", 1, 100, 10)).hasSize(1);
    assertThat(store().loadTasks(SHARD, Category.TRANSFER, 0, 10)).hasSize(1);
    // The new owner can write.
    store()
        .updateExecution(
            update("run-1", 2, range, Optional.empty(), List.of(batch(3, 4)), List.of()));
  }

  @Test
  void writesToAShardWithoutARowAreFenced() {
    assertThatThrownBy(
            () ->
                store()
                    .createExecution(
                        new CreateExecutionRequest(
                            77,
                            1,
                            Optional.empty(),
                            new ExecutionWrite(run("r", 3, 1, 1), List.of(), List.of()),
                            current("r", 1))))
        .isInstanceOf(ShardOwnershipLostException.class);
  }

  @Test
  void updateNeedsTheNextVersion() {
    start("run-1", Optional.empty(), 100);
    store()
        .updateExecution(
            update(
                "run-1", 2, range, Optional.empty(), List.of(batch(3, 5)), List.of(transfer(101))));
    assertThatThrownBy(
            () ->
                store()
                    .updateExecution(
                        update(
                            "run-1",
                            2,
                            range,
                            Optional.empty(),
                            List.of(batch(6, 6)),
                            List.of(transfer(102)))))
        .isInstanceOf(ConditionFailedException.class)
        .hasMessageContaining("version 2");
    assertThatThrownBy(
            () ->
                store()
                    .updateExecution(
                        update("missing", 2, range, Optional.empty(), List.of(), List.of())))
        .isInstanceOf(ConditionFailedException.class);
    ExecutionRecord stored = store().getExecution(SHARD, NS, WF, "run-1").orElseThrow();
    assertThat(stored.dbVersion()).isEqualTo(2);
    assertThat(stored.nextEventId()).isEqualTo(10);
    assertThat(store().readHistory(SHARD, NS, WF, "run-1", 1, 100, 10))
        .extracting(HistoryBatch::firstEventId)
        .containsExactly(1L, 3L);
    assertThat(store().loadTasks(SHARD, Category.TRANSFER, 0, 10))
        .extracting(HistoryTask::taskId)
        .containsExactly(100L, 101L);
  }

  @Test
  void updateReplacesTheCurrentPointerOnlyIfItPointsAtTheRun() {
    start("run-1", Optional.empty(), 100);
    CurrentExecution closed =
        new CurrentExecution("run-1", "req-run-1", ExecutionRecord.STATE_CLOSED, 2, 1000);
    store().updateExecution(update("run-1", 2, range, Optional.of(closed), List.of(), List.of()));
    assertThat(store().getCurrentExecution(SHARD, NS, WF)).contains(closed);

    start("run-2", Optional.of("run-1"), 101);
    CurrentExecution stale =
        new CurrentExecution("run-1", "req-run-1", ExecutionRecord.STATE_CLOSED, 3, 1000);
    assertThatThrownBy(
            () ->
                store()
                    .updateExecution(
                        update("run-1", 3, range, Optional.of(stale), List.of(), List.of())))
        .isInstanceOf(ConditionFailedException.class);
    assertThat(store().getExecution(SHARD, NS, WF, "run-1").orElseThrow().dbVersion()).isEqualTo(2);
    assertThat(store().getCurrentExecution(SHARD, NS, WF).orElseThrow().runId()).isEqualTo("run-2");
  }

  @Test
  void continueAsNewWritesTheNewRunAndMovesThePointerAtomically() {
    start("run-1", Optional.empty(), 100);
    ExecutionWrite newRun =
        new ExecutionWrite(
            run("run-2", 3, 1, ExecutionRecord.STATE_RUNNING),
            List.of(batch(1, 2)),
            List.of(transfer(102)));
    store()
        .updateExecution(
            new UpdateExecutionRequest(
                SHARD,
                range,
                new ExecutionWrite(
                    run("run-1", 6, 2, ExecutionRecord.STATE_CLOSED),
                    List.of(batch(3, 5)),
                    List.of(transfer(101))),
                Optional.of(current("run-2", ExecutionRecord.STATE_RUNNING)),
                Optional.of(newRun)));
    assertThat(store().getCurrentExecution(SHARD, NS, WF).orElseThrow().runId()).isEqualTo("run-2");
    assertThat(store().getExecution(SHARD, NS, WF, "run-1").orElseThrow().state())
        .isEqualTo(ExecutionRecord.STATE_CLOSED);
    assertThat(store().getExecution(SHARD, NS, WF, "run-2").orElseThrow().dbVersion()).isEqualTo(1);
    assertThat(store().readHistory(SHARD, NS, WF, "run-2", 1, 100, 10)).hasSize(1);
    assertThat(store().loadTasks(SHARD, Category.TRANSFER, 0, 10))
        .extracting(HistoryTask::taskId)
        .containsExactly(100L, 101L, 102L);
  }

  @Test
  void aFailingWriteLeavesNothingHalfWritten() {
    start("run-1", Optional.empty(), 100);
    // Batch 3 is new but task 100 already exists, so the insert of the tasks fails late in the
    // transaction: the row update and the history batch must be rolled back with it.
    assertThatThrownBy(
            () ->
                store()
                    .updateExecution(
                        update(
                            "run-1",
                            2,
                            range,
                            Optional.of(current("run-1", ExecutionRecord.STATE_CLOSED)),
                            List.of(batch(3, 4)),
                            List.of(transfer(101), transfer(100)))))
        .isInstanceOf(PersistenceException.class);
    assertThat(store().getExecution(SHARD, NS, WF, "run-1").orElseThrow().dbVersion()).isEqualTo(1);
    assertThat(store().getCurrentExecution(SHARD, NS, WF).orElseThrow().state())
        .isEqualTo(ExecutionRecord.STATE_RUNNING);
    assertThat(store().readHistory(SHARD, NS, WF, "run-1", 1, 100, 10)).hasSize(1);
    assertThat(store().loadTasks(SHARD, Category.TRANSFER, 0, 10))
        .extracting(HistoryTask::taskId)
        .containsExactly(100L);
    // And the store is still usable afterwards.
    store()
        .updateExecution(
            update(
                "run-1", 2, range, Optional.empty(), List.of(batch(3, 4)), List.of(transfer(101))));
  }

  @Test
  void historyIsPagedForwardAndBackward() {
    start("run-1", Optional.empty(), 100);
    store()
        .updateExecution(
            update(
                "run-1",
                2,
                range,
                Optional.empty(),
                List.of(batch(3, 5), batch(6, 6), batch(7, 9)),
                List.of()));
    // Batch 3-5 holds event 4, so it is part of a read from 4.
    assertThat(store().readHistory(SHARD, NS, WF, "run-1", 4, 100, 10))
        .extracting(HistoryBatch::firstEventId)
        .containsExactly(3L, 6L, 7L);
    assertThat(store().readHistory(SHARD, NS, WF, "run-1", 1, 6, 10))
        .extracting(HistoryBatch::firstEventId)
        .containsExactly(1L, 3L);
    assertThat(store().readHistory(SHARD, NS, WF, "run-1", 1, 100, 2))
        .extracting(HistoryBatch::firstEventId)
        .containsExactly(1L, 3L);
    List<HistoryBatch> page = store().readHistory(SHARD, NS, WF, "run-1", 6, 100, 2);
    assertThat(page).extracting(HistoryBatch::lastEventId).containsExactly(6L, 9L);
    assertThat(text(page.get(1).data())).isEqualTo("events 7-9");
    assertThat(store().readHistoryReverse(SHARD, NS, WF, "run-1", 6, 10))
        .extracting(HistoryBatch::firstEventId)
        .containsExactly(6L, 3L, 1L);
    assertThat(store().readHistoryReverse(SHARD, NS, WF, "run-1", 100, 2))
        .extracting(HistoryBatch::firstEventId)
        .containsExactly(7L, 6L);
    assertThat(store().readHistory(SHARD, NS, WF, "other", 1, 100, 10)).isEmpty();
  }

  @Test
  void tasksAreLoadedByCategoryAndDeleted() {
    start("run-1", Optional.empty(), 100);
    store()
        .updateExecution(
            update(
                "run-1",
                2,
                range,
                Optional.empty(),
                List.of(),
                List.of(
                    transfer(101),
                    new HistoryTask(Category.TIMER, 102, 5000, bytes("timer")),
                    transfer(103))));
    assertThat(store().loadTasks(SHARD, Category.TRANSFER, 100, 10))
        .extracting(HistoryTask::taskId)
        .containsExactly(101L, 103L);
    List<HistoryTask> timers = store().loadTasks(SHARD, Category.TIMER, 0, 10);
    assertThat(timers).extracting(HistoryTask::fireTimeMs).containsExactly(5000L);
    assertThat(timers.get(0).category()).isEqualTo(Category.TIMER);
    assertThat(store().loadTasks(SHARD, Category.TRANSFER, 0, 2))
        .extracting(HistoryTask::taskId)
        .containsExactly(100L, 101L);
    store().deleteTasks(SHARD, Category.TRANSFER, List.of(100L, 103L, 999L));
    store().deleteTasks(SHARD, Category.TRANSFER, List.of(102L)); // a timer: untouched
    assertThat(store().loadTasks(SHARD, Category.TRANSFER, 0, 10))
        .extracting(HistoryTask::taskId)
        .containsExactly(101L);
    assertThat(store().loadTasks(SHARD, Category.TIMER, 0, 10)).hasSize(1);
    assertThat(store().loadTasks(SHARD + 1, Category.TRANSFER, 0, 10)).isEmpty();
  }

  @Test
  void deleteRemovesTheRunItsHistoryAndItsCurrentPointer() {
    start("run-1", Optional.empty(), 100);
    store().deleteExecution(SHARD, range, NS, WF, "run-1", NS);
    assertThat(store().getExecution(SHARD, NS, WF, "run-1")).isEmpty();
    assertThat(store().getCurrentExecution(SHARD, NS, WF)).isEmpty();
    assertThat(store().readHistory(SHARD, NS, WF, "run-1", 1, 100, 10)).isEmpty();
    start("run-2", Optional.empty(), 101);
  }

  @Test
  void concurrentStartsOfOneWorkflowIdLetExactlyOneWin() throws Exception {
    int starters = 6;
    ExecutorService pool = Executors.newFixedThreadPool(starters);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<String>> outcomes = new ArrayList<>();
      for (int i = 0; i < starters; i++) {
        String runId = "run-" + i;
        outcomes.add(
            pool.submit(
                () -> {
                  go.await();
                  try {
                    start(runId, Optional.empty(), 100 + Long.parseLong(runId.substring(4)));
                    return "won";
                  } catch (CurrentExecutionConditionFailedException e) {
                    return "lost to " + e.current().runId();
                  }
                }));
      }
      go.countDown();
      List<String> results = new ArrayList<>();
      for (Future<String> outcome : outcomes) {
        results.add(outcome.get(30, TimeUnit.SECONDS));
      }
      String winner = store().getCurrentExecution(SHARD, NS, WF).orElseThrow().runId();
      assertThat(results).filteredOn("won"::equals).hasSize(1);
      assertThat(results).filteredOn(r -> !r.equals("won")).allMatch(("lost to " + winner)::equals);
      assertThat(store().loadTasks(SHARD, Category.TRANSFER, 0, 100)).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void argumentsAreValidated() {
    assertThatThrownBy(() -> store().getExecution(-1, NS, WF, "r"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shardId");
    assertThatThrownBy(() -> store().getCurrentExecution(SHARD, null, WF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namespaceId");
    assertThatThrownBy(() -> store().readHistory(SHARD, NS, WF, "r", 1, 10, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBatches");
    assertThatThrownBy(() -> store().loadTasks(SHARD, null, 0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("category");
    assertThatThrownBy(() -> store().createExecution(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("request");
    assertThatThrownBy(
            () ->
                store()
                    .createExecution(
                        new CreateExecutionRequest(
                            SHARD,
                            range,
                            Optional.empty(),
                            new ExecutionWrite(run("r", 3, 2, 1), List.of(), List.of()),
                            current("r", 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dbVersion");
  }

  private CreateExecutionRequest startRequest(String workflowId, String runId, long taskId) {
    ExecutionRecord record =
        new ExecutionRecord(
            NS, workflowId, runId, 3, 1, ExecutionRecord.STATE_RUNNING, 1, bytes(runId + "@1"));
    return new CreateExecutionRequest(
        SHARD,
        range,
        Optional.empty(),
        new ExecutionWrite(record, List.of(batch(1, 2)), List.of(transfer(taskId))),
        new CurrentExecution(runId, "req-" + runId, ExecutionRecord.STATE_RUNNING, 1, 1000));
  }

  @Test
  void aBatchOfMutationsIsWrittenInOneGo() {
    start("run-1", Optional.empty(), 100);
    store()
        .apply(
            List.of(
                startRequest("wf-a", "run-a", 101),
                update(
                    "run-1",
                    2,
                    range,
                    Optional.empty(),
                    List.of(batch(3, 4)),
                    List.of(transfer(102))),
                startRequest("wf-b", "run-b", 103)));

    assertThat(store().getExecution(SHARD, NS, "wf-a", "run-a")).isPresent();
    assertThat(store().getExecution(SHARD, NS, "wf-b", "run-b")).isPresent();
    assertThat(store().getExecution(SHARD, NS, WF, "run-1").orElseThrow().dbVersion()).isEqualTo(2);
    assertThat(store().loadTasks(SHARD, Category.TRANSFER, 0, 10))
        .extracting(HistoryTask::taskId)
        .containsExactly(100L, 101L, 102L, 103L);
  }

  @Test
  void aBatchWithOneFailingMutationWritesNothingAndThrowsItsError() {
    start("run-1", Optional.empty(), 100);
    assertThatThrownBy(
            () ->
                store()
                    .apply(
                        List.of(
                            startRequest("wf-a", "run-a", 101),
                            update(
                                "run-1",
                                7,
                                range,
                                Optional.empty(),
                                List.of(batch(3, 4)),
                                List.of(transfer(102))))))
        .isInstanceOf(ConditionFailedException.class)
        .hasMessageContaining("expected 6");
    assertThat(store().getExecution(SHARD, NS, "wf-a", "run-a")).isEmpty();
    assertThat(store().getCurrentExecution(SHARD, NS, "wf-a")).isEmpty();
    assertThat(store().loadTasks(SHARD, Category.TRANSFER, 0, 10))
        .extracting(HistoryTask::taskId)
        .containsExactly(100L);

    // Two starts of one workflow id in a batch: the second sees the first and fails the batch.
    assertThatThrownBy(
            () ->
                store()
                    .apply(
                        List.of(
                            startRequest("wf-c", "run-c1", 103),
                            startRequest("wf-c", "run-c2", 104))))
        .isInstanceOfSatisfying(
            CurrentExecutionConditionFailedException.class,
            e -> assertThat(e.current().runId()).isEqualTo("run-c1"));
    assertThat(store().getCurrentExecution(SHARD, NS, "wf-c")).isEmpty();
  }

  @Test
  void aBatchMaySpanShardsAndIsFencedByEach() {
    int otherShard = SHARD + 1;
    long otherRange = persistence.shards().acquire(otherShard);
    CreateExecutionRequest other =
        new CreateExecutionRequest(
            otherShard,
            otherRange,
            Optional.empty(),
            startRequest("wf-x", "run-x", 1).write(),
            startRequest("wf-x", "run-x", 1).current());
    store().apply(List.of(startRequest("wf-a", "run-a", 101), other));
    assertThat(store().getExecution(SHARD, NS, "wf-a", "run-a")).isPresent();
    assertThat(store().getExecution(otherShard, NS, "wf-x", "run-x")).isPresent();

    // Another owner takes the second shard: a batch touching it commits nothing, on either shard.
    persistence.shards().acquire(otherShard);
    CreateExecutionRequest stale =
        new CreateExecutionRequest(
            otherShard,
            otherRange,
            Optional.empty(),
            startRequest("wf-y", "run-y", 2).write(),
            startRequest("wf-y", "run-y", 2).current());
    assertThatThrownBy(() -> store().apply(List.of(startRequest("wf-b", "run-b", 102), stale)))
        .isInstanceOf(ShardOwnershipLostException.class);
    assertThat(store().getExecution(SHARD, NS, "wf-b", "run-b")).isEmpty();
    assertThat(store().getExecution(otherShard, NS, "wf-y", "run-y")).isEmpty();
  }

  @Test
  void executedTasksAreDeletedWithTheBatchOrAlone() {
    store().apply(List.of(startRequest("wf-a", "run-a", 101), startRequest("wf-b", "run-b", 102)));
    store()
        .apply(
            List.of(startRequest("wf-c", "run-c", 103)),
            List.of(new OutboxDeletion(SHARD, Category.TRANSFER, List.of(101L))));
    assertThat(store().loadTasks(SHARD, Category.TRANSFER, 0, 10))
        .extracting(HistoryTask::taskId)
        .containsExactly(102L, 103L);
    store()
        .apply(
            List.of(), List.of(new OutboxDeletion(SHARD, Category.TRANSFER, List.of(102L, 999L))));
    assertThat(store().loadTasks(SHARD, Category.TRANSFER, 0, 10))
        .extracting(HistoryTask::taskId)
        .containsExactly(103L);
  }
}
