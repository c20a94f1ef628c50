package dev.aevum.server.matching;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import dev.aevum.persistence.BacklogEntry;
import dev.aevum.persistence.TaskQueueKey;
import dev.aevum.proto.matching.AddTaskRequest;
import dev.aevum.proto.matching.AddTaskResponse;
import dev.aevum.proto.matching.StickyWorkerShutDownRequest;
import io.grpc.Status;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A task added to a normal queue while no poller waits is held in memory, its AddTask unanswered
 * (history keeps it durable meanwhile), and written to the backlog only if no poller takes it in
 * time or too many are held.
 */
class DeferredTasksTest extends MatchingTestBase {
  private static final String STICKY = "worker-1-sticky";

  @Test
  void aPollerThatComesSoonTakesTheTaskAndNothingIsPersisted() throws Exception {
    restartRole(settings().withDeferredTaskWait(Duration.ofSeconds(30)));
    ListenableFuture<AddTaskResponse> add = async.addWorkflowTask(task(QUEUE, 7));
    await("task held", () -> role.heldTasks(NS_ID, QUEUE) == 1);
    assertThat(add.isDone()).as("AddTask answered before the task was taken").isFalse();
    assertThat(backlog()).isEmpty();

    PollResponse poll = pollWorkflow().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

    assertThat(workflowResponseOf(poll).getTaskToken()).isEqualTo(FakeHistory.token(7));
    add.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(backlog()).isEmpty();
  }

