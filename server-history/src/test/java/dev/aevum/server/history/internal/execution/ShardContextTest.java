package dev.aevum.server.history.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.persistence.CurrentExecutionConditionFailedException;
import dev.aevum.persistence.HistoryTask;
import dev.aevum.persistence.Persistence;
import dev.aevum.persistence.ShardOwnershipLostException;
import dev.aevum.persistence.sql.SqlPersistence;
import dev.aevum.persistence.testing.TestDatabases;
import dev.aevum.proto.persistence.ExecutionInfo;
import dev.aevum.proto.persistence.TimerTask;
import dev.aevum.proto.persistence.WorkflowTaskInfo;
import dev.aevum.server.common.ServiceException;
import dev.aevum.server.history.internal.metrics.HistoryMetrics;
import io.grpc.Context;
import io.grpc.Status;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.ActivityTaskCompletedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskStartedEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionTerminatedEventAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShardContextTest {
  private Persistence persistence;
  private final List<RunKey> committed = new ArrayList<>();

  @BeforeEach
  void open() {
    persistence = SqlPersistence.open(TestDatabases.sqliteInMemory());
    persistence.migrate();
  }

  @AfterEach
  void close() {
    persistence.close();
  }

  private ShardContext shard(int maxEvents) {
    var limits =
        new ShardContext.HistoryLimits(
            maxEvents,
            Long.MAX_VALUE,
            (tx, reason) -> {
              tx.append(
                  HistoryEvent.newBuilder()
                      .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED)
                      .setWorkflowExecutionTerminatedEventAttributes(
                          WorkflowExecutionTerminatedEventAttributes.newBuilder()
                              .setReason(reason)));
              tx.state()
                  .getExecutionBuilder()
                  .setStatus(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED_VALUE);
            });
    return new ShardContext(
        1,
        shared(persistence),
        100,
        limits,
        (s, key, state, tasks, newEvents) -> committed.add(key));
  }

  private static ShardContext.Shared shared(Persistence p) {
    return new ShardContext.Shared(
        p,
        Clock.systemUTC(),
        new GroupCommitter(p.executions()::apply, Runnable::run, HistoryMetrics.none(), 1),
        new EventCache(1 << 20),
        HistoryMetrics.none());
  }

  private static void createRun(ShardContext shard, RunKey key) {
    shard.create(
        key,
        Optional.empty(),
        tx -> {
          tx.state()
              .setExecution(
                  ExecutionInfo.newBuilder()
                      .setNamespaceId(key.namespaceId())
                      .setWorkflowId(key.workflowId())
                      .setRunId(key.runId())
                      .setCreateRequestId("req")
                      .setStatus(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE));
          tx.append(marker());
          return null;
        });
  }

  private static HistoryEvent.Builder marker() {
    return HistoryEvent.newBuilder()
        .setEventType(EventType.EVENT_TYPE_MARKER_RECORDED)
        .setMarkerRecordedEventAttributes(
            MarkerRecordedEventAttributes.newBuilder().setMarkerName("m"));
  }

  /** A shard on a store whose faults the test switches; committed tasks land in {@code queued}. */
  private ShardContext faultyShard(FaultyPersistence faulty, List<HistoryTask> queued) {
    var limits = new ShardContext.HistoryLimits(1000, Long.MAX_VALUE, (tx, reason) -> {});
    return new ShardContext(
        1,
        shared(faulty),
        100,
        limits,
        (s, key, state, tasks, newEvents) -> {
          committed.add(key);
          queued.addAll(tasks);
        });
  }

  private static void markerWithTimer(Transaction tx) {
    tx.append(marker());
    tx.addTimerTask(
        TimerTask.newBuilder().setKind(TimerTask.Kind.USER_TIMER).setFireTimeMs(1).build());
  }

  @Test
  void aCreateThatGuessedNoCurrentRunWronglyIsRefusedNamingItAndTheOwnerThenKnowsIt() {
    createRun(shard(1000), new RunKey("ns", "wf", "first"));
    ShardContext cold = shard(1000); // a new owner: nothing cached
    assertThat(cold.currentIfCached("ns", "wf")).isEmpty();

    assertThatThrownBy(() -> createRun(cold, new RunKey("ns", "wf", "second")))
        .isInstanceOfSatisfying(
            CurrentExecutionConditionFailedException.class,
            e -> assertThat(e.current().runId()).isEqualTo("first"));
    assertThat(cold.currentIfCached("ns", "wf"))
        .hasValueSatisfying(c -> assertThat(c.runId()).isEqualTo("first"));
    assertThat(cold.read(new RunKey("ns", "wf", "second"))).isEmpty();
  }

  @Test
  void aDurableCommitWhoseAnswerIsLostIsAnsweredAndItsTasksQueued() {
    FaultyPersistence faulty = new FaultyPersistence(persistence);
    List<HistoryTask> queued = new ArrayList<>();
    ShardContext shard = faultyShard(faulty, queued);
    RunKey key = new RunKey("ns", "wf", "run");
    createRun(shard, key);

    faulty.nextCommit = FaultyPersistence.CommitFault.DURABLE_ANSWER_LOST;
    String answer =
        shard.update(
            key,
            tx -> {
              markerWithTimer(tx);
              return "done";
            });

    assertThat(answer).isEqualTo("done");
    assertThat(queued).hasSize(1);
    assertThat(shard.read(key).orElseThrow().getNextEventId()).isEqualTo(3);
    shard.update(key, tx -> tx.append(marker())); // the cache holds the durable version
    assertThat(HistoryReader.read(shard, key, 1, 100)).hasSize(3);
  }

  @Test
  void aCommitLostWithItsAnswerIsReportedUnavailableAndLeavesNoTrace() {
    FaultyPersistence faulty = new FaultyPersistence(persistence);
    List<HistoryTask> queued = new ArrayList<>();
    ShardContext shard = faultyShard(faulty, queued);
    RunKey key = new RunKey("ns", "wf", "run");
    createRun(shard, key);

    faulty.nextCommit = FaultyPersistence.CommitFault.LOST_WITH_ITS_ANSWER;
    assertThatThrownBy(
            () ->
                shard.update(
                    key,
                    tx -> {
                      markerWithTimer(tx);
                      return null;
                    }))
        .isInstanceOfSatisfying(
            ServiceException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));

    assertThat(queued).isEmpty();
    assertThat(shard.read(key).orElseThrow().getNextEventId()).isEqualTo(2);
    shard.update(key, tx -> tx.append(marker()));
    assertThat(HistoryReader.read(shard, key, 1, 100)).hasSize(2);
  }

  @Test
  void anOutcomeTheDatabaseCannotTellYetIsSettledOnceItAnswers() {
    FaultyPersistence faulty = new FaultyPersistence(persistence);
    List<HistoryTask> queued = new ArrayList<>();
    ShardContext shard = faultyShard(faulty, queued);
    RunKey key = new RunKey("ns", "wf", "run");
    createRun(shard, key);

    faulty.nextCommit = FaultyPersistence.CommitFault.DURABLE_ANSWER_LOST;
    faulty.readsFail = true;
    Context withDeadline =
        Context.current()
            .withDeadlineAfter(
                600, TimeUnit.MILLISECONDS, Executors.newSingleThreadScheduledExecutor());
    assertThatThrownBy(
            () ->
                withDeadline.call(
                    () ->
                        shard.update(
                            key,
                            tx -> {
                              markerWithTimer(tx);
                              return null;
                            })))
        .isInstanceOfSatisfying(
            ServiceException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
    assertThat(queued).isEmpty();
    assertThat(shard.settleInDoubt()).isEqualTo(1); // still unreachable: still in doubt

    faulty.readsFail = false;
    assertThat(shard.settleInDoubt()).isZero();
    assertThat(queued).hasSize(1); // the durable write's task reached the queues after all
    assertThat(shard.read(key).orElseThrow().getNextEventId()).isEqualTo(3);
  }

  @Test
  void aRunInDoubtIsSettledBeforeItIsServedAgain() {
    FaultyPersistence faulty = new FaultyPersistence(persistence);
    List<HistoryTask> queued = new ArrayList<>();
    ShardContext shard = faultyShard(faulty, queued);
    RunKey key = new RunKey("ns", "wf", "run");
    createRun(shard, key);

    faulty.nextCommit = FaultyPersistence.CommitFault.DURABLE_ANSWER_LOST;
    faulty.readsFail = true;
    Context withDeadline =
        Context.current()
            .withDeadlineAfter(
                600, TimeUnit.MILLISECONDS, Executors.newSingleThreadScheduledExecutor());
    assertThatThrownBy(
            () ->
                withDeadline.call(
                    () ->
                        shard.update(
                            key,
                            tx -> {
                              markerWithTimer(tx);
                              return null;
                            })))
        .isInstanceOf(ServiceException.class);

    faulty.readsFail = false;
    shard.update(key, tx -> tx.append(marker())); // settles first, then builds on the durable write
    assertThat(queued).hasSize(1);
    assertThat(HistoryReader.read(shard, key, 1, 100))
        .extracting(HistoryEvent::getEventId)
        .containsExactly(1L, 2L, 3L);
  }

  @Test
  void commitsEventsAndStateTogether() {
    ShardContext shard = shard(1000);
    RunKey key = new RunKey("ns", "wf", "run");
    createRun(shard, key);
    shard.update(key, tx -> tx.append(marker()));
    assertThat(HistoryReader.read(shard, key, 1, 100))
        .extracting(HistoryEvent::getEventId)
        .containsExactly(1L, 2L);
    assertThat(shard.read(key).orElseThrow().getNextEventId()).isEqualTo(3);
    assertThat(committed).hasSize(2);
  }

  @Test
  void aStaleOwnerCannotCommit() {
    ShardContext old = shard(1000);
    RunKey key = new RunKey("ns", "wf", "run");
    createRun(old, key);
    ShardContext taker = shard(1000);
    assertThatThrownBy(() -> old.update(key, tx -> tx.append(marker())))
        .isInstanceOf(ShardOwnershipLostException.class);
    // Nothing of the fenced write is visible to the new owner.
    assertThat(taker.read(key).orElseThrow().getNextEventId()).isEqualTo(2);
    taker.update(key, tx -> tx.append(marker()));
    assertThat(HistoryReader.read(taker, key, 1, 100)).hasSize(2);
  }

  @Test
  void aFailedTransitionLeavesNoTrace() {
    ShardContext shard = shard(1000);
    RunKey key = new RunKey("ns", "wf", "run");
    createRun(shard, key);
    assertThatThrownBy(
            () ->
                shard.update(
                    key,
                    tx -> {
                      tx.append(marker());
                      throw new IllegalStateException("handler failed");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(shard.read(key).orElseThrow().getNextEventId()).isEqualTo(2);
    assertThat(HistoryReader.read(shard, key, 1, 100)).hasSize(1);
  }

  @Test
  void outgrowingTheHistoryCountLimitTerminatesTheRun() {
    ShardContext shard = shard(3);
    RunKey key = new RunKey("ns", "wf", "run");
    createRun(shard, key);
    shard.update(key, tx -> tx.append(marker()));
    assertThatThrownBy(
            () ->
                shard.update(
                    key,
                    tx -> {
                      tx.append(marker());
                      tx.append(marker());
                      return null;
                    }))
        .isInstanceOf(ServiceException.class)
        .hasMessage("Workflow history count exceeds limit.");
    var events = HistoryReader.read(shard, key, 1, 100);
    assertThat(events)
        .extracting(HistoryEvent::getEventType)
        .containsExactly(
            EventType.EVENT_TYPE_MARKER_RECORDED,
            EventType.EVENT_TYPE_MARKER_RECORDED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
    assertThat(shard.read(key).orElseThrow().getExecution().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED_VALUE);
  }

  @Test
  void bufferedEventsFlushWithCompletionsLastAndWiredIds() {
    ShardContext shard = shard(1000);
    RunKey key = new RunKey("ns", "wf", "run");
    createRun(shard, key);
    shard.update(
        key,
        tx -> {
          tx.state()
              .setWorkflowTask(
                  WorkflowTaskInfo.newBuilder().setScheduledEventId(5).setStartedEventId(6));
          tx.appendExternal(
              HistoryEvent.newBuilder()
                  .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
                  .setActivityTaskCompletedEventAttributes(
                      ActivityTaskCompletedEventAttributes.newBuilder()
                          .setScheduledEventId(42)
                          .setResult(Payloads.getDefaultInstance())));
          tx.appendExternal(
              HistoryEvent.newBuilder()
                  .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
                  .setActivityTaskStartedEventAttributes(
                      ActivityTaskStartedEventAttributes.newBuilder().setScheduledEventId(42)));
          assertThat(tx.read().getBufferedEventsCount()).isEqualTo(2);
          tx.state().clearWorkflowTask();
          tx.flushBufferedEvents();
          return null;
        });
    var events = HistoryReader.read(shard, key, 2, 100);
    assertThat(events)
        .extracting(HistoryEvent::getEventType)
        .containsExactly(
            EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
            EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
    assertThat(events.get(1).getActivityTaskCompletedEventAttributes().getStartedEventId())
        .isEqualTo(events.get(0).getEventId());
  }
}
