package dev.aevum.server.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import com.google.protobuf.DoubleValue;
import dev.aevum.proto.matching.AddTaskRequest;
import dev.aevum.proto.matching.DescribeTaskQueueRequest;
import dev.aevum.proto.matching.MatchingServiceGrpc;
import dev.aevum.proto.matching.QueryTaskRequest;
import dev.aevum.proto.matching.QueryTaskResponse;
import dev.aevum.proto.matching.RespondQueryTaskRequest;
import dev.aevum.proto.token.TaskToken;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.DescribeTaskQueueMode;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.taskqueue.v1.PollerInfo;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.taskqueue.v1.TaskQueueMetadata;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedRequest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Query tasks and DescribeTaskQueue, over the same harness as {@link MatchingRoleTest}. */
class QueryAndDescribeTest extends MatchingTestBase {
  // ---- queries

  @Test
  void queryIsHandedToAWaitingPollerWithAQueryTokenAndAnswered() throws Exception {
    ListenableFuture<PollResponse> poll =
        pollWorkflow(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "worker-1");
    awaitWaitingPollers(QUEUE, false, 1);

    ListenableFuture<QueryTaskResponse> query = query(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL);

    PollWorkflowTaskQueueResponse task = workflowResponse(poll);
    assertThat(task.getQuery().getQueryType()).isEqualTo("state");
    assertThat(task.getWorkflowExecution().getWorkflowId()).isEqualTo("wf-q");
    TaskToken token = TaskToken.parseFrom(task.getTaskToken());
    assertThat(token.getKind()).isEqualTo(TaskToken.Kind.QUERY_TASK);
    assertThat(token.getNamespaceId()).isEqualTo(NS_ID);
    assertThat(token.getWorkflowId()).isEqualTo("wf-q");
    assertThat(token.getRunId()).isEqualTo("run-q");
    assertThat(token.getQueryTaskId()).isNotEmpty();
    assertThat(history.calls).as("a query task is never started in history").isEmpty();
    assertThat(query.isDone()).isFalse();

    ByteString completion = completion("42");
    blocking.respondQueryTaskCompleted(respond(token.getQueryTaskId(), completion));

    assertThat(query.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getCompletion())
        .isEqualTo(completion);
    await("query task forgotten", () -> role.liveQueryTasks() == 0);
    // Answered once: a second answer finds nothing.
    assertNotFound(
        () -> blocking.respondQueryTaskCompleted(respond(token.getQueryTaskId(), completion)));
  }

  @Test
  void queryWaitsForAPollerThatComesLater() throws Exception {
    ListenableFuture<QueryTaskResponse> query = query(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL);
    await("query task queued", () -> role.liveQueryTasks() == 1);

    PollWorkflowTaskQueueResponse task =
        workflowResponse(pollWorkflow(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "worker-1"));
    String queryTaskId = TaskToken.parseFrom(task.getTaskToken()).getQueryTaskId();
    blocking.respondQueryTaskCompleted(respond(queryTaskId, completion("late")));

    assertThat(query.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getCompletion())
        .isEqualTo(completion("late"));
  }

  @Test
  void queryGoesAheadOfWaitingNormalTasks() throws Exception {
    blocking.addWorkflowTask(task(QUEUE, 7));
    ListenableFuture<QueryTaskResponse> query = query(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL);
    await("query task queued", () -> role.liveQueryTasks() == 1);

    PollWorkflowTaskQueueResponse first =
        workflowResponse(pollWorkflow(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "worker-1"));
    assertThat(TaskToken.parseFrom(first.getTaskToken()).getKind())
        .isEqualTo(TaskToken.Kind.QUERY_TASK);
    PollWorkflowTaskQueueResponse second =
        workflowResponse(pollWorkflow(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "worker-1"));
    assertThat(second.getTaskToken()).isEqualTo(FakeHistory.token(7));

    blocking.respondQueryTaskCompleted(
        respond(TaskToken.parseFrom(first.getTaskToken()).getQueryTaskId(), completion("x")));
    assertThat(query.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getCompletion())
        .isEqualTo(completion("x"));
  }

  @Test
  void stickyQueryIsHandedToTheStickyWorker() throws Exception {
    ListenableFuture<PollResponse> poll =
        pollWorkflow("sticky-1", TaskQueueKind.TASK_QUEUE_KIND_STICKY, "worker-1");
    awaitWaitingPollers("sticky-1", true, 1);

    ListenableFuture<QueryTaskResponse> query =
        query("sticky-1", TaskQueueKind.TASK_QUEUE_KIND_STICKY);

    TaskToken token = TaskToken.parseFrom(workflowResponse(poll).getTaskToken());
    blocking.respondQueryTaskCompleted(respond(token.getQueryTaskId(), completion("sticky")));
    assertThat(query.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getCompletion())
        .isEqualTo(completion("sticky"));
  }

