package dev.aevum.server.history.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.persistence.CommitOutcomeUnknownException;
import dev.aevum.persistence.ConditionFailedException;
import dev.aevum.persistence.CreateExecutionRequest;
import dev.aevum.persistence.CurrentExecution;
import dev.aevum.persistence.ExecutionMutation;
import dev.aevum.persistence.ExecutionRecord;
import dev.aevum.persistence.ExecutionWrite;
import dev.aevum.persistence.HistoryTask;
import dev.aevum.persistence.OutboxDeletion;
import dev.aevum.persistence.Persistence;
import dev.aevum.persistence.UpdateExecutionRequest;
import dev.aevum.persistence.sql.SqlPersistence;
import dev.aevum.persistence.testing.TestDatabases;
import dev.aevum.server.history.internal.metrics.HistoryMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Group commit against a real (SQLite) store: batching, and a failing member isolated. */
class GroupCommitterTest {
  private static final int SHARD = 1;
  private static final String NS = "ns";

  private Persistence persistence;
  private long range;
  private final ExecutorService writers = Executors.newCachedThreadPool();
  private final ExecutorService callers = Executors.newCachedThreadPool();

  /** Opened when the first batch reaches the database (and is held there). */
  private final CountDownLatch firstAtDatabase = new CountDownLatch(1);

  /** The size of every batch the database was given, in order. */
  private final List<Integer> batches = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() {
    persistence = SqlPersistence.open(TestDatabases.sqliteInMemory());
    persistence.migrate();
    range = persistence.shards().acquire(SHARD);
  }

  @AfterEach
  void close() {
    callers.shutdownNow();
    writers.shutdownNow();
    persistence.close();
  }

  private CreateExecutionRequest start(String workflowId) {
    ExecutionRecord run =
        new ExecutionRecord(
            NS,
            workflowId,
            "run-" + workflowId,
            3,
            1,
            ExecutionRecord.STATE_RUNNING,
            1,
            new byte[] {1});
    return new CreateExecutionRequest(
        SHARD,
        range,
        Optional.empty(),
        new ExecutionWrite(run, List.of(), List.of()),
        new CurrentExecution(run.runId(), "req", ExecutionRecord.STATE_RUNNING, 1, 0));
  }

