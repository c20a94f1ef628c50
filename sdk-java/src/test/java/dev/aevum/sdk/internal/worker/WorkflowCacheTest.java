package dev.aevum.sdk.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.internal.replay.WorkflowExecutionRunner;
import dev.aevum.sdk.workflow.Workflow;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Parked (heartbeated) executions: kept for their next task, closed when no task ever came; a
 * runner a query borrowed never replaces a newer one.
 */
class WorkflowCacheTest {
  private final AtomicLong now = new AtomicLong();

  private static WorkflowExecutionRunner runner(String runId) {
    return new WorkflowExecutionRunner(
        input -> Optional.empty(),
        DataConverter.defaultInstance(),
        "ns",
        "wf",
        runId,
        Duration.ofSeconds(1));
  }

  @Test
  void aParkedExecutionIsKeptEvenWithCachingOffAndTakenByItsNextTask() {
    WorkflowCache cache = new WorkflowCache(0, now::get);
    WorkflowExecutionRunner runner = runner("run-1");
    cache.park("run-1", runner);
    now.addAndGet(Duration.ofSeconds(30).toNanos());
    assertThat(cache.take("run-1")).containsSame(runner);
    assertThat(runner.isClosed()).isFalse();
    runner.close();
  }

  @Test
  void aParkedExecutionNoTaskCameForIsClosedAfterItsTimeToLive() throws InterruptedException {
    WorkflowCache cache = new WorkflowCache(0, now::get);
    CountDownLatch unwound = new CountDownLatch(1);
    // A workflow blocked for good, as one waiting for its local activities would be.
    WorkflowExecutionRunner orphan =
        new WorkflowExecutionRunner(
            input -> {
              try {
                Workflow.await(() -> false);
              } finally {
                unwound.countDown();
              }
              return Optional.empty();
            },
            DataConverter.defaultInstance(),
            "ns",
            "wf",
            "run-orphan",
            Duration.ofSeconds(1));
    orphan.process(firstTask());
    cache.park("run-orphan", orphan);
    now.addAndGet(WorkflowCache.PARKED_TTL_NANOS - 1);
    assertThat(cache.take("some-other-run")).isEmpty();
    assertThat(unwound.getCount()).isEqualTo(1); // not yet expired

    now.addAndGet(2);
    assertThat(cache.take("some-other-run")).isEmpty();

    assertThat(unwound.await(10, TimeUnit.SECONDS))
        .as("the orphan's workflow thread was unwound")
        .isTrue();
    assertThat(cache.take("run-orphan")).isEmpty();
  }

  @Test
  void aRunnerAQueryBorrowedIsClosedWhenATaskKeptANewerOneMeanwhile() throws Exception {
    WorkflowCache cache = new WorkflowCache(10, now::get);
    CountDownLatch borrowedUnwound = new CountDownLatch(1);
    CountDownLatch newerUnwound = new CountDownLatch(1);
    WorkflowExecutionRunner borrowed = blocked("run-1", borrowedUnwound);
    WorkflowExecutionRunner newer = blocked("run-1", newerUnwound);
    cache.put("run-1", newer); // a workflow task rebuilt the execution while the query ran
    cache.putBack("run-1", borrowed);
    assertThat(borrowedUnwound.await(10, TimeUnit.SECONDS)).as("borrowed runner closed").isTrue();
    assertThat(cache.take("run-1")).containsSame(newer);
    assertThat(newerUnwound.getCount()).isEqualTo(1);
    newer.close();
  }

  @Test
  void aRunnerAQueryBorrowedGoesBackWhenNothingReplacedIt() {
    WorkflowCache cache = new WorkflowCache(10, now::get);
    CountDownLatch unwound = new CountDownLatch(1);
    WorkflowExecutionRunner borrowed = blocked("run-1", unwound);
    cache.putBack("run-1", borrowed);
    assertThat(cache.take("run-1")).containsSame(borrowed);
    assertThat(unwound.getCount()).isEqualTo(1);
    borrowed.close();
  }

  @Test
  void aTaskRunnerReplacesAndClosesTheOneAQueryPutBack() throws Exception {
    WorkflowCache cache = new WorkflowCache(10, now::get);
    CountDownLatch staleUnwound = new CountDownLatch(1);
    WorkflowExecutionRunner stale = blocked("run-1", staleUnwound);
    WorkflowExecutionRunner current = blocked("run-1", new CountDownLatch(1));
    cache.putBack("run-1", stale);
    cache.put("run-1", current);
    assertThat(staleUnwound.await(10, TimeUnit.SECONDS)).as("replaced runner closed").isTrue();
    assertThat(cache.take("run-1")).containsSame(current);
    current.close();
  }

  /** A runner whose workflow waits for good; {@code unwound} counts down when it is closed. */
  private static WorkflowExecutionRunner blocked(String runId, CountDownLatch unwound) {
    WorkflowExecutionRunner runner =
        new WorkflowExecutionRunner(
            input -> {
              try {
                Workflow.await(() -> false);
              } finally {
                unwound.countDown();
              }
              return Optional.empty();
            },
            DataConverter.defaultInstance(),
            "ns",
            "wf",
            runId,
            Duration.ofSeconds(1));
    runner.process(firstTask());
    return runner;
  }

  private static List<HistoryEvent> firstTask() {
    List<HistoryEvent> events = new ArrayList<>();
    events.add(
        HistoryEvent.newBuilder()
            .setEventId(1)
            .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
            .setEventTime(Timestamp.newBuilder().setSeconds(1_000))
            .setWorkflowExecutionStartedEventAttributes(
                WorkflowExecutionStartedEventAttributes.newBuilder()
                    .setWorkflowType(WorkflowType.newBuilder().setName("Blocked"))
                    .setTaskQueue(TaskQueue.newBuilder().setName("q"))
                    .setAttempt(1))
            .build());
    events.add(
        HistoryEvent.newBuilder()
            .setEventId(2)
            .setEventType(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)
            .setEventTime(Timestamp.newBuilder().setSeconds(1_001))
            .build());
    events.add(
        HistoryEvent.newBuilder()
            .setEventId(3)
            .setEventType(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
            .setEventTime(Timestamp.newBuilder().setSeconds(1_002))
            .build());
    return events;
  }
}
