package dev.aevum.server.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.ListenableFuture;
import dev.aevum.persistence.BacklogEntry;
import dev.aevum.persistence.TaskQueueKey;
import dev.aevum.proto.history.RecordTaskStartedRequest;
import dev.aevum.proto.matching.AddTaskRequest;
import dev.aevum.proto.matching.MatchingServiceGrpc;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * MatchingService over grpc-java's in-process transport, with a fake history and a real SQLite
 * store.
 */
class MatchingRoleTest extends MatchingTestBase {
  // ---- tests

  @Test
  void syncMatchHandsTheTaskToAWaitingPoller() throws Exception {
    ListenableFuture<PollResponse> poll =
        pollWorkflow(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "poll-1");
    awaitWaitingPollers(QUEUE, 1);

    blocking.addWorkflowTask(task(QUEUE, 5).build());

    assertThat(workflowResponse(poll).getTaskToken()).isEqualTo(FakeHistory.token(5));
    RecordTaskStartedRequest call = history.calls.get(0);
    assertThat(call.getRequestId()).isEqualTo("poll-1");
    assertThat(call.getIdentity()).isEqualTo("worker-1");
    assertThat(call.getTaskQueue()).isEqualTo(QUEUE);
    assertThat(call.getNamespaceId()).isEqualTo(NS_ID);
    assertThat(call.getNamespace()).isEqualTo(NS);
    assertThat(call.getWorkflowId()).isEqualTo("wf-5");
    assertThat(call.getAttempt()).isEqualTo(1);
    assertThat(backlog(QUEUE, TaskType.WORKFLOW)).isEmpty();
  }

  @Test
  void activityTasksMatchOnTheirOwnQueueType() throws Exception {
    ListenableFuture<PollResponse> poll =
        pollActivityAsync(
            30,
            TimeUnit.SECONDS,
            PollRequest.newBuilder()
                .setNamespaceId(NS_ID)
                .setNamespace(NS)
                .setPollerId("ap-1")
                .setRequest(
                    PollActivityTaskQueueRequest.newBuilder()
                        .setNamespace(NS)
                        .setTaskQueue(TaskQueue.newBuilder().setName(QUEUE))
                        .setIdentity("worker-1")
                        .build()
                        .toByteString())
                .build());
    blocking.addWorkflowTask(
        task(QUEUE, 3).build()); // another type: must not reach the activity poller
    blocking.addActivityTask(task(QUEUE, 9).build());

    PollActivityTaskQueueResponse response =
        PollActivityTaskQueueResponse.parseFrom(
            poll.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getResponse());
    assertThat(response.getTaskToken()).isEqualTo(FakeHistory.token(9));
    assertThat(backlog(QUEUE, TaskType.WORKFLOW)).hasSize(1);
  }

  @Test
  void pollExpiresWithAnEmptyResponse() throws Exception {
    restartRole(settings().withLongPollExpiration(Duration.ofMillis(200)));

    PollResponse response =
        pollWorkflow(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "poll-1")
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

    assertThat(response.getResponse()).isEmpty();
    awaitWaitingPollers(QUEUE, 0);
  }

  @Test
  void pollAnswersEmptyBeforeTheCallersDeadline() throws Exception {
    // Long poll expiration 60 s, caller deadline 1.5 s: the answer comes about 1 s before the
    // deadline.
    PollResponse response =
        pollWorkflowAsync(
                1500,
                TimeUnit.MILLISECONDS,
                pollRequest(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "poll-1"))
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

    assertThat(response.getResponse()).isEmpty();
  }

  @Test
  void backlogIsPersistedAndDeliveredInOrderToLaterPollers() throws Exception {
    blocking.addWorkflowTask(task(QUEUE, 1).build());
    blocking.addWorkflowTask(task(QUEUE, 2).build());
    assertThat(backlog(QUEUE, TaskType.WORKFLOW)).hasSize(2);
    assertThat(history.calls).isEmpty();

    assertThat(
            workflowResponse(pollWorkflow(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "p1"))
                .getTaskToken())
        .isEqualTo(FakeHistory.token(1));
    assertThat(
            workflowResponse(pollWorkflow(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "p2"))
                .getTaskToken())
        .isEqualTo(FakeHistory.token(2));
    await("backlog deleted", () -> backlog(QUEUE, TaskType.WORKFLOW).isEmpty());
  }

