package dev.aevum.server.frontend;

import static dev.aevum.server.frontend.FrontendHarness.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.aevum.proto.token.TaskToken;
import dev.aevum.server.common.activity.StandaloneActivityIds;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.errordetails.v1.NamespaceNotFoundFailure;
import io.temporal.api.errordetails.v1.NotFoundFailure;
import io.temporal.api.failure.v1.ApplicationFailureInfo;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.*;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoutingTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private FrontendHarness frontend;
  private String namespaceId;

  @BeforeEach
  void start() throws Exception {
    frontend = FrontendHarness.start();
    namespaceId = frontend.register("ns");
  }

  @AfterEach
  void stop() throws Exception {
    frontend.close();
  }

  private static StartWorkflowExecutionRequest start(String workflowId) {
    return StartWorkflowExecutionRequest.newBuilder()
        .setNamespace("ns")
        .setWorkflowId(workflowId)
        .setWorkflowType(WorkflowType.newBuilder().setName("Order"))
        .setTaskQueue(TaskQueue.newBuilder().setName("orders"))
        .build();
  }

  private ByteString token(String workflowId) {
    return TaskToken.newBuilder()
        .setKind(TaskToken.Kind.ACTIVITY_TASK)
        .setNamespaceId(namespaceId)
        .setWorkflowId(workflowId)
        .setRunId("11111111-1111-1111-1111-111111111111")
        .setScheduledEventId(5)
        .build()
        .toByteString();
  }

  @Test
  void startIsRoutedToHistoryWithTheResolvedNamespaceAndDefaults() throws Exception {
    frontend.history.answer(
        "StartWorkflowExecution",
        StartWorkflowExecutionResponse.newBuilder().setRunId("run-1").setStarted(true).build());

    StartWorkflowExecutionResponse response =
        frontend.workflow().startWorkflowExecution(start("wf-1"));

    assertThat(response.getRunId()).isEqualTo("run-1");
    FakeHistory.Call call = frontend.history.next(WAIT);
    assertThat(call.method()).isEqualTo("StartWorkflowExecution");
    assertThat(call.request().getNamespaceId()).isEqualTo(namespaceId);
    assertThat(call.request().getNamespace()).isEqualTo("ns");
    assertThat(call.request().getWorkflowId()).isEqualTo("wf-1");
    StartWorkflowExecutionRequest forwarded =
        StartWorkflowExecutionRequest.parseFrom(call.request().getRequest());
    assertThat(forwarded.getWorkflowId()).isEqualTo("wf-1");
    // Temporal fills these at the edge; history stores what it receives.
    assertThat(forwarded.getRequestId()).hasSize(36);
    assertThat(forwarded.getTaskQueue().getKind()).isEqualTo(TaskQueueKind.TASK_QUEUE_KIND_NORMAL);
    assertThat(forwarded.getWorkflowIdReusePolicy())
        .isEqualTo(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
    assertThat(forwarded.getWorkflowIdConflictPolicy())
        .isEqualTo(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL);
  }

  @Test
  void aRetryPolicyGetsTemporalsDefaults() throws Exception {
    frontend
        .workflow()
        .startWorkflowExecution(
            start("wf-retry").toBuilder()
                .setRetryPolicy(RetryPolicy.newBuilder().setMaximumAttempts(3))
                .build());

    StartWorkflowExecutionRequest forwarded =
        StartWorkflowExecutionRequest.parseFrom(frontend.history.next(WAIT).request().getRequest());
    assertThat(forwarded.getRetryPolicy().getInitialInterval().getSeconds()).isEqualTo(1);
    assertThat(forwarded.getRetryPolicy().getMaximumInterval().getSeconds()).isEqualTo(100);
    assertThat(forwarded.getRetryPolicy().getBackoffCoefficient()).isEqualTo(2.0);
    assertThat(forwarded.getRetryPolicy().getMaximumAttempts()).isEqualTo(3);
  }

  @Test
  void unknownNamespaceIsNotFoundAndNothingIsForwarded() throws Exception {
    StatusRuntimeException error =
        failure(
            () ->
                frontend
                    .workflow()
                    .startWorkflowExecution(
                        start("wf").toBuilder().setNamespace("missing").build()));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            StatusProto.fromThrowable(error)
                .getDetails(0)
                .unpack(NamespaceNotFoundFailure.class)
                .getNamespace())
        .isEqualTo("missing");
    assertThat(frontend.history.nothingReceived()).isTrue();
  }

  @Test
  void historyErrorsReachTheCallerWithTheirDetails() throws Exception {
    com.google.rpc.Status notFound =
        com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.NOT_FOUND.value())
            .setMessage("workflow execution not found")
            .addDetails(Any.pack(NotFoundFailure.newBuilder().setCurrentCluster("active").build()))
            .build();
    frontend.history.fail(
        "DescribeWorkflowExecution", StatusProto.toStatusRuntimeException(notFound));

    StatusRuntimeException error =
        failure(
            () ->
                frontend
                    .workflow()
                    .describeWorkflowExecution(
                        DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace("ns")
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId("wf"))
                            .build()));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(error.getStatus().getDescription()).isEqualTo("workflow execution not found");
    assertThat(
            StatusProto.fromThrowable(error)
                .getDetails(0)
                .unpack(NotFoundFailure.class)
                .getCurrentCluster())
        .isEqualTo("active");
  }

  @Test
  void historyLongPollCompletesTheCallerWhenHistoryAnswers() throws Exception {
    frontend.history.hold("GetWorkflowExecutionHistory");
    var future =
        WorkflowServiceGrpc.newFutureStub(frontend.channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .getWorkflowExecutionHistory(
                GetWorkflowExecutionHistoryRequest.newBuilder()
                    .setNamespace("ns")
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId("wf-poll"))
                    .setWaitNewEvent(true)
                    .build());

    FakeHistory.Held held = frontend.history.nextHeld(WAIT);
    GetWorkflowExecutionHistoryRequest forwarded =
        GetWorkflowExecutionHistoryRequest.parseFrom(held.call().request().getRequest());
    assertThat(forwarded.getWaitNewEvent()).isTrue();
    assertThat(forwarded.getMaximumPageSize()).isEqualTo(256);
    assertThat(forwarded.getHistoryEventFilterType())
        .isEqualTo(HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT);
    assertThat(future.isDone()).isFalse();

    GetWorkflowExecutionHistoryResponse answer =
        GetWorkflowExecutionHistoryResponse.newBuilder()
            .setHistory(History.newBuilder().addEvents(HistoryEvent.newBuilder().setEventId(3)))
            .build();
    held.answer(answer);

    assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo(answer);
  }

  @Test
  void terminateGetsTemporalsDefaultReasonAndIdentity() throws Exception {
    frontend
        .workflow()
        .terminateWorkflowExecution(
            TerminateWorkflowExecutionRequest.newBuilder()
                .setNamespace("ns")
                .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId("wf-t"))
                .build());

    FakeHistory.Call call = frontend.history.next(WAIT);
    assertThat(call.method()).isEqualTo("TerminateWorkflowExecution");
    assertThat(call.request().getWorkflowId()).isEqualTo("wf-t");
    TerminateWorkflowExecutionRequest forwarded =
        TerminateWorkflowExecutionRequest.parseFrom(call.request().getRequest());
    assertThat(forwarded.getReason()).isEqualTo("terminated by user via frontend");
    assertThat(forwarded.getIdentity()).isEqualTo("frontend-service");
  }

  @Test
  void taskTokenCallsAreRoutedByTheTokensWorkflowId() throws Exception {
    frontend.history.answer(
        "RespondWorkflowTaskCompleted",
        RespondWorkflowTaskCompletedResponse.newBuilder().setResetHistoryEventId(7).build());

    RespondWorkflowTaskCompletedResponse response =
        frontend
            .workflow()
            .respondWorkflowTaskCompleted(
                RespondWorkflowTaskCompletedRequest.newBuilder()
                    .setTaskToken(token("wf-token"))
                    .setIdentity("worker")
                    .build());

    assertThat(response.getResetHistoryEventId()).isEqualTo(7);
    FakeHistory.Call call = frontend.history.next(WAIT);
    assertThat(call.request().getWorkflowId()).isEqualTo("wf-token");
    assertThat(call.request().getNamespaceId()).isEqualTo(namespaceId);
    assertThat(call.request().getNamespace()).isEqualTo("ns");
    assertThat(
            RespondWorkflowTaskCompletedRequest.parseFrom(call.request().getRequest())
                .getIdentity())
        .isEqualTo("worker");
  }

  @Test
  void malformedOrEmptyTokensAreRejectedAndNothingIsForwarded() {
    ByteString garbage = ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});

    StatusRuntimeException malformed =
        failure(
            () ->
                frontend
                    .workflow()
                    .respondActivityTaskCompleted(
                        RespondActivityTaskCompletedRequest.newBuilder()
                            .setTaskToken(garbage)
                            .build()));
    StatusRuntimeException empty =
        failure(
            () ->
                frontend
                    .workflow()
                    .recordActivityTaskHeartbeat(
                        RecordActivityTaskHeartbeatRequest.getDefaultInstance()));

    assertThat(malformed.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(malformed.getStatus().getDescription()).isEqualTo("Error deserializing task token.");
    assertThat(empty.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(empty.getStatus().getDescription()).isEqualTo("Invalid TaskToken.");
    assertThat(frontend.history.nothingReceived()).isTrue();
  }

  @Test
  void tokenOfAnUnknownNamespaceIsNamespaceNotFound() {
    ByteString token =
        TaskToken.newBuilder()
            .setNamespaceId("no-such-id")
            .setWorkflowId("wf")
            .build()
            .toByteString();

    StatusRuntimeException error =
        failure(
            () ->
                frontend
                    .workflow()
                    .respondWorkflowTaskFailed(
                        RespondWorkflowTaskFailedRequest.newBuilder().setTaskToken(token).build()));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(frontend.history.nothingReceived()).isTrue();
  }

  @Test
  void heartbeatByIdCarriesATokenNamingTheActivity() throws Exception {
    frontend.history.answer(
        "RecordActivityTaskHeartbeat",
        RecordActivityTaskHeartbeatResponse.newBuilder().setCancelRequested(true).build());

    RecordActivityTaskHeartbeatByIdResponse response =
        frontend
            .workflow()
            .recordActivityTaskHeartbeatById(
                RecordActivityTaskHeartbeatByIdRequest.newBuilder()
                    .setNamespace("ns")
                    .setWorkflowId("wf-by-id")
                    .setActivityId("act-7")
                    .setIdentity("w")
                    .build());

    assertThat(response.getCancelRequested()).isTrue();
    FakeHistory.Call call = frontend.history.next(WAIT);
    assertThat(call.method()).isEqualTo("RecordActivityTaskHeartbeat");
    assertThat(call.request().getWorkflowId()).isEqualTo("wf-by-id");
    RecordActivityTaskHeartbeatRequest forwarded =
        RecordActivityTaskHeartbeatRequest.parseFrom(call.request().getRequest());
    TaskToken token = TaskToken.parseFrom(forwarded.getTaskToken());
    assertThat(token.getActivityId()).isEqualTo("act-7");
    assertThat(token.getWorkflowId()).isEqualTo("wf-by-id");
    assertThat(token.getNamespaceId()).isEqualTo(namespaceId);
    assertThat(token.getScheduledEventId()).isZero();
  }

  @Test
  void byIdCallsNeedAnActivityIdAndWithoutAWorkflowIdNameAStandaloneActivity() throws Exception {
    StatusRuntimeException noActivity =
        failure(
            () ->
                frontend
                    .workflow()
                    .respondActivityTaskCompletedById(
                        RespondActivityTaskCompletedByIdRequest.newBuilder()
                            .setNamespace("ns")
                            .setWorkflowId("wf")
                            .build()));
    assertThat(noActivity.getStatus().getDescription())
        .isEqualTo("ActivityId is not set on request.");
    assertThat(frontend.history.nothingReceived()).isTrue();

    frontend.history.answer(
        "RespondActivityTaskCanceled", RespondActivityTaskCanceledResponse.getDefaultInstance());
    frontend
        .workflow()
        .respondActivityTaskCanceledById(
            RespondActivityTaskCanceledByIdRequest.newBuilder()
                .setNamespace("ns")
                .setActivityId("a")
                .build());
    FakeHistory.Call call = frontend.history.next(WAIT);
    assertThat(call.request().getWorkflowId()).isEqualTo(StandaloneActivityIds.runWorkflowId("a"));
    TaskToken token =
        TaskToken.parseFrom(
            RespondActivityTaskCanceledRequest.parseFrom(call.request().getRequest())
                .getTaskToken());
    assertThat(token.getWorkflowId()).isEqualTo(StandaloneActivityIds.runWorkflowId("a"));
  }

  @Test
  void anOversizedActivityResultFailsTheActivityLikeTemporal() throws Exception {
    Payloads big =
        Payloads.newBuilder()
            .addPayloads(
                Payload.newBuilder().setData(ByteString.copyFrom(new byte[2 * 1024 * 1024 + 1])))
            .build();

    frontend
        .workflow()
        .respondActivityTaskCompleted(
            RespondActivityTaskCompletedRequest.newBuilder()
                .setTaskToken(token("wf-big"))
                .setResult(big)
                .build());

    FakeHistory.Call call = frontend.history.next(WAIT);
    assertThat(call.method()).isEqualTo("RespondActivityTaskFailed");
    RespondActivityTaskFailedRequest forwarded =
        RespondActivityTaskFailedRequest.parseFrom(call.request().getRequest());
    assertThat(forwarded.getFailure().getMessage())
        .isEqualTo("Complete result exceeds size limit.");
    assertThat(forwarded.getFailure().getServerFailureInfo().getNonRetryable()).isTrue();
    assertThat(forwarded.getTaskToken()).isEqualTo(token("wf-big"));
  }

  @Test
  void anOversizedHeartbeatFailsTheActivityAndAsksTheWorkerToStop() throws Exception {
    Payloads big =
        Payloads.newBuilder()
            .addPayloads(
                Payload.newBuilder().setData(ByteString.copyFrom(new byte[2 * 1024 * 1024 + 1])))
            .build();

    RecordActivityTaskHeartbeatResponse response =
        frontend
            .workflow()
            .recordActivityTaskHeartbeat(
                RecordActivityTaskHeartbeatRequest.newBuilder()
                    .setTaskToken(token("wf-hb"))
                    .setDetails(big)
                    .build());

    assertThat(response.getCancelRequested()).isTrue();
    FakeHistory.Call call = frontend.history.next(WAIT);
    assertThat(call.method()).isEqualTo("RespondActivityTaskFailed");
    assertThat(
            RespondActivityTaskFailedRequest.parseFrom(call.request().getRequest())
                .getFailure()
                .getMessage())
        .isEqualTo("Heartbeat details exceed size limit.");
  }

  @Test
  void anOversizedActivityFailureIsReplacedByATruncatedServerFailure() throws Exception {
    Failure huge =
        Failure.newBuilder()
            .setMessage("m".repeat(3 * 1024 * 1024))
            .setApplicationFailureInfo(ApplicationFailureInfo.newBuilder().setType("Boom"))
            .build();

    RespondActivityTaskFailedResponse response =
        frontend
            .workflow()
            .respondActivityTaskFailed(
                RespondActivityTaskFailedRequest.newBuilder()
                    .setTaskToken(token("wf-fail"))
                    .setFailure(huge)
                    .build());

    Failure forwarded =
        RespondActivityTaskFailedRequest.parseFrom(
                frontend.history.next(WAIT).request().getRequest())
            .getFailure();
    assertThat(forwarded.getMessage()).isEqualTo("Failure exceeds size limit.");
    assertThat(forwarded.getServerFailureInfo().getNonRetryable()).isTrue();
    assertThat(forwarded.getCause().getApplicationFailureInfo().getType()).isEqualTo("Boom");
    assertThat(forwarded.getCause().getSerializedSize()).isLessThanOrEqualTo(512 * 1024 + 64);
    assertThat(response.getFailuresList()).containsExactly(forwarded);
  }

  @Test
  void activityFailureMustBeAnApplicationFailure() {
    StatusRuntimeException error =
        failure(
            () ->
                frontend
                    .workflow()
                    .respondActivityTaskFailed(
                        RespondActivityTaskFailedRequest.newBuilder()
                            .setTaskToken(token("wf"))
                            .setFailure(Failure.newBuilder().setMessage("boom"))
                            .build()));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(error.getStatus().getDescription())
        .isEqualTo("Failure must have ApplicationFailureInfo.");
    assertThat(frontend.history.nothingReceived()).isTrue();
  }

  @Test
  void workflowPollGoesToMatchingWithTheCallersDeadline() throws Exception {
    var future =
        WorkflowServiceGrpc.newFutureStub(frontend.channel)
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .pollWorkflowTaskQueue(
                PollWorkflowTaskQueueRequest.newBuilder()
                    .setNamespace("ns")
                    .setTaskQueue(TaskQueue.newBuilder().setName("orders"))
                    .setIdentity("w1")
                    .build());

    FakeMatching.Poll poll = frontend.matching.next(WAIT);
    assertThat(poll.method()).isEqualTo("PollWorkflowTaskQueue");
    assertThat(poll.request().getNamespaceId()).isEqualTo(namespaceId);
    assertThat(poll.request().getNamespace()).isEqualTo("ns");
    assertThat(UUID.fromString(poll.request().getPollerId())).isNotNull();
    PollWorkflowTaskQueueRequest forwarded =
        PollWorkflowTaskQueueRequest.parseFrom(poll.request().getRequest());
    assertThat(forwarded.getTaskQueue().getKind()).isEqualTo(TaskQueueKind.TASK_QUEUE_KIND_NORMAL);
    assertThat(poll.deadline()).isPresent();
    assertThat(poll.deadline().get().timeRemaining(TimeUnit.SECONDS)).isBetween(20L, 30L);
    assertThat(future.isDone()).isFalse();

    PollWorkflowTaskQueueResponse task =
        PollWorkflowTaskQueueResponse.newBuilder()
            .setTaskToken(ByteString.copyFromUtf8("t"))
            .setStartedEventId(3)
            .build();
    poll.answer(task);

    assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo(task);
  }

  @Test
  void anEmptyMatchingAnswerIsAnEmptyPollResponse() throws Exception {
    var future =
        WorkflowServiceGrpc.newFutureStub(frontend.channel)
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .pollActivityTaskQueue(
                PollActivityTaskQueueRequest.newBuilder()
                    .setNamespace("ns")
                    .setTaskQueue(TaskQueue.newBuilder().setName("acts"))
                    .build());

    FakeMatching.Poll poll = frontend.matching.next(WAIT);
    assertThat(poll.method()).isEqualTo("PollActivityTaskQueue");
    poll.answer(PollActivityTaskQueueResponse.getDefaultInstance());

    assertThat(future.get(5, TimeUnit.SECONDS))
        .isEqualTo(PollActivityTaskQueueResponse.getDefaultInstance());
  }

  @Test
  void pollsNeedADeadlineOfAtLeastTwoSeconds() {
    PollWorkflowTaskQueueRequest request =
        PollWorkflowTaskQueueRequest.newBuilder()
            .setNamespace("ns")
            .setTaskQueue(TaskQueue.newBuilder().setName("orders"))
            .build();

    StatusRuntimeException none =
        failure(
            () ->
                WorkflowServiceGrpc.newBlockingStub(frontend.channel)
                    .pollWorkflowTaskQueue(request));
    StatusRuntimeException tooShort =
        failure(
            () ->
                WorkflowServiceGrpc.newBlockingStub(frontend.channel)
                    .withDeadlineAfter(1500, TimeUnit.MILLISECONDS)
                    .pollWorkflowTaskQueue(request));

    assertThat(none.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(none.getStatus().getDescription()).isEqualTo("Context timeout is not set.");
    assertThat(tooShort.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(frontend.matching.nothingReceived()).isTrue();
  }

  @Test
  void cancelledPollCancelsTheCallToMatching() throws Exception {
    var future =
        WorkflowServiceGrpc.newFutureStub(frontend.channel)
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .pollWorkflowTaskQueue(
                PollWorkflowTaskQueueRequest.newBuilder()
                    .setNamespace("ns")
                    .setTaskQueue(TaskQueue.newBuilder().setName("orders"))
                    .build());
    FakeMatching.Poll poll = frontend.matching.next(WAIT);

    future.cancel(true);

    poll.cancelled().get(5, TimeUnit.SECONDS);
  }
}