  private UpdateExecutionRequest staleUpdate(String workflowId) {
    ExecutionRecord run =
        new ExecutionRecord(
            NS,
            workflowId,
            "run-" + workflowId,
            4,
            9,
            ExecutionRecord.STATE_RUNNING,
            1,
            new byte[] {2});
    return new UpdateExecutionRequest(
        SHARD,
        range,
        new ExecutionWrite(run, List.of(), List.of()),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * A committer whose first batch is held at the database until {@code queued} more callers wait,
   * so that the second batch deterministically holds all of them.
   */
  private GroupCommitter gatedCommitter(int queued) {
    GroupCommitter[] self = new GroupCommitter[1];
    GroupCommitter.Store database =
        (mutations, deletions) -> {
          if (firstAtDatabase.getCount() == 1) {
            firstAtDatabase.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (self[0].waiting() < queued && System.nanoTime() < deadline) {
              Thread.onSpinWait();
            }
          }
          batches.add(mutations.size());
          persistence.executions().apply(mutations);
        };
    self[0] = new GroupCommitter(database, writers, HistoryMetrics.none(), 1);
    return self[0];
  }

  private List<Future<?>> commitAll(
      GroupCommitter committer, List<? extends ExecutionMutation> mutations) {
    List<Future<?>> results = new ArrayList<>();
    for (ExecutionMutation m : mutations) {
      results.add(callers.submit(() -> committer.commit(m)));
    }
    return results;
  }

  @Test
  void callersWaitingTogetherShareOneTransaction() throws Exception {
    GroupCommitter committer = gatedCommitter(4);
    Future<?> first = callers.submit(() -> committer.commit(start("wf-0")));
    assertThat(firstAtDatabase.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<?>> rest =
        commitAll(committer, List.of(start("wf-1"), start("wf-2"), start("wf-3"), start("wf-4")));
    first.get(10, TimeUnit.SECONDS);
    for (Future<?> f : rest) {
      f.get(10, TimeUnit.SECONDS);
    }

    assertThat(batches).containsExactly(1, 4);
    for (int i = 0; i <= 4; i++) {
      assertThat(persistence.executions().getExecution(SHARD, NS, "wf-" + i, "run-wf-" + i))
          .isPresent();
    }
  }

  @Test
  void aFailingMemberFailsAloneAndTheOthersAreCommitted() throws Exception {
    GroupCommitter committer = gatedCommitter(3);
    persistence
        .executions()
        .apply(List.of(start("wf-stale"))); // at version 1; the update below expects 8
    Future<?> first = callers.submit(() -> committer.commit(start("wf-0")));
    assertThat(firstAtDatabase.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<?>> rest =
        commitAll(committer, List.of(start("wf-1"), staleUpdate("wf-stale"), start("wf-2")));
    first.get(10, TimeUnit.SECONDS);

    rest.get(0).get(10, TimeUnit.SECONDS);
    rest.get(2).get(10, TimeUnit.SECONDS);
    Throwable failure = null;
    try {
      rest.get(1).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      failure = e.getCause();
    }
    assertThat(failure)
        .isInstanceOf(ConditionFailedException.class)
        .hasMessageContaining("expected 8");
    assertThat(batches)
        .containsExactly(1, 3, 1, 1, 1); // the batch of three failed, then one by one
    assertThat(persistence.executions().getExecution(SHARD, NS, "wf-1", "run-wf-1")).isPresent();
    assertThat(persistence.executions().getExecution(SHARD, NS, "wf-2", "run-wf-2")).isPresent();
    assertThat(
            persistence
                .executions()
                .getExecution(SHARD, NS, "wf-stale", "run-wf-stale")
                .orElseThrow()
                .dbVersion())
        .isEqualTo(1);
  }

  @Test
  void aBatchWhoseCommitOutcomeIsUnknownFailsEveryCallerWithoutRetrying() throws Exception {
    GroupCommitter[] self = new GroupCommitter[1];
    self[0] =
        new GroupCommitter(
            (mutations, deletions) -> {
              if (firstAtDatabase.getCount() == 1) {
                firstAtDatabase.countDown();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (self[0].waiting() < 2 && System.nanoTime() < deadline) {
                  Thread.onSpinWait();
                }
                batches.add(mutations.size());
                persistence.executions().apply(mutations);
                return;
              }
              batches.add(mutations.size());
              persistence.executions().apply(mutations); // durable ...
              throw new CommitOutcomeUnknownException("answer lost", null); // ... but unconfirmed
            },
            writers,
            HistoryMetrics.none(),
            1);
    Future<?> first = callers.submit(() -> self[0].commit(start("wf-0")));
    assertThat(firstAtDatabase.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<?>> rest = commitAll(self[0], List.of(start("wf-1"), start("wf-2")));
    first.get(10, TimeUnit.SECONDS);
    for (Future<?> f : rest) {
      Throwable failure = null;
      try {
        f.get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        failure = e.getCause();
      }
      assertThat(failure).isInstanceOf(CommitOutcomeUnknownException.class);
    }
    // Retrying them one by one would have hit their own durable rows; each caller reads back
    // instead.
    assertThat(batches).containsExactly(1, 2);
  }

  @Test
  void executedTasksAreDeletedWithTheNextBatch() throws Exception {
    List<List<OutboxDeletion>> deleted = new CopyOnWriteArrayList<>();
    GroupCommitter committer =
        new GroupCommitter(
            (mutations, deletions) -> {
              batches.add(mutations.size());
              deleted.add(deletions);
              persistence.executions().apply(mutations, deletions);
            },
            writers,
            HistoryMetrics.none(),
            1);
    committer.commit(start("wf-0"));
    committer.delete(SHARD, HistoryTask.Category.TRANSFER, 1);
    committer.delete(SHARD, HistoryTask.Category.TRANSFER, 2);
    committer.flushDeletions(false); // recent: they wait for a ride
    committer.commit(start("wf-1"));

    assertThat(batches).containsExactly(1, 1);
    assertThat(deleted.get(1))
        .singleElement()
        .satisfies(d -> assertThat(d.taskIds()).containsExactly(1L, 2L));

    committer.delete(SHARD, HistoryTask.Category.TIMER, 3);
    committer.flushDeletions(true); // nothing to ride with: alone
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (batches.size() < 3 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(batches).containsExactly(1, 1, 0);
  }

  @Test
  void manyConcurrentCallersAllCommit() throws Exception {
    GroupCommitter committer =
        new GroupCommitter(
            (mutations, deletions) -> {
              batches.add(mutations.size());
              persistence.executions().apply(mutations);
            },
            writers,
            HistoryMetrics.none(),
            2);
    List<CreateExecutionRequest> starts = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      starts.add(start("many-" + i));
    }
    for (Future<?> f : commitAll(committer, starts)) {
      f.get(30, TimeUnit.SECONDS);
    }
    assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
    assertThat(batches).allMatch(size -> size <= GroupCommitter.MAX_BATCH);
    for (int i = 0; i < 200; i++) {
      assertThat(persistence.executions().getExecution(SHARD, NS, "many-" + i, "run-many-" + i))
          .isPresent();
    }
  }
}