  @Test
  void backlogSurvivesARestartOnTheSameStore() throws Exception {
    blocking.addWorkflowTask(task(QUEUE, 4).build());
    restartRole(settings());

    assertThat(
            workflowResponse(pollWorkflow(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "p1"))
                .getTaskToken())
        .isEqualTo(FakeHistory.token(4));
    // The new owner appends under its own lease, with ids above the old owner's block.
    blocking.addWorkflowTask(task(QUEUE, 6).build());
    assertThat(backlog(QUEUE, TaskType.WORKFLOW))
        .extracting(BacklogEntry::taskId)
        .allSatisfy(id -> assertThat(id).isGreaterThan(TaskQueue_RANGE_SIZE()));
  }

  @Test
  void backlogLargerThanTheMemoryWindowIsDeliveredInOrder() throws Exception {
    restartRole(settings().withBacklogPageSize(2));
    for (long id = 1; id <= 5; id++) {
      blocking.addWorkflowTask(task(QUEUE, id).build());
    }
    restartRole(settings().withBacklogPageSize(2));
    blocking.addWorkflowTask(task(QUEUE, 6).build());

    for (long id = 1; id <= 6; id++) {
      assertThat(
              workflowResponse(pollWorkflow(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "p" + id))
                  .getTaskToken())
          .isEqualTo(FakeHistory.token(id));
    }
    await("backlog deleted", () -> backlog(QUEUE, TaskType.WORKFLOW).isEmpty());
  }

