package dev.aevum.server.frontend;

import static dev.aevum.server.frontend.FrontendHarness.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.aevum.proto.matching.DescribeTaskQueueRequest;
import dev.aevum.proto.matching.PollResponse;
import dev.aevum.proto.matching.RespondQueryTaskRequest;
import dev.aevum.proto.token.TaskToken;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.QueryRejectCondition;
import io.temporal.api.enums.v1.QueryResultType;
import io.temporal.api.enums.v1.ResetReapplyType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.errordetails.v1.MultiOperationExecutionFailure;
import io.temporal.api.errordetails.v1.NotFoundFailure;
import io.temporal.api.errordetails.v1.WorkflowNotReadyFailure;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.taskqueue.v1.PollerInfo;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.update.v1.Input;
import io.temporal.api.update.v1.Meta;
import io.temporal.api.update.v1.Request;
import io.temporal.api.update.v1.UpdateRef;
import io.temporal.api.workflowservice.v1.*;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signals, cancel, queries, updates, delete, reset and the matching calls reach the right service
 * unchanged.
 */
class MessagesRoutingTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String RUN_ID = "11111111-1111-1111-1111-111111111111";

  private FrontendHarness frontend;
  private String namespaceId;

  @BeforeEach
  void start() throws Exception {
    frontend = FrontendHarness.start();
    namespaceId = frontend.register("ns");
  }

  @AfterEach
  void stop() {
    frontend.close();
  }

  private static WorkflowExecution execution(String workflowId) {
    return WorkflowExecution.newBuilder().setWorkflowId(workflowId).build();
  }

  private static UpdateWorkflowExecutionRequest.Builder update(String workflowId) {
    return UpdateWorkflowExecutionRequest.newBuilder()
        .setNamespace("ns")
        .setWorkflowExecution(execution(workflowId))
        .setRequest(
            Request.newBuilder()
                .setMeta(Meta.getDefaultInstance())
                .setInput(Input.newBuilder().setName("approve")));
  }

  private WorkflowServiceGrpc.WorkflowServiceFutureStub future(long seconds) {
    return WorkflowServiceGrpc.newFutureStub(frontend.channel)
        .withDeadlineAfter(seconds, TimeUnit.SECONDS);
  }

  private FakeHistory.Call routed(String method, String workflowId) throws InterruptedException {
    FakeHistory.Call call = frontend.history.next(WAIT);
    assertThat(call.method()).isEqualTo(method);
    assertThat(call.request().getNamespaceId()).isEqualTo(namespaceId);
    assertThat(call.request().getNamespace()).isEqualTo("ns");
    assertThat(call.request().getWorkflowId()).isEqualTo(workflowId);
    return call;
  }

  private static void answer(FakeHistory.Held held, Message response) {
    held.answer(response);
  }

  @Test
  void signalGoesToHistoryByTheExecutionsWorkflowId() throws Exception {
    SignalWorkflowExecutionRequest request =
        SignalWorkflowExecutionRequest.newBuilder()
            .setNamespace("ns")
            .setWorkflowExecution(execution("wf-sig"))
            .setSignalName("go")
            .setRequestId("r1")
            .build();

    frontend.workflow().signalWorkflowExecution(request);

    FakeHistory.Call call = routed("SignalWorkflowExecution", "wf-sig");
    assertThat(SignalWorkflowExecutionRequest.parseFrom(call.request().getRequest()))
        .isEqualTo(request);
  }

  @Test
  void signalWithStartGetsTheStartDefaultsButUsesAnExistingWorkflow() throws Exception {
    frontend.history.answer(
        "SignalWithStartWorkflowExecution",
        SignalWithStartWorkflowExecutionResponse.newBuilder()
            .setRunId("run-9")
            .setStarted(true)
            .build());

    SignalWithStartWorkflowExecutionResponse response =
        frontend
            .workflow()
            .signalWithStartWorkflowExecution(
                SignalWithStartWorkflowExecutionRequest.newBuilder()
                    .setNamespace("ns")
                    .setWorkflowId("wf-sws")
                    .setSignalName("go")
                    .setWorkflowType(WorkflowType.newBuilder().setName("Order"))
                    .setTaskQueue(TaskQueue.newBuilder().setName("orders"))
                    .setRetryPolicy(RetryPolicy.newBuilder().setMaximumAttempts(2))
                    .setWorkflowRunTimeout(
                        com.google.protobuf.Duration.newBuilder()
                            .setSeconds(200L * 365 * 24 * 3600))
                    .setControl("kept")
                    .build());

    assertThat(response.getRunId()).isEqualTo("run-9");
    SignalWithStartWorkflowExecutionRequest forwarded =
        SignalWithStartWorkflowExecutionRequest.parseFrom(
            routed("SignalWithStartWorkflowExecution", "wf-sws").request().getRequest());
    assertThat(forwarded.getRequestId()).hasSize(36);
    assertThat(forwarded.getTaskQueue().getKind()).isEqualTo(TaskQueueKind.TASK_QUEUE_KIND_NORMAL);
    assertThat(forwarded.getWorkflowIdConflictPolicy())
        .isEqualTo(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING);
    assertThat(forwarded.getWorkflowIdReusePolicy())
        .isEqualTo(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
    assertThat(forwarded.getRetryPolicy().getInitialInterval().getSeconds()).isEqualTo(1);
    assertThat(forwarded.getRetryPolicy().getMaximumAttempts()).isEqualTo(2);
    assertThat(forwarded.getWorkflowRunTimeout().getSeconds()).isEqualTo(100L * 365 * 24 * 3600);
    assertThat(forwarded.getSignalName()).isEqualTo("go");
    assertThat(forwarded.getControl()).isEqualTo("kept");
  }

  @SuppressWarnings("deprecation") // TERMINATE_IF_RUNNING is what old SDKs send
  @Test
  void signalWithStartTranslatesTerminateIfRunningLikeStart() throws Exception {
    frontend
        .workflow()
        .signalWithStartWorkflowExecution(
            SignalWithStartWorkflowExecutionRequest.newBuilder()
                .setNamespace("ns")
                .setWorkflowId("wf-tir")
                .setSignalName("go")
                .setWorkflowType(WorkflowType.newBuilder().setName("Order"))
                .setTaskQueue(TaskQueue.newBuilder().setName("orders"))
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING)
                .build());

    SignalWithStartWorkflowExecutionRequest forwarded =
        SignalWithStartWorkflowExecutionRequest.parseFrom(
            routed("SignalWithStartWorkflowExecution", "wf-tir").request().getRequest());
    assertThat(forwarded.getWorkflowIdConflictPolicy())
        .isEqualTo(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING);
    assertThat(forwarded.getWorkflowIdReusePolicy())
        .isEqualTo(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
  }

  @Test
  void cancelDeleteAndResetGoToHistory() throws Exception {
    frontend.history.answer(
        "ResetWorkflowExecution",
        ResetWorkflowExecutionResponse.newBuilder().setRunId("run-r").build());

    frontend
        .workflow()
        .requestCancelWorkflowExecution(
            RequestCancelWorkflowExecutionRequest.newBuilder()
                .setNamespace("ns")
                .setWorkflowExecution(execution("wf-c"))
                .setReason("enough")
                .build());
    frontend
        .workflow()
        .deleteWorkflowExecution(
            DeleteWorkflowExecutionRequest.newBuilder()
                .setNamespace("ns")
                .setWorkflowExecution(execution("wf-d").toBuilder().setRunId(RUN_ID))
                .build());
    ResetWorkflowExecutionResponse reset =
        frontend
            .workflow()
            .resetWorkflowExecution(
                ResetWorkflowExecutionRequest.newBuilder()
                    .setNamespace("ns")
                    .setWorkflowExecution(execution("wf-r"))
                    .setReason("bad deploy")
                    .setWorkflowTaskFinishEventId(4)
                    .setRequestId("req-1")
                    .build());

    assertThat(
            RequestCancelWorkflowExecutionRequest.parseFrom(
                    routed("RequestCancelWorkflowExecution", "wf-c").request().getRequest())
                .getReason())
        .isEqualTo("enough");
    assertThat(
            DeleteWorkflowExecutionRequest.parseFrom(
                    routed("DeleteWorkflowExecution", "wf-d").request().getRequest())
                .getWorkflowExecution()
                .getRunId())
        .isEqualTo(RUN_ID);
    ResetWorkflowExecutionRequest forwarded =
        ResetWorkflowExecutionRequest.parseFrom(
            routed("ResetWorkflowExecution", "wf-r").request().getRequest());
    assertThat(forwarded.getWorkflowTaskFinishEventId()).isEqualTo(4);
    assertThat(forwarded.getResetReapplyType())
        .isEqualTo(ResetReapplyType.RESET_REAPPLY_TYPE_ALL_ELIGIBLE);
    assertThat(reset.getRunId()).isEqualTo("run-r");
  }

  @Test
  void queryWaitsForHistoryWithTheCallersDeadline() throws Exception {
    frontend.history.hold("QueryWorkflow");
    var future =
        future(30)
            .queryWorkflow(
                QueryWorkflowRequest.newBuilder()
                    .setNamespace("ns")
                    .setExecution(execution("wf-q"))
                    .setQuery(WorkflowQuery.newBuilder().setQueryType("state"))
                    .build());

    FakeHistory.Held held = frontend.history.nextHeld(WAIT);
    assertThat(held.call().request().getWorkflowId()).isEqualTo("wf-q");
    assertThat(held.call().deadline()).isPresent();
    assertThat(held.call().deadline().get().timeRemaining(TimeUnit.SECONDS)).isBetween(20L, 30L);
    QueryWorkflowRequest forwarded =
        QueryWorkflowRequest.parseFrom(held.call().request().getRequest());
    assertThat(forwarded.getQueryRejectCondition())
        .isEqualTo(QueryRejectCondition.QUERY_REJECT_CONDITION_NONE);
    assertThat(future.isDone()).isFalse();

    QueryWorkflowResponse answer =
        QueryWorkflowResponse.newBuilder()
            .setQueryResult(
                Payloads.newBuilder()
                    .addPayloads(Payload.newBuilder().setData(ByteString.copyFromUtf8("42"))))
            .build();
    answer(held, answer);

    assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo(answer);
  }

  @Test
  void aQueryNoWorkerAnsweredInTimeSaysSo() {
    frontend.history.fail(
        "QueryWorkflow",
        Status.DEADLINE_EXCEEDED.withDescription("no answer").asRuntimeException());

    StatusRuntimeException error =
        failure(
            () ->
                frontend
                    .workflow()
                    .queryWorkflow(
                        QueryWorkflowRequest.newBuilder()
                            .setNamespace("ns")
                            .setExecution(execution("wf-q"))
                            .setQuery(WorkflowQuery.newBuilder().setQueryType("state"))
                            .build()));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(error.getStatus().getDescription())
        .isEqualTo("query timed out before a worker could process it");
  }

  @Test
  void updateWaitsForHistoryWithTheCallersDeadlineAndTemporalsDefaults() throws Exception {
    frontend.history.hold("UpdateWorkflowExecution");
    var future = future(40).updateWorkflowExecution(update("wf-u").build());

    FakeHistory.Held held = frontend.history.nextHeld(WAIT);
    assertThat(held.call().request().getWorkflowId()).isEqualTo("wf-u");
    assertThat(held.call().deadline().get().timeRemaining(TimeUnit.SECONDS)).isBetween(30L, 40L);
    UpdateWorkflowExecutionRequest forwarded =
        UpdateWorkflowExecutionRequest.parseFrom(held.call().request().getRequest());
    assertThat(UUID.fromString(forwarded.getRequest().getMeta().getUpdateId())).isNotNull();
    assertThat(forwarded.getWaitPolicy().getLifecycleStage())
        .isEqualTo(
            UpdateWorkflowExecutionLifecycleStage
                .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);
    assertThat(future.isDone()).isFalse();

    UpdateWorkflowExecutionResponse answer =
        UpdateWorkflowExecutionResponse.newBuilder()
            .setStage(
                UpdateWorkflowExecutionLifecycleStage
                    .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED)
            .build();
    answer(held, answer);

    assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo(answer);
  }

  @Test
  void pollUpdateKeepsAShortCallerDeadlineAndCapsALongOne() throws Exception {
    frontend.history.hold("PollWorkflowExecutionUpdate");
    PollWorkflowExecutionUpdateRequest request =
        PollWorkflowExecutionUpdateRequest.newBuilder()
            .setNamespace("ns")
            .setUpdateRef(
                UpdateRef.newBuilder().setWorkflowExecution(execution("wf-p")).setUpdateId("u1"))
            .build();

    var shortPoll = future(30).pollWorkflowExecutionUpdate(request);
    FakeHistory.Held first = frontend.history.nextHeld(WAIT);
    var longPoll = future(3600).pollWorkflowExecutionUpdate(request);
    FakeHistory.Held second = frontend.history.nextHeld(WAIT);

    assertThat(first.call().request().getWorkflowId()).isEqualTo("wf-p");
    assertThat(first.call().deadline().get().timeRemaining(TimeUnit.SECONDS)).isBetween(20L, 30L);
    assertThat(second.call().deadline().get().timeRemaining(TimeUnit.SECONDS))
        .isBetween(170L, 180L);
    assertThat(
            PollWorkflowExecutionUpdateRequest.parseFrom(first.call().request().getRequest())
                .hasWaitPolicy())
        .isTrue();

    PollWorkflowExecutionUpdateResponse answer =
        PollWorkflowExecutionUpdateResponse.newBuilder()
            .setStage(
                UpdateWorkflowExecutionLifecycleStage
                    .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED)
            .build();
    answer(first, answer);
    answer(second, answer);
    assertThat(shortPoll.get(5, TimeUnit.SECONDS)).isEqualTo(answer);
    assertThat(longPoll.get(5, TimeUnit.SECONDS)).isEqualTo(answer);
  }

  @Test
  void updateWithStartIsRoutedByTheStartsWorkflowId() throws Exception {
    ExecuteMultiOperationResponse answer =
        ExecuteMultiOperationResponse.newBuilder()
            .addResponses(
                ExecuteMultiOperationResponse.Response.newBuilder()
                    .setStartWorkflow(
                        StartWorkflowExecutionResponse.newBuilder().setRunId("run-m")))
            .build();
    frontend.history.answer("ExecuteMultiOperation", answer);

    ExecuteMultiOperationResponse response =
        frontend
            .workflow()
            .executeMultiOperation(
                ExecuteMultiOperationRequest.newBuilder()
                    .setNamespace("ns")
                    .addOperations(
                        ExecuteMultiOperationRequest.Operation.newBuilder()
                            .setStartWorkflow(
                                StartWorkflowExecutionRequest.newBuilder()
                                    .setWorkflowId("wf-m")
                                    .setWorkflowType(WorkflowType.newBuilder().setName("Order"))
                                    .setTaskQueue(TaskQueue.newBuilder().setName("orders"))))
                    .addOperations(
                        ExecuteMultiOperationRequest.Operation.newBuilder()
                            .setUpdateWorkflow(update("wf-m").setNamespace("")))
                    .build());

    assertThat(response).isEqualTo(answer);
    ExecuteMultiOperationRequest forwarded =
        ExecuteMultiOperationRequest.parseFrom(
            routed("ExecuteMultiOperation", "wf-m").request().getRequest());
    StartWorkflowExecutionRequest start = forwarded.getOperations(0).getStartWorkflow();
    assertThat(start.getNamespace()).isEqualTo("ns");
    assertThat(start.getRequestId()).hasSize(36);
    assertThat(start.getWorkflowIdConflictPolicy())
        .isEqualTo(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL);
    UpdateWorkflowExecutionRequest update = forwarded.getOperations(1).getUpdateWorkflow();
    assertThat(update.getNamespace()).isEqualTo("ns");
    assertThat(update.getRequest().getMeta().getUpdateId()).isNotEmpty();
  }

  @Test
  void historyErrorsPassThroughWithTheirDetails() {
    com.google.rpc.Status notFound =
        com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.NOT_FOUND.value())
            .setMessage("workflow execution already completed")
            .addDetails(Any.pack(NotFoundFailure.newBuilder().setCurrentCluster("active").build()))
            .build();
    frontend.history.fail(
        "SignalWorkflowExecution", StatusProto.toStatusRuntimeException(notFound));
    com.google.rpc.Status multi =
        com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.ALREADY_EXISTS.value())
            .setMessage("MultiOperation could not be executed.")
            .addDetails(
                Any.pack(
                    MultiOperationExecutionFailure.newBuilder()
                        .addStatuses(
                            MultiOperationExecutionFailure.OperationStatus.newBuilder()
                                .setCode(6)
                                .setMessage("started"))
                        .build()))
            .build();
    frontend.history.fail("ExecuteMultiOperation", StatusProto.toStatusRuntimeException(multi));

    StatusRuntimeException signal =
        failure(
            () ->
                frontend
                    .workflow()
                    .signalWorkflowExecution(
                        SignalWorkflowExecutionRequest.newBuilder()
                            .setNamespace("ns")
                            .setWorkflowExecution(execution("wf"))
                            .setSignalName("go")
                            .build()));
    StatusRuntimeException multiOp =
        failure(
            () ->
                frontend
                    .workflow()
                    .executeMultiOperation(
                        ExecuteMultiOperationRequest.newBuilder()
                            .setNamespace("ns")
                            .addOperations(
                                ExecuteMultiOperationRequest.Operation.newBuilder()
                                    .setStartWorkflow(
                                        StartWorkflowExecutionRequest.newBuilder()
                                            .setNamespace("ns")
                                            .setWorkflowId("wf")
                                            .setWorkflowType(
                                                WorkflowType.newBuilder().setName("Order"))
                                            .setTaskQueue(
                                                TaskQueue.newBuilder().setName("orders"))))
                            .addOperations(
                                ExecuteMultiOperationRequest.Operation.newBuilder()
                                    .setUpdateWorkflow(update("wf")))
                            .build()));

    assertThat(StatusProto.fromThrowable(signal)).isEqualTo(notFound);
    // Temporal's frontend names the feature in the message; code and details stay as history sent
    // them.
    assertThat(StatusProto.fromThrowable(multiOp))
        .isEqualTo(
            multi.toBuilder().setMessage("Update-with-Start could not be executed.").build());
  }

  // ---- matching ----

  private ByteString queryToken(String queryTaskId) {
    return TaskToken.newBuilder()
        .setKind(TaskToken.Kind.QUERY_TASK)
        .setNamespaceId(namespaceId)
        .setWorkflowId("wf")
        .setQueryTaskId(queryTaskId)
        .build()
        .toByteString();
  }

  @Test
  void aQueryAnswerGoesToMatchingForTheWaitingQuery() throws Exception {
    RespondQueryTaskCompletedRequest request =
        RespondQueryTaskCompletedRequest.newBuilder()
            .setTaskToken(queryToken("q-1"))
            .setCompletedType(QueryResultType.QUERY_RESULT_TYPE_ANSWERED)
            .setQueryResult(
                Payloads.newBuilder()
                    .addPayloads(Payload.newBuilder().setData(ByteString.copyFromUtf8("7"))))
            .build();

    frontend.workflow().respondQueryTaskCompleted(request);

    FakeMatching.Call call = frontend.matching.nextCall(WAIT);
    assertThat(call.method()).isEqualTo("RespondQueryTaskCompleted");
    RespondQueryTaskRequest sent = (RespondQueryTaskRequest) call.request();
    assertThat(sent.getNamespaceId()).isEqualTo(namespaceId);
    assertThat(sent.getQueryTaskId()).isEqualTo("q-1");
    assertThat(RespondQueryTaskCompletedRequest.parseFrom(sent.getCompletion())).isEqualTo(request);
    assertThat(frontend.history.nothingReceived()).isTrue();
  }

  @Test
  void anOversizedQueryResultBecomesAFailedAnswer() throws Exception {
    frontend
        .workflow()
        .respondQueryTaskCompleted(
            RespondQueryTaskCompletedRequest.newBuilder()
                .setTaskToken(queryToken("q-big"))
                .setCompletedType(QueryResultType.QUERY_RESULT_TYPE_ANSWERED)
                .setQueryResult(
                    Payloads.newBuilder()
                        .addPayloads(
                            Payload.newBuilder()
                                .setData(ByteString.copyFrom(new byte[2 * 1024 * 1024 + 1]))))
                .build());

    RespondQueryTaskRequest sent =
        (RespondQueryTaskRequest) frontend.matching.nextCall(WAIT).request();
    RespondQueryTaskCompletedRequest completion =
        RespondQueryTaskCompletedRequest.parseFrom(sent.getCompletion());
    assertThat(completion.getCompletedType()).isEqualTo(QueryResultType.QUERY_RESULT_TYPE_FAILED);
    assertThat(completion.getErrorMessage()).isEqualTo("Blob data size exceeds limit.");
    assertThat(completion.hasQueryResult()).isFalse();
    assertThat(completion.getTaskToken()).isEqualTo(queryToken("q-big"));
  }

  @Test
  void matchingErrorsPassThroughWithTheirDetails() {
    com.google.rpc.Status gone =
        com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.NOT_FOUND.value())
            .setMessage("query task not found, or already expired")
            .addDetails(Any.pack(NotFoundFailure.getDefaultInstance()))
            .build();
    frontend.matching.fail("RespondQueryTaskCompleted", StatusProto.toStatusRuntimeException(gone));
    com.google.rpc.Status notReady =
        com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.FAILED_PRECONDITION.value())
            .setMessage("not ready")
            .addDetails(Any.pack(WorkflowNotReadyFailure.getDefaultInstance()))
            .build();
    frontend.matching.fail("DescribeTaskQueue", StatusProto.toStatusRuntimeException(notReady));

    StatusRuntimeException respond =
        failure(
            () ->
                frontend
                    .workflow()
                    .respondQueryTaskCompleted(
                        RespondQueryTaskCompletedRequest.newBuilder()
                            .setTaskToken(queryToken("q-gone"))
                            .build()));
    StatusRuntimeException describe =
        failure(
            () ->
                frontend
                    .workflow()
                    .describeTaskQueue(
                        io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest.newBuilder()
                            .setNamespace("ns")
                            .setTaskQueue(TaskQueue.newBuilder().setName("orders"))
                            .build()));

    assertThat(StatusProto.fromThrowable(respond)).isEqualTo(gone);
    assertThat(StatusProto.fromThrowable(describe)).isEqualTo(notReady);
  }

  @Test
  void describeTaskQueueAsksMatchingWithTemporalsDefaults() throws Exception {
    DescribeTaskQueueResponse answer =
        DescribeTaskQueueResponse.newBuilder()
            .addPollers(PollerInfo.newBuilder().setIdentity("worker-1"))
            .build();
    frontend.matching.answer(
        "DescribeTaskQueue", PollResponse.newBuilder().setResponse(answer.toByteString()).build());

    DescribeTaskQueueResponse response =
        frontend
            .workflow()
            .describeTaskQueue(
                io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest.newBuilder()
                    .setNamespace("ns")
                    .setTaskQueue(TaskQueue.newBuilder().setName("orders"))
                    .build());

    assertThat(response).isEqualTo(answer);
    FakeMatching.Call call = frontend.matching.nextCall(WAIT);
    assertThat(call.method()).isEqualTo("DescribeTaskQueue");
    DescribeTaskQueueRequest sent = (DescribeTaskQueueRequest) call.request();
    assertThat(sent.getNamespaceId()).isEqualTo(namespaceId);
    var forwarded =
        io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest.parseFrom(sent.getRequest());
    assertThat(forwarded.getTaskQueue().getKind()).isEqualTo(TaskQueueKind.TASK_QUEUE_KIND_NORMAL);
    assertThat(forwarded.getTaskQueueType()).isEqualTo(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW);
    assertThat(forwarded.getTaskQueueTypesList())
        .containsExactly(
            TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY);
  }
}