  @Test
  void aTaskNoPollerTakesInTimeIsPersistedThenAnswered() throws Exception {
    restartRole(settings().withDeferredTaskWait(Duration.ofMillis(200)));
    async.addWorkflowTask(task(QUEUE, 8)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(backlog()).hasSize(1);

    assertThat(
            workflowResponseOf(pollWorkflow().get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .getTaskToken())
        .isEqualTo(FakeHistory.token(8));
    await("backlog deleted", () -> backlog().isEmpty());
  }

  @Test
  void beyondTheLimitTasksArePersistedAtOnceAndOrderIsKept() throws Exception {
    restartRole(settings().withDeferredTaskWait(Duration.ofSeconds(30)).withMaxDeferredTasks(1));
    ListenableFuture<AddTaskResponse> held = async.addWorkflowTask(task(QUEUE, 1));
    await("first task held", () -> role.heldTasks(NS_ID, QUEUE) == 1);
    async
        .addWorkflowTask(task(QUEUE, 2))
        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS); // no room: persisted
    assertThat(backlog()).hasSize(1);
    assertThat(held.isDone()).isFalse();

    // Arrival order holds across the two: the held task came first.
    assertThat(
            workflowResponseOf(pollWorkflow().get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .getTaskToken())
        .isEqualTo(FakeHistory.token(1));
    assertThat(
            workflowResponseOf(pollWorkflow().get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .getTaskToken())
        .isEqualTo(FakeHistory.token(2));
    held.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    await("backlog deleted", () -> backlog().isEmpty());
  }

  @Test
  void closingAnswersHeldTasksRetryably() throws Exception {
    restartRole(settings().withDeferredTaskWait(Duration.ofSeconds(30)));
    ListenableFuture<AddTaskResponse> held = async.addWorkflowTask(task(QUEUE, 9));
    await("task held", () -> role.heldTasks(NS_ID, QUEUE) == 1);
    role.close();
    try {
      held.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError(
          "a held task was answered OK at shutdown, so history would forget it");
    } catch (ExecutionException e) {
      assertThat(Status.fromThrowable(e.getCause()).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }
    assertThat(backlog()).isEmpty();
  }

  @Test
  void aStickyTaskIsHeldForItsWorkerAndTakenByItsNextPoll() throws Exception {
    restartRole(
        settings()
            .withDeferredTaskWait(Duration.ofSeconds(30))
            .withLongPollExpiration(Duration.ofMillis(100)));
    assertThat(
            pollWorkflow(STICKY, TaskQueueKind.TASK_QUEUE_KIND_STICKY)
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .getResponse())
        .isEmpty(); // the worker polled recently
    ListenableFuture<AddTaskResponse> add = async.addWorkflowTask(stickyTask(11));
    await("sticky task held", () -> role.heldTasks(NS_ID, STICKY, true) == 1);
    assertThat(add.isDone()).isFalse();

    PollResponse poll =
        pollWorkflow(STICKY, TaskQueueKind.TASK_QUEUE_KIND_STICKY)
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

    assertThat(workflowResponseOf(poll).getTaskToken()).isEqualTo(FakeHistory.token(11));
    add.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void aWorkerShutdownSendsItsHeldStickyTasksBackAtOnce() throws Exception {
    restartRole(
        settings()
            .withDeferredTaskWait(Duration.ofSeconds(30))
            .withLongPollExpiration(Duration.ofMillis(100)));
    assertThat(
            pollWorkflow(STICKY, TaskQueueKind.TASK_QUEUE_KIND_STICKY)
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .getResponse())
        .isEmpty();
    ListenableFuture<AddTaskResponse> add = async.addWorkflowTask(stickyTask(12));
    await("sticky task held", () -> role.heldTasks(NS_ID, STICKY, true) == 1);

    workerShutDown(STICKY);

    // History's answer to this is the normal queue, at once: no sticky timeout to wait for.
    assertStickyUnavailable(() -> getUnwrapped(add));
    // Unknown sticky queues are fine (a worker that never cached a workflow).
    workerShutDown("never-polled");
  }

  @Test
  void afterItsShutdownAWorkerGetsStickyTasksOnlyWhileItIsSeenPolling() throws Exception {
    restartRole(
        settings()
            .withDeferredTaskWait(Duration.ofSeconds(30))
            .withLongPollExpiration(Duration.ofMillis(100)));
    assertThat(
            pollWorkflow(STICKY, TaskQueueKind.TASK_QUEUE_KIND_STICKY)
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .getResponse())
        .isEmpty();
    workerShutDown(STICKY);

    // Draining: a poll that waits still gets the worker's task.
    ListenableFuture<PollResponse> draining =
        pollWorkflow(STICKY, TaskQueueKind.TASK_QUEUE_KIND_STICKY);
    await("poll waiting", () -> role.waitingPollers(NS_ID, STICKY, true, true) == 1);
    async.addWorkflowTask(stickyTask(13)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(
            workflowResponseOf(draining.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).getTaskToken())
        .isEqualTo(FakeHistory.token(13));

    // Stopped: a task that comes while nobody polls waits a moment at most, then goes back.
    ListenableFuture<AddTaskResponse> late = async.addWorkflowTask(stickyTask(14));
    assertStickyUnavailable(() -> getUnwrapped(late));
    // A second later the queue refuses at once, although the worker polled it "recently".
    clock.advance(dev.aevum.server.matching.TaskQueue.SHUT_DOWN_STICKY_WINDOW.plusMillis(1));
    assertStickyUnavailable(() -> blocking.addWorkflowTask(stickyTask(15)));
  }

  private void workerShutDown(String stickyQueue) {
    blocking.stickyWorkerShutDown(
        StickyWorkerShutDownRequest.newBuilder()
            .setNamespaceId(NS_ID)
            .setTaskQueue(stickyQueue)
            .build());
  }

  private static void getUnwrapped(ListenableFuture<?> future) {
    try {
      future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw (RuntimeException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private ListenableFuture<PollResponse> pollWorkflow(String queue, TaskQueueKind kind) {
    return pollWorkflowAsync(
        30,
        TimeUnit.SECONDS,
        PollRequest.newBuilder()
            .setNamespaceId(NS_ID)
            .setNamespace(NS)
            .setPollerId("p-" + System.nanoTime())
            .setRequest(
                PollWorkflowTaskQueueRequest.newBuilder()
                    .setNamespace(NS)
                    .setTaskQueue(TaskQueue.newBuilder().setName(queue).setKind(kind))
                    .setIdentity("worker-1")
                    .build()
                    .toByteString())
            .build());
  }

  private static AddTaskRequest stickyTask(long scheduledEventId) {
    return task(STICKY, scheduledEventId).toBuilder()
        .setTaskQueueKind(TaskQueueKind.TASK_QUEUE_KIND_STICKY_VALUE)
        .setScheduleToStartTimeoutMs(5000)
        .build();
  }

  private ListenableFuture<PollResponse> pollWorkflow() {
    return pollWorkflowAsync(
        30,
        TimeUnit.SECONDS,
        PollRequest.newBuilder()
            .setNamespaceId(NS_ID)
            .setNamespace(NS)
            .setPollerId("p-" + System.nanoTime())
            .setRequest(
                PollWorkflowTaskQueueRequest.newBuilder()
                    .setNamespace(NS)
                    .setTaskQueue(
                        TaskQueue.newBuilder()
                            .setName(QUEUE)
                            .setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL))
                    .setIdentity("worker-1")
                    .build()
                    .toByteString())
            .build());
  }

  private static PollWorkflowTaskQueueResponse workflowResponseOf(PollResponse poll)
      throws Exception {
    assertThat(poll.getResponse()).as("poll response").isNotEmpty();
    return PollWorkflowTaskQueueResponse.parseFrom(poll.getResponse());
  }

  private static AddTaskRequest task(String queue, long scheduledEventId) {
    return AddTaskRequest.newBuilder()
        .setNamespaceId(NS_ID)
        .setNamespace(NS)
        .setTaskQueue(queue)
        .setTaskQueueKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL_VALUE)
        .setWorkflowId("wf-" + scheduledEventId)
        .setRunId("run-" + scheduledEventId)
        .setScheduledEventId(scheduledEventId)
        .setAttempt(1)
        .build();
  }

  private List<BacklogEntry> backlog() {
    return persistence
        .taskQueues()
        .read(new TaskQueueKey(NS_ID, QUEUE, TaskType.WORKFLOW.number()), 0, 100);
  }
}