  @Test
  void stickyQueryToAGoneWorkerFailsWithTheStickyError() throws Exception {
    // Never polled: the sticky queue does not even exist.
    assertStickyUnavailable(
        () ->
            blocking.queryWorkflow(queryRequest("sticky-1", TaskQueueKind.TASK_QUEUE_KIND_STICKY)));

    // Polled, then silent for longer than the sticky window.
    restartRole(settings().withLongPollExpiration(Duration.ofMillis(100)));
    assertThat(
            pollWorkflow("sticky-1", TaskQueueKind.TASK_QUEUE_KIND_STICKY, "worker-1")
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .getResponse())
        .isEmpty();
    clock.advance(Duration.ofSeconds(11));
    assertStickyUnavailable(
        () ->
            blocking.queryWorkflow(queryRequest("sticky-1", TaskQueueKind.TASK_QUEUE_KIND_STICKY)));
    assertThat(role.liveQueryTasks()).isZero();
  }

  @Test
  void queryNobodyPollsForFailsAsWorkerDown() throws Exception {
    restartRole(settings().withQueryDispatchTimeout(Duration.ofMillis(200)));

    assertThatThrownBy(
            () -> blocking.queryWorkflow(queryRequest(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo(
                      "no poller seen for task queue orders within 0.2s, worker may be down");
            });
    await("query task forgotten", () -> role.liveQueryTasks() == 0);
  }

  @Test
  void queryFailsWithAClearErrorBeforeTheCallersDeadline() {
    // Query timeout 20 s, caller deadline 1.5 s: matching answers about 1 s before the deadline.
    assertThatThrownBy(
            () ->
                MatchingServiceGrpc.newBlockingStub(matchingChannel)
                    .withDeadlineAfter(1500, TimeUnit.MILLISECONDS)
                    .queryWorkflow(queryRequest(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription())
                  .startsWith("no poller seen for task queue orders within");
            });
  }

  @Test
  void cancelledQueryIsDroppedAndALaterPollerDoesNotGetIt() throws Exception {
    Context.CancellableContext context = Context.current().withCancellation();
    ListenableFuture<QueryTaskResponse> query =
        context.call(() -> query(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL));
    await("query task queued", () -> role.liveQueryTasks() == 1);

    context.cancel(null);
    await("query task dropped", () -> role.liveQueryTasks() == 0);
    blocking.addWorkflowTask(task(QUEUE, 5));

    PollWorkflowTaskQueueResponse next =
        workflowResponse(pollWorkflow(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "worker-1"));
    assertThat(next.getTaskToken()).isEqualTo(FakeHistory.token(5));
    assertThatThrownBy(() -> query.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
        .hasCauseInstanceOf(StatusRuntimeException.class);
  }

  @Test
  void answerToAnUnknownQueryTaskIsNotFound() {
    assertNotFound(
        () -> blocking.respondQueryTaskCompleted(respond("no-such-task", completion("x"))));
  }

  @Test
  void answerFromAnotherNamespaceIsNotFound() throws Exception {
    ListenableFuture<QueryTaskResponse> query = query(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL);
    String id =
        TaskToken.parseFrom(
                workflowResponse(
                        pollWorkflow(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "worker-1"))
                    .getTaskToken())
            .getQueryTaskId();

    assertNotFound(
        () ->
            blocking.respondQueryTaskCompleted(
                respond(id, completion("x")).toBuilder().setNamespaceId("ns-other").build()));
    assertThat(query.isDone()).isFalse();
    blocking.respondQueryTaskCompleted(respond(id, completion("x")));
    assertThat(query.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getCompletion())
        .isEqualTo(completion("x"));
  }

  @Test
  void closeFailsWaitingQueriesRetryably() throws Exception {
    ListenableFuture<QueryTaskResponse> query = query(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL);
    await("query task queued", () -> role.liveQueryTasks() == 1);

    role.close();

    assertThatThrownBy(() -> query.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
        .cause()
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void badQueryInputIsRejectedNamingTheField() {
    assertInvalid(
        () -> blocking.queryWorkflow(queryRequest("", TaskQueueKind.TASK_QUEUE_KIND_NORMAL)),
        "task_queue");
    assertInvalid(
        () ->
            blocking.queryWorkflow(
                queryRequest(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL).toBuilder()
                    .setPollResponse(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff}))
                    .build()),
        "poll_response");
    assertInvalid(
        () -> blocking.respondQueryTaskCompleted(respond("", completion("x"))), "query_task_id");
    assertInvalid(
        () ->
            blocking.describeTaskQueue(
                DescribeTaskQueueRequest.newBuilder()
                    .setNamespaceId(NS_ID)
                    .setRequest(
                        describeRequest(QUEUE, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW).toBuilder()
                            .setTaskQueue(TaskQueue.newBuilder().setName(""))
                            .build()
                            .toByteString())
                    .build()),
        "task_queue.name");
  }

  // ---- DescribeTaskQueue

  @Test
  void describeListsTheRecentPollersOfTheRequestedType() throws Exception {
    ListenableFuture<PollResponse> w1 =
        pollWorkflow(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "worker-1");
    awaitWaitingPollers(QUEUE, false, 1);
    clock.advance(Duration.ofSeconds(1));
    ListenableFuture<PollResponse> w2 =
        pollWorkflow(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "worker-2");
    awaitWaitingPollers(QUEUE, false, 2);
    ListenableFuture<PollResponse> a1 =
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
                        .setIdentity("activity-worker")
                        .setTaskQueueMetadata(
                            TaskQueueMetadata.newBuilder().setMaxTasksPerSecond(DoubleValue.of(5)))
                        .build()
                        .toByteString())
                .build());
    await("activity poller parked", () -> role.waitingPollers(NS_ID, QUEUE, false, false) == 1);

    DescribeTaskQueueResponse workflow = describe(QUEUE, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW);
    assertThat(workflow.getPollersList())
        .extracting(PollerInfo::getIdentity)
        .containsExactly("worker-2", "worker-1");
    assertThat(workflow.getPollers(0).getLastAccessTime().getSeconds())
        .isEqualTo(clock.instant().getEpochSecond());
    assertThat(workflow.getPollers(0).getRatePerSecond()).isEqualTo(100_000.0);
    assertThat(describe(QUEUE, TaskQueueType.TASK_QUEUE_TYPE_UNSPECIFIED).getPollersList())
        .extracting(PollerInfo::getIdentity)
        .containsExactly("worker-2", "worker-1");

    DescribeTaskQueueResponse activity = describe(QUEUE, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY);
    assertThat(activity.getPollersList())
        .extracting(PollerInfo::getIdentity)
        .containsExactly("activity-worker");
    assertThat(activity.getPollers(0).getRatePerSecond()).isEqualTo(5.0);

    assertThat(describe("other", TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW).getPollersList())
        .isEmpty();

    // Pollers drop off a few minutes after their last poll.
    clock.advance(Duration.ofMinutes(6));
    assertThat(describe(QUEUE, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW).getPollersList()).isEmpty();
    role.close();
    for (ListenableFuture<PollResponse> poll : List.of(w1, w2, a1)) {
      assertThat(poll.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getResponse()).isEmpty();
    }
  }