  @Test
  void ownerFencedOffByANewOwnerFailsRetryablyThenReloads() throws Exception {
    blocking.addWorkflowTask(task(QUEUE, 1).build());
    try (MatchingRole other = MatchingRole.create(settings(), persistence, historyChannel, clock)) {
      String name = "matching-other-" + UUID.randomUUID();
      InProcessServerBuilder builder = InProcessServerBuilder.forName(name);
      other.services().forEach(builder::addService);
      Server server = builder.build().start();
      ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
      try {
        // The second owner takes the lease (range id 2) by loading the queue.
        MatchingServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .addWorkflowTask(task(QUEUE, 2).build());
      } finally {
        channel.shutdownNow();
        server.shutdownNow();
      }
    }

    assertThatThrownBy(() -> blocking.addWorkflowTask(task(QUEUE, 3).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    // The retry loads the queue afresh under a new lease and reads the whole backlog.
    blocking.addWorkflowTask(task(QUEUE, 3).build());
    for (long id = 1; id <= 3; id++) {
      assertThat(
              workflowResponse(pollWorkflow(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "p" + id))
                  .getTaskToken())
          .isEqualTo(FakeHistory.token(id));
    }
  }

  @Test
  void staleTaskIsDroppedAndThePollerKeepsWaiting() throws Exception {
    history.stale.add(7L);
    ListenableFuture<PollResponse> poll =
        pollWorkflow(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "p1");
    awaitWaitingPollers(QUEUE, 1);

    blocking.addWorkflowTask(task(QUEUE, 7).build());
    assertThat(history.calls).hasSize(1);
    assertThat(poll.isDone()).isFalse();
    awaitWaitingPollers(QUEUE, 1);

    blocking.addWorkflowTask(task(QUEUE, 8).build());
    assertThat(workflowResponse(poll).getTaskToken()).isEqualTo(FakeHistory.token(8));
    assertThat(backlog(QUEUE, TaskType.WORKFLOW)).isEmpty();
  }

  @Test
  void staleBacklogTaskIsDeletedAndTheNextOneDelivered() throws Exception {
    history.stale.add(1L);
    blocking.addWorkflowTask(task(QUEUE, 1).build());
    blocking.addWorkflowTask(task(QUEUE, 2).build());

    assertThat(
            workflowResponse(pollWorkflow(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "p1"))
                .getTaskToken())
        .isEqualTo(FakeHistory.token(2));
    await("backlog deleted", () -> backlog(QUEUE, TaskType.WORKFLOW).isEmpty());
  }

  @Test
  void taskWhoseStartFailsTransientlyIsPersistedAndRetried() throws Exception {
    restartRole(settings().withStartRetryBackoff(Duration.ofMillis(50)));
    history.failOnce.add(3L);
    ListenableFuture<PollResponse> poll =
        pollWorkflow(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "p1");
    awaitWaitingPollers(QUEUE, 1);

    blocking.addWorkflowTask(task(QUEUE, 3).build());

    assertThat(workflowResponse(poll).getTaskToken()).isEqualTo(FakeHistory.token(3));
    assertThat(history.calls).hasSize(2);
    await("backlog deleted", () -> backlog(QUEUE, TaskType.WORKFLOW).isEmpty());
  }

  @Test
  void stickyQueueWithoutRecentPollerRefusesTasks() {
    assertStickyUnavailable(() -> blocking.addWorkflowTask(stickyTask("sticky-1", 5)));
    assertThat(backlog("sticky-1", TaskType.WORKFLOW)).isEmpty();
  }

  @Test
  void stickyQueueKeepsTasksInMemoryWhileItsWorkerIsRecent() throws Exception {
    restartRole(settings().withLongPollExpiration(Duration.ofMillis(100)));
    PollResponse expired =
        pollWorkflow("sticky-1", TaskQueueKind.TASK_QUEUE_KIND_STICKY, "p1")
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(expired.getResponse()).isEmpty();

    // Polled 9 s ago, nobody waiting: kept in memory, never persisted.
    clock.advance(Duration.ofSeconds(9));
    blocking.addWorkflowTask(stickyTask("sticky-1", 5));
    assertThat(backlog("sticky-1", TaskType.WORKFLOW)).isEmpty();

    PollWorkflowTaskQueueResponse next =
        workflowResponse(pollWorkflow("sticky-1", TaskQueueKind.TASK_QUEUE_KIND_STICKY, "p2"));
    assertThat(next.getTaskToken()).isEqualTo(FakeHistory.token(5));

    // 11 s after the last poll, the worker counts as gone.
    clock.advance(Duration.ofSeconds(11));
    assertStickyUnavailable(() -> blocking.addWorkflowTask(stickyTask("sticky-1", 6)));
  }

  @Test
  void stickySyncMatch() throws Exception {
    ListenableFuture<PollResponse> poll =
        pollWorkflow("sticky-1", TaskQueueKind.TASK_QUEUE_KIND_STICKY, "p1");
    awaitWaitingPollers("sticky-1", 1);
    clock.advance(
        Duration.ofSeconds(30)); // a poller that waits counts as present however long ago it came

    blocking.addWorkflowTask(stickyTask("sticky-1", 5));

    assertThat(workflowResponse(poll).getTaskToken()).isEqualTo(FakeHistory.token(5));
  }

  @Test
  void idleStickyQueueIsForgotten() throws Exception {
    restartRole(settings().withLongPollExpiration(Duration.ofMillis(100)));
    assertThat(
            pollWorkflow("sticky-1", TaskQueueKind.TASK_QUEUE_KIND_STICKY, "p1")
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .getResponse())
        .isEmpty();
    clock.advance(Duration.ofSeconds(5));
    blocking.addWorkflowTask(stickyTask("sticky-1", 5));

    role.unloadIdleStickyQueues(Duration.ofSeconds(1));

    assertStickyUnavailable(() -> blocking.addWorkflowTask(stickyTask("sticky-1", 6)));
  }

  @Test
  void cancelledPollIsRemovedAndGetsNoTask() throws Exception {
    Context.CancellableContext context = Context.current().withCancellation();
    ListenableFuture<PollResponse> poll =
        context.call(() -> pollWorkflow(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "p1"));
    awaitWaitingPollers(QUEUE, 1);

    context.cancel(null);
    awaitWaitingPollers(QUEUE, 0);
    blocking.addWorkflowTask(task(QUEUE, 5).build());

    assertThat(history.calls).isEmpty();
    assertThat(backlog(QUEUE, TaskType.WORKFLOW)).hasSize(1);
    assertThatThrownBy(() -> poll.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
        .hasCauseInstanceOf(StatusRuntimeException.class);
  }

  @Test
  void expiredBacklogTaskIsDropped() throws Exception {
    restartRole(settings().withLongPollExpiration(Duration.ofMillis(200)));
    blocking.addWorkflowTask(task(QUEUE, 5).setScheduleToStartTimeoutMs(1000).build());
    blocking.addWorkflowTask(task(QUEUE, 6).setScheduleToStartTimeoutMs(5000).build());
    assertThat(backlog(QUEUE, TaskType.WORKFLOW))
        .extracting(BacklogEntry::expiryTimeMs)
        .containsExactly(clock.millis() + 1000, clock.millis() + 5000);

    clock.advance(Duration.ofSeconds(2));

    assertThat(
            workflowResponse(pollWorkflow(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "p1"))
                .getTaskToken())
        .isEqualTo(FakeHistory.token(6));
    assertThat(history.calls)
        .extracting(RecordTaskStartedRequest::getScheduledEventId)
        .containsExactly(6L);
    await("backlog deleted", () -> backlog(QUEUE, TaskType.WORKFLOW).isEmpty());
  }

  @Test
  void closeAnswersParkedPollsEmpty() throws Exception {
    ListenableFuture<PollResponse> poll =
        pollWorkflow(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "p1");
    awaitWaitingPollers(QUEUE, 1);

    role.close();

    assertThat(poll.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getResponse()).isEmpty();
  }

  @Test
  void badInputIsRejectedNamingTheField() {
    assertInvalid(() -> blocking.addWorkflowTask(task("", 1).build()), "task_queue");
    assertInvalid(
        () -> blocking.addWorkflowTask(task(QUEUE, 1).setNamespaceId("").build()), "namespace_id");
    assertInvalid(() -> blocking.addWorkflowTask(task(QUEUE, 0).build()), "scheduled_event_id");
    assertInvalid(
        () ->
            blocking.addActivityTask(
                task(QUEUE, 1)
                    .setTaskQueueKind(TaskQueueKind.TASK_QUEUE_KIND_STICKY_VALUE)
                    .build()),
        "task_queue_kind");
    assertInvalid(
        () -> pollWorkflowBlocking(pollRequest("", TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "p")),
        "task_queue.name");
    assertInvalid(
        () ->
            pollWorkflowBlocking(
                PollRequest.newBuilder()
                    .setNamespace(NS)
                    .setRequest(
                        pollRequest(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "p").request)
                    .build()),
        "namespace_id");
  }

  // ---- helpers

  private static long TaskQueue_RANGE_SIZE() {
    return dev.aevum.server.matching.TaskQueue.RANGE_SIZE;
  }

  private ListenableFuture<PollResponse> pollWorkflow(
      String queue, TaskQueueKind kind, String pollerId) {
    return pollWorkflowAsync(30, TimeUnit.SECONDS, pollRequest(queue, kind, pollerId));
  }

  private static PollRequest pollRequest(String queue, TaskQueueKind kind, String pollerId) {
    return PollRequest.newBuilder()
        .setNamespaceId(NS_ID)
        .setNamespace(NS)
        .setPollerId(pollerId)
        .setRequest(
            PollWorkflowTaskQueueRequest.newBuilder()
                .setNamespace(NS)
                .setTaskQueue(TaskQueue.newBuilder().setName(queue).setKind(kind))
                .setIdentity("worker-1")
                .build()
                .toByteString())
        .build();
  }

  private static AddTaskRequest.Builder task(String queue, long scheduledEventId) {
    return AddTaskRequest.newBuilder()
        .setNamespaceId(NS_ID)
        .setNamespace(NS)
        .setTaskQueue(queue)
        .setTaskQueueKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL_VALUE)
        .setWorkflowId("wf-" + scheduledEventId)
        .setRunId("run-" + scheduledEventId)
        .setScheduledEventId(scheduledEventId)
        .setAttempt(1);
  }

  private static AddTaskRequest stickyTask(String queue, long scheduledEventId) {
    return task(queue, scheduledEventId)
        .setTaskQueueKind(TaskQueueKind.TASK_QUEUE_KIND_STICKY_VALUE)
        .setScheduleToStartTimeoutMs(5000)
        .build();
  }

  private List<BacklogEntry> backlog(String queue, TaskType type) {
    if (queue.isEmpty()) {
      return List.of();
    }
    return persistence.taskQueues().read(new TaskQueueKey(NS_ID, queue, type.number()), 0, 100);
  }

  private void awaitWaitingPollers(String queue, int n) {
    boolean sticky = queue.startsWith("sticky");
    await(
        n + " waiting pollers on " + queue,
        () -> role.waitingPollers(NS_ID, queue, true, sticky) == n);
  }
}
