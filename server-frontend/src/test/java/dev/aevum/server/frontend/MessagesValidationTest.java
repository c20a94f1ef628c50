package dev.aevum.server.frontend;

import static dev.aevum.server.frontend.FrontendHarness.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import dev.aevum.proto.token.TaskToken;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.DescribeTaskQueueMode;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.errordetails.v1.MultiOperationExecutionFailure;
import io.temporal.api.errordetails.v1.PermissionDeniedFailure;
import io.temporal.api.failure.v1.MultiOperationExecutionAborted;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.update.v1.Input;
import io.temporal.api.update.v1.Meta;
import io.temporal.api.update.v1.Request;
import io.temporal.api.update.v1.UpdateRef;
import io.temporal.api.update.v1.WaitPolicy;
import io.temporal.api.workflowservice.v1.*;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of the message, update, delete, reset and query-task calls: INVALID_ARGUMENT naming
 * the field, nothing forwarded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessagesValidationTest {
  private static final String TOO_LONG = "x".repeat(1001);
  private static final Payloads BIG =
      Payloads.newBuilder()
          .addPayloads(
              Payload.newBuilder().setData(ByteString.copyFrom(new byte[2 * 1024 * 1024 + 1])))
          .build();

  private FrontendHarness frontend;
  private String namespaceId;

  @BeforeAll
  void startFrontend() throws Exception {
    frontend = FrontendHarness.start();
    namespaceId = frontend.register("ns");
  }

  @AfterAll
  void stopFrontend() {
    frontend.close();
  }

  @BeforeEach
  void nothingPending() {
    assertThat(frontend.history.nothingReceived()).isTrue();
    assertThat(frontend.matching.nothingReceived()).isTrue();
  }

  private static Arguments bad(
      String name, String message, Consumer<WorkflowServiceGrpc.WorkflowServiceBlockingStub> call) {
    return Arguments.of(name, message, call);
  }

  private static WorkflowExecution execution(String workflowId) {
    return WorkflowExecution.newBuilder().setWorkflowId(workflowId).build();
  }

  private static Duration seconds(long s) {
    return Duration.newBuilder().setSeconds(s).build();
  }

  private static SignalWorkflowExecutionRequest.Builder signal() {
    return SignalWorkflowExecutionRequest.newBuilder()
        .setNamespace("ns")
        .setWorkflowExecution(execution("wf"))
        .setSignalName("go");
  }

  private static Consumer<WorkflowServiceGrpc.WorkflowServiceBlockingStub> signalling(
      SignalWorkflowExecutionRequest.Builder b) {
    return stub -> stub.signalWorkflowExecution(b.build());
  }

  private static SignalWithStartWorkflowExecutionRequest.Builder signalWithStart() {
    return SignalWithStartWorkflowExecutionRequest.newBuilder()
        .setNamespace("ns")
        .setWorkflowId("wf")
        .setSignalName("go")
        .setWorkflowType(WorkflowType.newBuilder().setName("T"))
        .setTaskQueue(TaskQueue.newBuilder().setName("q"));
  }

  private static Consumer<WorkflowServiceGrpc.WorkflowServiceBlockingStub> signalWithStarting(
      SignalWithStartWorkflowExecutionRequest.Builder b) {
    return stub -> stub.signalWithStartWorkflowExecution(b.build());
  }

  private static QueryWorkflowRequest.Builder query() {
    return QueryWorkflowRequest.newBuilder()
        .setNamespace("ns")
        .setExecution(execution("wf"))
        .setQuery(WorkflowQuery.newBuilder().setQueryType("state"));
  }

  private static Consumer<WorkflowServiceGrpc.WorkflowServiceBlockingStub> querying(
      QueryWorkflowRequest.Builder b) {
    return stub -> stub.queryWorkflow(b.build());
  }

  private static UpdateWorkflowExecutionRequest.Builder update() {
    return UpdateWorkflowExecutionRequest.newBuilder()
        .setNamespace("ns")
        .setWorkflowExecution(execution("wf"))
        .setRequest(
            Request.newBuilder()
                .setMeta(Meta.getDefaultInstance())
                .setInput(Input.newBuilder().setName("approve")));
  }

  private static Consumer<WorkflowServiceGrpc.WorkflowServiceBlockingStub> updating(
      UpdateWorkflowExecutionRequest.Builder b) {
    return stub -> stub.updateWorkflowExecution(b.build());
  }

  private static ResetWorkflowExecutionRequest.Builder reset() {
    return ResetWorkflowExecutionRequest.newBuilder()
        .setNamespace("ns")
        .setWorkflowExecution(execution("wf"))
        .setReason("why")
        .setRequestId("r")
        .setWorkflowTaskFinishEventId(4);
  }

  private static Consumer<WorkflowServiceGrpc.WorkflowServiceBlockingStub> resetting(
      ResetWorkflowExecutionRequest.Builder b) {
    return stub -> stub.resetWorkflowExecution(b.build());
  }

  private static Consumer<WorkflowServiceGrpc.WorkflowServiceBlockingStub> describing(
      DescribeTaskQueueRequest.Builder b) {
    return stub -> stub.describeTaskQueue(b.build());
  }

  private static Consumer<WorkflowServiceGrpc.WorkflowServiceBlockingStub> answering(
      ByteString token) {
    return stub ->
        stub.respondQueryTaskCompleted(
            RespondQueryTaskCompletedRequest.newBuilder().setTaskToken(token).build());
  }

  private static StartWorkflowExecutionRequest.Builder startOperation() {
    return StartWorkflowExecutionRequest.newBuilder()
        .setNamespace("ns")
        .setWorkflowId("wf")
        .setWorkflowType(WorkflowType.newBuilder().setName("T"))
        .setTaskQueue(TaskQueue.newBuilder().setName("q"));
  }

  private static ExecuteMultiOperationRequest.Operation starting(
      StartWorkflowExecutionRequest.Builder start) {
    return ExecuteMultiOperationRequest.Operation.newBuilder().setStartWorkflow(start).build();
  }

  private static ExecuteMultiOperationRequest.Operation updatingOp(
      UpdateWorkflowExecutionRequest.Builder update) {
    return ExecuteMultiOperationRequest.Operation.newBuilder().setUpdateWorkflow(update).build();
  }

  private static Consumer<WorkflowServiceGrpc.WorkflowServiceBlockingStub> multi(
      ExecuteMultiOperationRequest.Operation... ops) {
    return stub ->
        stub.executeMultiOperation(
            ExecuteMultiOperationRequest.newBuilder()
                .setNamespace("ns")
                .addAllOperations(List.of(ops))
                .build());
  }

  Stream<Arguments> badRequests() {
    ByteString workflowToken =
        TaskToken.newBuilder()
            .setKind(TaskToken.Kind.WORKFLOW_TASK)
            .setNamespaceId(namespaceId)
            .setWorkflowId("wf")
            .build()
            .toByteString();
    ByteString noQueryId =
        TaskToken.newBuilder()
            .setKind(TaskToken.Kind.QUERY_TASK)
            .setNamespaceId(namespaceId)
            .build()
            .toByteString();
    ByteString garbage = ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff});
    return Stream.of(
        // signal
        bad(
            "signal without namespace",
            "Namespace is not set on request.",
            signalling(signal().setNamespace(""))),
        bad(
            "signal without execution",
            "Execution is not set on request.",
            signalling(signal().clearWorkflowExecution())),
        bad(
            "signal without workflow id",
            "WorkflowId is not set on request.",
            signalling(signal().setWorkflowExecution(WorkflowExecution.getDefaultInstance()))),
        bad(
            "signal with long workflow id",
            "WorkflowId exceeds maximum allowed length",
            signalling(signal().setWorkflowExecution(execution(TOO_LONG)))),
        bad(
            "signal with a bad run id",
            "Invalid RunId.",
            signalling(
                signal().setWorkflowExecution(execution("wf").toBuilder().setRunId("nope")))),
        bad(
            "signal without name",
            "SignalName is not set on request.",
            signalling(signal().setSignalName(""))),
        bad(
            "signal with long name",
            "SignalName length exceeds limit.",
            signalling(signal().setSignalName(TOO_LONG))),
        bad(
            "signal with long request id",
            "RequestId length exceeds limit.",
            signalling(signal().setRequestId(TOO_LONG))),
        bad(
            "signal with long identity",
            "Identity length exceeds limit.",
            signalling(signal().setIdentity(TOO_LONG))),
        bad(
            "signal with oversized input",
            "Blob data size exceeds limit. (Input is",
            signalling(signal().setInput(BIG))),
        // signal-with-start: the start rules are the start's
        bad(
            "signal-with-start without workflow id",
            "WorkflowId is not set on request.",
            signalWithStarting(signalWithStart().setWorkflowId(""))),
        bad(
            "signal-with-start without namespace",
            "Namespace is not set on request.",
            signalWithStarting(signalWithStart().setNamespace(""))),
        bad(
            "signal-with-start without type",
            "WorkflowType is not set on request.",
            signalWithStarting(signalWithStart().clearWorkflowType())),
        bad(
            "signal-with-start with long type",
            "WorkflowType length exceeds limit.",
            signalWithStarting(
                signalWithStart().setWorkflowType(WorkflowType.newBuilder().setName(TOO_LONG)))),
        bad(
            "signal-with-start without task queue",
            "taskQueue is not set",
            signalWithStarting(signalWithStart().clearTaskQueue())),
        bad(
            "signal-with-start on the system queue",
            "internal per-namespace task queue",
            signalWithStarting(
                signalWithStart()
                    .setTaskQueue(TaskQueue.newBuilder().setName("temporal-sys-per-ns-tq")))),
        bad(
            "signal-with-start with negative run timeout",
            "WorkflowRunTimeoutSeconds",
            signalWithStarting(signalWithStart().setWorkflowRunTimeout(seconds(-1)))),
        bad(
            "signal-with-start with a bad retry policy",
            "BackoffCoefficient cannot be less than 1 on retry policy.",
            signalWithStarting(
                signalWithStart()
                    .setRetryPolicy(RetryPolicy.newBuilder().setBackoffCoefficient(0.5)))),
        bad(
            "signal-with-start with cron and delay",
            "CronSchedule and WorkflowStartDelay may not be used together.",
            signalWithStarting(
                signalWithStart().setCronSchedule("* * * * *").setWorkflowStartDelay(seconds(5)))),
        bad(
            "signal-with-start with long request id",
            "RequestId length exceeds limit.",
            signalWithStarting(signalWithStart().setRequestId(TOO_LONG))),
        bad(
            "signal-with-start with long identity",
            "Identity length exceeds limit.",
            signalWithStarting(signalWithStart().setIdentity(TOO_LONG))),
        bad(
            "signal-with-start with conflicting id policies",
            "WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE cannot be used",
            signalWithStarting(
                signalWithStart()
                    .setWorkflowIdReusePolicy(
                        WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                    .setWorkflowIdConflictPolicy(
                        WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING))),
        bad(
            "signal-with-start with conflict policy FAIL",
            "WORKFLOW_ID_CONFLICT_POLICY_FAIL is not supported for this operation.",
            signalWithStarting(
                signalWithStart()
                    .setWorkflowIdConflictPolicy(
                        WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL))),
        bad(
            "signal-with-start without signal name",
            "signal not set",
            signalWithStarting(signalWithStart().setSignalName(""))),
        bad(
            "signal-with-start with long signal name",
            "signal name exceeds maximum allowed length (1001/1000)",
            signalWithStarting(signalWithStart().setSignalName(TOO_LONG))),
        bad(
            "signal-with-start with oversized input",
            "Blob data size exceeds limit. (Input is",
            signalWithStarting(signalWithStart().setInput(BIG))),
        bad(
            "signal-with-start with oversized signal input",
            "Blob data size exceeds limit. (SignalInput is",
            signalWithStarting(signalWithStart().setSignalInput(BIG))),
        // cancel
        bad(
            "cancel without execution",
            "Execution is not set on request.",
            stub ->
                stub.requestCancelWorkflowExecution(
                    RequestCancelWorkflowExecutionRequest.newBuilder().setNamespace("ns").build())),
        bad(
            "cancel with long request id",
            "RequestId length exceeds limit.",
            stub ->
                stub.requestCancelWorkflowExecution(
                    RequestCancelWorkflowExecutionRequest.newBuilder()
                        .setNamespace("ns")
                        .setWorkflowExecution(execution("wf"))
                        .setRequestId(TOO_LONG)
                        .build())),
        bad(
            "cancel with a bad first execution run id",
            "Invalid RunId.",
            stub ->
                stub.requestCancelWorkflowExecution(
                    RequestCancelWorkflowExecutionRequest.newBuilder()
                        .setNamespace("ns")
                        .setWorkflowExecution(execution("wf"))
                        .setFirstExecutionRunId("nope")
                        .build())),
        bad(
            "cancel with long identity",
            "Identity length exceeds limit.",
            stub ->
                stub.requestCancelWorkflowExecution(
                    RequestCancelWorkflowExecutionRequest.newBuilder()
                        .setNamespace("ns")
                        .setWorkflowExecution(execution("wf"))
                        .setIdentity(TOO_LONG)
                        .build())),
        // query
        bad(
            "query without namespace",
            "Namespace is not set on request.",
            querying(query().setNamespace(""))),
        bad(
            "query without execution",
            "Execution is not set on request.",
            querying(query().clearExecution())),
        bad(
            "query without query",
            "WorkflowQuery is not set on request.",
            querying(query().clearQuery())),
        bad(
            "query without type",
            "QueryType is not set on request.",
            querying(query().setQuery(WorkflowQuery.getDefaultInstance()))),
        bad(
            "query with an unknown reject condition",
            "Invalid QueryRejectCondition: 99.",
            querying(query().setQueryRejectConditionValue(99))),
        bad(
            "query with oversized args",
            "Blob data size exceeds limit. (QueryArgs is",
            querying(
                query()
                    .setQuery(WorkflowQuery.newBuilder().setQueryType("state").setQueryArgs(BIG)))),
        // update
        bad(
            "update without execution",
            "Execution is not set on request.",
            updating(update().clearWorkflowExecution())),
        bad(
            "update with a bad first execution run id",
            "Invalid RunId.",
            updating(update().setFirstExecutionRunId("nope"))),
        bad(
            "update without meta",
            "Update meta is not set on request.",
            updating(
                update()
                    .setRequest(Request.newBuilder().setInput(Input.newBuilder().setName("n"))))),
        bad(
            "update with long update id",
            "UpdateId length exceeds limit.",
            updating(
                update()
                    .setRequest(
                        update().getRequest().toBuilder()
                            .setMeta(Meta.newBuilder().setUpdateId(TOO_LONG))))),
        bad(
            "update without input",
            "Update input is not set on request.",
            updating(update().setRequest(Request.newBuilder().setMeta(Meta.getDefaultInstance())))),
        bad(
            "update without name",
            "Update name is not set on request.",
            updating(
                update()
                    .setRequest(
                        update().getRequest().toBuilder().setInput(Input.getDefaultInstance())))),
        bad(
            "update with oversized args",
            "Blob data size exceeds limit. (Args is",
            updating(
                update()
                    .setRequest(
                        update().getRequest().toBuilder()
                            .setInput(Input.newBuilder().setName("n").setArgs(BIG))))),
        bad(
            "update with an unknown stage",
            "Invalid LifecycleStage: 99.",
            updating(update().setWaitPolicy(WaitPolicy.newBuilder().setLifecycleStageValue(99)))),
        // poll update
        bad(
            "poll update without ref",
            "UpdateRef is not set on request.",
            stub ->
                stub.pollWorkflowExecutionUpdate(
                    PollWorkflowExecutionUpdateRequest.newBuilder().setNamespace("ns").build())),
        bad(
            "poll update without workflow id",
            "WorkflowId is not set on request.",
            stub ->
                stub.pollWorkflowExecutionUpdate(
                    PollWorkflowExecutionUpdateRequest.newBuilder()
                        .setNamespace("ns")
                        .setUpdateRef(
                            UpdateRef.newBuilder()
                                .setWorkflowExecution(WorkflowExecution.getDefaultInstance()))
                        .build())),
        bad(
            "poll update with long identity",
            "Identity length exceeds limit.",
            stub ->
                stub.pollWorkflowExecutionUpdate(
                    PollWorkflowExecutionUpdateRequest.newBuilder()
                        .setNamespace("ns")
                        .setUpdateRef(UpdateRef.newBuilder().setWorkflowExecution(execution("wf")))
                        .setIdentity(TOO_LONG)
                        .build())),
        // delete
        bad(
            "delete without execution",
            "Execution is not set on request.",
            stub ->
                stub.deleteWorkflowExecution(
                    DeleteWorkflowExecutionRequest.newBuilder().setNamespace("ns").build())),
        bad(
            "delete without namespace",
            "Namespace is not set on request.",
            stub ->
                stub.deleteWorkflowExecution(
                    DeleteWorkflowExecutionRequest.newBuilder()
                        .setWorkflowExecution(execution("wf"))
                        .build())),
        // reset
        bad(
            "reset without request id",
            "RequestId is not set on request.",
            resetting(reset().setRequestId(""))),
        bad(
            "reset with long request id",
            "RequestId length exceeds limit.",
            resetting(reset().setRequestId(TOO_LONG))),
        bad(
            "reset without execution",
            "Execution is not set on request.",
            resetting(reset().clearWorkflowExecution())),
        bad(
            "reset without finish event id",
            "Workflow task finish ID must be > 1",
            resetting(reset().setWorkflowTaskFinishEventId(0))),
        bad(
            "reset to the first event",
            "Workflow task finish ID must be > 1",
            resetting(reset().setWorkflowTaskFinishEventId(1))),
        bad(
            "reset with an unknown reapply type",
            "Invalid ResetReapplyType: 99.",
            resetting(reset().setResetReapplyTypeValue(99))),
        // query task answers
        bad(
            "query answer with a garbage token",
            "Error deserializing task token.",
            answering(garbage)),
        bad(
            "query answer with a workflow task token",
            "Invalid TaskToken.",
            answering(workflowToken)),
        bad("query answer without query task id", "Invalid TaskToken.", answering(noQueryId)),
        // describe task queue
        bad(
            "describe queue without namespace",
            "Namespace is not set on request.",
            describing(
                DescribeTaskQueueRequest.newBuilder()
                    .setTaskQueue(TaskQueue.newBuilder().setName("q")))),
        bad(
            "describe queue without queue",
            "taskQueue is not set",
            describing(DescribeTaskQueueRequest.newBuilder().setNamespace("ns"))),
        bad(
            "describe a partition",
            "reserved prefix /_sys/",
            describing(
                DescribeTaskQueueRequest.newBuilder()
                    .setNamespace("ns")
                    .setTaskQueue(TaskQueue.newBuilder().setName("/_sys/q/1")))),
        bad(
            "enhanced describe of a sticky queue",
            "Enhanced DescribeTaskQueue is not valid for a sticky queue",
            describing(
                DescribeTaskQueueRequest.newBuilder()
                    .setNamespace("ns")
                    .setApiMode(DescribeTaskQueueMode.DESCRIBE_TASK_QUEUE_MODE_ENHANCED)
                    .setTaskQueue(
                        TaskQueue.newBuilder()
                            .setName("sticky")
                            .setKind(TaskQueueKind.TASK_QUEUE_KIND_STICKY)))),
        // update-with-start: the shape
        bad(
            "multi-op without namespace",
            "Namespace is not set on request.",
            stub ->
                stub.executeMultiOperation(
                    ExecuteMultiOperationRequest.newBuilder()
                        .addOperations(starting(startOperation()))
                        .addOperations(updatingOp(update()))
                        .build())),
        bad(
            "multi-op with one operation",
            "Operations have to be exactly [Start, Update].",
            multi(starting(startOperation()))),
        bad(
            "multi-op with update first",
            "Operations have to be exactly [Start, Update].",
            multi(updatingOp(update()), starting(startOperation()))),
        bad(
            "multi-op with three operations",
            "Operations have to be exactly [Start, Update].",
            multi(starting(startOperation()), updatingOp(update()), updatingOp(update()))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void badInputIsRejectedAtTheEdge(
      String name, String message, Consumer<WorkflowServiceGrpc.WorkflowServiceBlockingStub> call) {
    StatusRuntimeException error = failure(() -> call.accept(frontend.workflow()));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(error.getStatus().getDescription()).contains(message);
    assertThat(frontend.history.nothingReceived()).isTrue();
    assertThat(frontend.matching.nothingReceived()).isTrue();
  }

  @Test
  void waitingOnlyForAdmissionIsDeniedLikeTemporal() throws Exception {
    StatusRuntimeException error =
        failure(
            () ->
                updating(
                        update()
                            .setWaitPolicy(
                                WaitPolicy.newBuilder()
                                    .setLifecycleStage(
                                        UpdateWorkflowExecutionLifecycleStage
                                            .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED)))
                    .accept(frontend.workflow()));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(error.getStatus().getDescription())
        .isEqualTo(
            "UpdateWorkflowExecution issued asynchronously and waiting on update admitted is not supported.");
    assertThat(StatusProto.fromThrowable(error).getDetails(0).is(PermissionDeniedFailure.class))
        .isTrue();
    assertThat(frontend.history.nothingReceived()).isTrue();
  }

  Stream<Arguments> badOperations() {
    return Stream.of(
        Arguments.of(
            "start without type",
            0,
            "WorkflowType is not set on request.",
            multi(starting(startOperation().clearWorkflowType()), updatingOp(update()))),
        Arguments.of(
            "start in another namespace",
            0,
            "Operation namespace did not match request's namespace.",
            multi(starting(startOperation().setNamespace("other")), updatingOp(update()))),
        Arguments.of(
            "start with cron",
            0,
            "CronSchedule is not allowed.",
            multi(starting(startOperation().setCronSchedule("* * * * *")), updatingOp(update()))),
        Arguments.of(
            "eager start",
            0,
            "RequestEagerExecution is not supported.",
            multi(starting(startOperation().setRequestEagerExecution(true)), updatingOp(update()))),
        Arguments.of(
            "delayed start",
            0,
            "WorkflowStartDelay is not supported.",
            multi(
                starting(startOperation().setWorkflowStartDelay(seconds(3))),
                updatingOp(update()))),
        Arguments.of(
            "update without name",
            1,
            "Update name is not set on request.",
            multi(
                starting(startOperation()),
                updatingOp(
                    update()
                        .setRequest(
                            update().getRequest().toBuilder()
                                .setInput(Input.getDefaultInstance()))))),
        Arguments.of(
            "update in another namespace",
            1,
            "Operation namespace did not match request's namespace.",
            multi(starting(startOperation()), updatingOp(update().setNamespace("other")))),
        Arguments.of(
            "update of a run",
            1,
            "RunId is not allowed.",
            multi(
                starting(startOperation()),
                updatingOp(
                    update()
                        .setWorkflowExecution(
                            execution("wf").toBuilder()
                                .setRunId("11111111-1111-1111-1111-111111111111"))))),
        Arguments.of(
            "update of a chain",
            1,
            "FirstExecutionRunId is not allowed.",
            multi(
                starting(startOperation()),
                updatingOp(
                    update().setFirstExecutionRunId("11111111-1111-1111-1111-111111111111")))),
        Arguments.of(
            "update of another workflow",
            1,
            "WorkflowId is not consistent with previous operation(s).",
            multi(
                starting(startOperation()),
                updatingOp(update().setWorkflowExecution(execution("other"))))),
        Arguments.of(
            "start with an unregistered search attribute",
            0,
            "search attribute Unregistered is not defined",
            multi(
                starting(
                    startOperation()
                        .setSearchAttributes(
                            SearchAttributes.newBuilder()
                                .putIndexedFields(
                                    "Unregistered",
                                    Payload.newBuilder()
                                        .putMetadata(
                                            "encoding", ByteString.copyFromUtf8("json/plain"))
                                        .setData(ByteString.copyFromUtf8("1"))
                                        .build()))),
                updatingOp(update()))));
  }

  /**
   * Like Temporal: one status for the whole call, the failing operation's status inside, the other
   * aborted.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("badOperations")
  void aBadOperationFailsUpdateWithStartWithPerOperationStatuses(
      String name,
      int failing,
      String message,
      Consumer<WorkflowServiceGrpc.WorkflowServiceBlockingStub> call)
      throws Exception {
    StatusRuntimeException error = failure(() -> call.accept(frontend.workflow()));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(error.getStatus().getDescription())
        .isEqualTo("Update-with-Start could not be executed.");
    com.google.rpc.Status status = StatusProto.fromThrowable(error);
    assertThat(status.getDetailsCount()).isEqualTo(1);
    MultiOperationExecutionFailure details =
        status.getDetails(0).unpack(MultiOperationExecutionFailure.class);
    assertThat(details.getStatusesCount()).isEqualTo(2);
    MultiOperationExecutionFailure.OperationStatus bad = details.getStatuses(failing);
    assertThat(bad.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
    assertThat(bad.getMessage()).isEqualTo(message);
    MultiOperationExecutionFailure.OperationStatus aborted = details.getStatuses(1 - failing);
    assertThat(aborted.getCode()).isEqualTo(Status.Code.ABORTED.value());
    assertThat(aborted.getMessage()).isEqualTo("Operation was aborted.");
    assertThat(aborted.getDetails(0).is(MultiOperationExecutionAborted.class)).isTrue();
    assertThat(frontend.history.nothingReceived()).isTrue();
  }

  @Test
  void bothOperationsCanFailAtOnce() throws Exception {
    StatusRuntimeException error =
        failure(
            () ->
                multi(
                        starting(startOperation().clearTaskQueue()),
                        updatingOp(
                            update()
                                .setRequest(
                                    Request.newBuilder()
                                        .setInput(Input.newBuilder().setName("n")))))
                    .accept(frontend.workflow()));

    MultiOperationExecutionFailure details =
        StatusProto.fromThrowable(error).getDetails(0).unpack(MultiOperationExecutionFailure.class);
    assertThat(details.getStatusesList())
        .extracting(MultiOperationExecutionFailure.OperationStatus::getMessage)
        .containsExactly("taskQueue is not set", "Update meta is not set on request.");
    assertThat(frontend.history.nothingReceived()).isTrue();
  }
}