  @Test
  void describeOfAStickyQueueListsItsWorker() throws Exception {
    ListenableFuture<PollResponse> poll =
        pollWorkflow("sticky-1", TaskQueueKind.TASK_QUEUE_KIND_STICKY, "worker-9");
    awaitWaitingPollers("sticky-1", true, 1);

    DescribeTaskQueueResponse sticky =
        DescribeTaskQueueResponse.parseFrom(
            blocking
                .describeTaskQueue(
                    DescribeTaskQueueRequest.newBuilder()
                        .setNamespaceId(NS_ID)
                        .setRequest(
                            describeRequest("sticky-1", TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                                .toBuilder()
                                .setTaskQueue(
                                    TaskQueue.newBuilder()
                                        .setName("sticky-1")
                                        .setKind(TaskQueueKind.TASK_QUEUE_KIND_STICKY))
                                .build()
                                .toByteString())
                        .build())
                .getResponse());

    assertThat(sticky.getPollersList())
        .extracting(PollerInfo::getIdentity)
        .containsExactly("worker-9");
    assertThat(describe("sticky-1", TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW).getPollersList())
        .as("the normal queue of that name is another queue")
        .isEmpty();
    role.close();
    assertThat(poll.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getResponse()).isEmpty();
  }

  @Test
  void enhancedDescribeReportsPollersPerTypeUnderTheUnversionedBuildId() throws Exception {
    ListenableFuture<PollResponse> poll =
        pollWorkflow(QUEUE, TaskQueueKind.TASK_QUEUE_KIND_NORMAL, "worker-1");
    awaitWaitingPollers(QUEUE, false, 1);

    DescribeTaskQueueResponse response =
        DescribeTaskQueueResponse.parseFrom(
            blocking
                .describeTaskQueue(
                    DescribeTaskQueueRequest.newBuilder()
                        .setNamespaceId(NS_ID)
                        .setRequest(
                            describeRequest(QUEUE, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                                .toBuilder()
                                .setApiMode(DescribeTaskQueueMode.DESCRIBE_TASK_QUEUE_MODE_ENHANCED)
                                .addTaskQueueTypes(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                                .addTaskQueueTypes(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)
                                .setReportPollers(true)
                                .build()
                                .toByteString())
                        .build())
                .getResponse());

    assertThat(response.getPollersList()).isEmpty();
    assertThat(response.getVersionsInfoMap()).containsOnlyKeys("");
    var types = response.getVersionsInfoOrThrow("").getTypesInfoMap();
    assertThat(types.get(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW_VALUE).getPollersList())
        .extracting(PollerInfo::getIdentity)
        .containsExactly("worker-1");
    assertThat(types.get(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY_VALUE).getPollersList()).isEmpty();
    role.close();
    assertThat(poll.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getResponse()).isEmpty();
  }

  // ---- helpers

  private ListenableFuture<PollResponse> pollWorkflow(
      String queue, TaskQueueKind kind, String identity) {
    return pollWorkflowAsync(
        30,
        TimeUnit.SECONDS,
        PollRequest.newBuilder()
            .setNamespaceId(NS_ID)
            .setNamespace(NS)
            .setPollerId(UUID.randomUUID().toString())
            .setRequest(
                PollWorkflowTaskQueueRequest.newBuilder()
                    .setNamespace(NS)
                    .setTaskQueue(TaskQueue.newBuilder().setName(queue).setKind(kind))
                    .setIdentity(identity)
                    .build()
                    .toByteString())
            .build());
  }

  private ListenableFuture<QueryTaskResponse> query(String queue, TaskQueueKind kind) {
    return async.withDeadlineAfter(30, TimeUnit.SECONDS).queryWorkflow(queryRequest(queue, kind));
  }

  private static QueryTaskRequest queryRequest(String queue, TaskQueueKind kind) {
    return QueryTaskRequest.newBuilder()
        .setNamespaceId(NS_ID)
        .setNamespace(NS)
        .setTaskQueue(queue)
        .setTaskQueueKind(kind.getNumber())
        .setWorkflowId("wf-q")
        .setRunId("run-q")
        .setPollResponse(
            PollWorkflowTaskQueueResponse.newBuilder()
                .setWorkflowExecution(
                    WorkflowExecution.newBuilder().setWorkflowId("wf-q").setRunId("run-q"))
                .setQuery(WorkflowQuery.newBuilder().setQueryType("state"))
                .build()
                .toByteString())
        .build();
  }

  private static RespondQueryTaskRequest respond(String queryTaskId, ByteString completion) {
    return RespondQueryTaskRequest.newBuilder()
        .setNamespaceId(NS_ID)
        .setQueryTaskId(queryTaskId)
        .setCompletion(completion)
        .build();
  }

  private static ByteString completion(String answer) {
    return RespondQueryTaskCompletedRequest.newBuilder()
        .setQueryResult(
            Payloads.newBuilder()
                .addPayloads(Payload.newBuilder().setData(ByteString.copyFromUtf8(answer))))
        .build()
        .toByteString();
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

  private static io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest describeRequest(
      String queue, TaskQueueType type) {
    return io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest.newBuilder()
        .setNamespace(NS)
        .setTaskQueue(
            TaskQueue.newBuilder().setName(queue).setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL))
        .setTaskQueueType(type)
        .build();
  }

  private DescribeTaskQueueResponse describe(String queue, TaskQueueType type) throws Exception {
    return DescribeTaskQueueResponse.parseFrom(
        blocking
            .describeTaskQueue(
                DescribeTaskQueueRequest.newBuilder()
                    .setNamespaceId(NS_ID)
                    .setRequest(describeRequest(queue, type).toByteString())
                    .build())
            .getResponse());
  }

  private void awaitWaitingPollers(String queue, boolean sticky, int n) {
    await(
        n + " waiting pollers on " + queue,
        () -> role.waitingPollers(NS_ID, queue, true, sticky) == n);
  }

  private static void assertNotFound(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo("query task not found, or already expired");
            });
  }
}
