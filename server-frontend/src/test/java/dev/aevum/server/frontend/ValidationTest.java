package dev.aevum.server.frontend;

import static dev.aevum.server.frontend.FrontendHarness.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import dev.aevum.proto.token.TaskToken;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.namespace.v1.UpdateNamespaceInfo;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.*;
import java.util.Collections;
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

/** Bad input gets INVALID_ARGUMENT naming the field, and nothing reaches history or matching. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValidationTest {
  private FrontendHarness frontend;
  private String namespaceId;

  @BeforeAll
  void startFrontend() throws Exception {
    frontend = FrontendHarness.start();
    namespaceId = frontend.register("ns");
  }

  @AfterAll
  void stopFrontend() throws Exception {
    frontend.close();
  }

  @BeforeEach
  void nothingPending() {
    assertThat(frontend.history.nothingReceived()).isTrue();
  }

  private static StartWorkflowExecutionRequest.Builder startRequest() {
    return StartWorkflowExecutionRequest.newBuilder()
        .setNamespace("ns")
        .setWorkflowId("wf")
        .setWorkflowType(WorkflowType.newBuilder().setName("T"))
        .setTaskQueue(TaskQueue.newBuilder().setName("q"));
  }

  private static SearchAttributes attribute(String name, String json) {
    return SearchAttributes.newBuilder()
        .putIndexedFields(
            name,
            Payload.newBuilder()
                .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                .setData(ByteString.copyFromUtf8(json))
                .build())
        .build();
  }

  private static SearchAttributes manyAttributes(int count) {
    var many = SearchAttributes.newBuilder();
    for (int i = 0; i < count; i++) {
      many.putAllIndexedFields(attribute("Attribute" + i, "1").getIndexedFieldsMap());
    }
    return many.build();
  }

  private static Duration seconds(long s) {
    return Duration.newBuilder().setSeconds(s).build();
  }

  private static Arguments bad(
      String name, String message, Consumer<WorkflowServiceGrpc.WorkflowServiceBlockingStub> call) {
    return Arguments.of(name, message, call);
  }

  private static Consumer<WorkflowServiceGrpc.WorkflowServiceBlockingStub> starting(
      StartWorkflowExecutionRequest.Builder b) {
    return stub -> stub.startWorkflowExecution(b.build());
  }

  @SuppressWarnings("deprecation") // TERMINATE_IF_RUNNING is what old SDKs send
  Stream<Arguments> badRequests() {
    ByteString token =
        TaskToken.newBuilder()
            .setNamespaceId(namespaceId)
            .setWorkflowId("wf")
            .build()
            .toByteString();
    Payloads big =
        Payloads.newBuilder()
            .addPayloads(
                Payload.newBuilder().setData(ByteString.copyFrom(new byte[2 * 1024 * 1024 + 1])))
            .build();
    String tooLong = "x".repeat(1001);
    return Stream.of(
        bad(
            "start without namespace",
            "Namespace is not set on request.",
            starting(startRequest().setNamespace(""))),
        bad(
            "start with long namespace",
            "Namespace length exceeds limit.",
            starting(startRequest().setNamespace(tooLong))),
        bad(
            "start without workflow id",
            "WorkflowId is not set on request.",
            starting(startRequest().setWorkflowId(""))),
        bad(
            "start with long workflow id",
            "WorkflowId exceeds maximum allowed length (1001/1000)",
            starting(startRequest().setWorkflowId(tooLong))),
        bad(
            "workflow id counted in UTF-8 bytes",
            "WorkflowId exceeds maximum allowed length (1002/1000)",
            starting(startRequest().setWorkflowId("é".repeat(501)))),
        bad(
            "start without type",
            "WorkflowType is not set on request.",
            starting(startRequest().clearWorkflowType())),
        bad(
            "start with long type",
            "WorkflowType length exceeds limit.",
            starting(startRequest().setWorkflowType(WorkflowType.newBuilder().setName(tooLong)))),
        bad(
            "start without task queue",
            "taskQueue is not set",
            starting(startRequest().clearTaskQueue())),
        bad(
            "start with unnamed task queue",
            "missing task queue name",
            starting(startRequest().setTaskQueue(TaskQueue.getDefaultInstance()))),
        bad(
            "start with long task queue",
            "taskQueue length exceeds limit",
            starting(startRequest().setTaskQueue(TaskQueue.newBuilder().setName(tooLong)))),
        bad(
            "start on a partition name",
            "task queue name cannot start with reserved prefix /_sys/",
            starting(startRequest().setTaskQueue(TaskQueue.newBuilder().setName("/_sys/q/1")))),
        bad(
            "start on the system queue",
            "internal per-namespace task queue",
            starting(
                startRequest()
                    .setTaskQueue(TaskQueue.newBuilder().setName("temporal-sys-per-ns-tq")))),
        bad(
            "negative execution timeout",
            "WorkflowExecutionTimeoutSeconds",
            starting(startRequest().setWorkflowExecutionTimeout(seconds(-1)))),
        bad(
            "negative run timeout",
            "WorkflowRunTimeoutSeconds",
            starting(startRequest().setWorkflowRunTimeout(seconds(-5)))),
        bad(
            "negative task timeout",
            "WorkflowTaskTimeoutSeconds",
            starting(startRequest().setWorkflowTaskTimeout(seconds(-5)))),
        bad(
            "mixed-sign timeout",
            "different signs",
            starting(
                startRequest()
                    .setWorkflowRunTimeout(Duration.newBuilder().setSeconds(1).setNanos(-1)))),
        bad(
            "long request id",
            "RequestId length exceeds limit.",
            starting(startRequest().setRequestId(tooLong))),
        bad(
            "long identity",
            "Identity length exceeds limit.",
            starting(startRequest().setIdentity(tooLong))),
        bad(
            "negative maximum attempts",
            "MaximumAttempts cannot be negative on retry policy.",
            starting(
                startRequest().setRetryPolicy(RetryPolicy.newBuilder().setMaximumAttempts(-1)))),
        bad(
            "backoff below 1",
            "BackoffCoefficient cannot be less than 1 on retry policy.",
            starting(
                startRequest()
                    .setRetryPolicy(RetryPolicy.newBuilder().setBackoffCoefficient(0.5)))),
        bad(
            "maximum below initial interval",
            "MaximumInterval cannot be less than InitialInterval on retry policy.",
            starting(
                startRequest()
                    .setRetryPolicy(
                        RetryPolicy.newBuilder()
                            .setInitialInterval(seconds(10))
                            .setMaximumInterval(seconds(5))))),
        bad(
            "negative initial interval",
            "invalid InitialInterval set on retry policy",
            starting(
                startRequest()
                    .setRetryPolicy(RetryPolicy.newBuilder().setInitialInterval(seconds(-1))))),
        bad(
            "unknown timeout type",
            "Invalid timeout type value: Bogus.",
            starting(
                startRequest()
                    .setRetryPolicy(
                        RetryPolicy.newBuilder()
                            .addNonRetryableErrorTypes("TemporalTimeout:Bogus")))),
        bad(
            "cron with start delay",
            "CronSchedule and WorkflowStartDelay may not be used together.",
            starting(
                startRequest().setCronSchedule("* * * * *").setWorkflowStartDelay(seconds(5)))),
        bad(
            "negative start delay",
            "WorkflowStartDelaySeconds",
            starting(startRequest().setWorkflowStartDelay(seconds(-5)))),
        bad(
            "oversized input",
            "Blob data size exceeds limit. (Input is",
            starting(startRequest().setInput(big))),
        bad(
            "unregistered search attribute",
            "search attribute Unregistered is not defined",
            starting(startRequest().setSearchAttributes(attribute("Unregistered", "\"x\"")))),
        bad(
            "search attribute of the wrong type",
            "invalid value for search attribute CustomIntField of type Int: abc",
            starting(startRequest().setSearchAttributes(attribute("CustomIntField", "\"abc\"")))),
        bad(
            "system search attribute",
            "ExecutionStatus attribute can't be set in SearchAttributes",
            starting(
                startRequest().setSearchAttributes(attribute("ExecutionStatus", "\"Running\"")))),
        bad(
            "too many search attributes",
            "number of search attributes 101 exceeds limit 100",
            starting(startRequest().setSearchAttributes(manyAttributes(101)))),
        bad(
            "oversized search attribute",
            "search attribute CustomKeywordField value size 3002 exceeds size limit 2048",
            starting(
                startRequest()
                    .setSearchAttributes(
                        attribute("CustomKeywordField", "\"" + "x".repeat(3000) + "\"")))),
        bad(
            "signal-with-start with a bad search attribute",
            "search attribute Unregistered is not defined",
            stub ->
                stub.signalWithStartWorkflowExecution(
                    SignalWithStartWorkflowExecutionRequest.newBuilder()
                        .setNamespace("ns")
                        .setWorkflowId("wf")
                        .setWorkflowType(WorkflowType.newBuilder().setName("T"))
                        .setTaskQueue(TaskQueue.newBuilder().setName("q"))
                        .setSignalName("s")
                        .setSearchAttributes(attribute("Unregistered", "1"))
                        .build())),
        bad(
            "query on an unknown attribute",
            "invalid query: invalid expression: column name 'Nope' is not a valid search attribute",
            stub ->
                stub.countWorkflowExecutions(
                    CountWorkflowExecutionsRequest.newBuilder()
                        .setNamespace("ns")
                        .setQuery("Nope = 1")
                        .build())),
        bad(
            "query nested 1000 deep",
            "nested more than 64 levels deep",
            stub ->
                stub.listWorkflowExecutions(
                    ListWorkflowExecutionsRequest.newBuilder()
                        .setNamespace("ns")
                        .setQuery("(".repeat(1000) + "WorkflowId = 'a'" + ")".repeat(1000))
                        .build())),
        bad(
            "query with 5001 terms",
            "more than 500 conditions",
            stub ->
                stub.countWorkflowExecutions(
                    CountWorkflowExecutionsRequest.newBuilder()
                        .setNamespace("ns")
                        .setQuery(
                            String.join(" AND ", Collections.nCopies(5001, "WorkflowId = 'a'")))
                        .build())),
        bad(
            "retention overflowing a long",
            "WorkflowExecutionRetentionPeriod is not a valid duration",
            stub ->
                stub.registerNamespace(
                    RegisterNamespaceRequest.newBuilder()
                        .setNamespace("huge")
                        .setWorkflowExecutionRetentionPeriod(seconds(Long.MAX_VALUE))
                        .build())),
        bad(
            "unknown namespace state",
            "Invalid State: 77.",
            stub ->
                stub.updateNamespace(
                    UpdateNamespaceRequest.newBuilder()
                        .setNamespace("ns")
                        .setUpdateInfo(UpdateNamespaceInfo.newBuilder().setStateValue(77))
                        .build())),
        bad(
            "conflicting id policies",
            "WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING cannot be used together",
            starting(
                startRequest()
                    .setWorkflowIdReusePolicy(
                        WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING)
                    .setWorkflowIdConflictPolicy(
                        WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING))),
        bad(
            "describe without execution",
            "Execution is not set on request.",
            stub ->
                stub.describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder().setNamespace("ns").build())),
        bad(
            "describe with a bad run id",
            "Invalid RunId.",
            stub ->
                stub.describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace("ns")
                        .setExecution(
                            WorkflowExecution.newBuilder()
                                .setWorkflowId("wf")
                                .setRunId("not-a-uuid"))
                        .build())),
        bad(
            "history without workflow id",
            "WorkflowId is not set on request.",
            stub ->
                stub.getWorkflowExecutionHistory(
                    GetWorkflowExecutionHistoryRequest.newBuilder()
                        .setNamespace("ns")
                        .setExecution(WorkflowExecution.getDefaultInstance())
                        .build())),
        bad(
            "reverse history without namespace",
            "Namespace is not set on request.",
            stub ->
                stub.getWorkflowExecutionHistoryReverse(
                    GetWorkflowExecutionHistoryReverseRequest.newBuilder()
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId("wf"))
                        .build())),
        bad(
            "terminate without execution",
            "Execution is not set on request.",
            stub ->
                stub.terminateWorkflowExecution(
                    TerminateWorkflowExecutionRequest.newBuilder().setNamespace("ns").build())),
        bad(
            "reset sticky with long workflow id",
            "WorkflowId exceeds maximum allowed length",
            stub ->
                stub.resetStickyTaskQueue(
                    ResetStickyTaskQueueRequest.newBuilder()
                        .setNamespace("ns")
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(tooLong))
                        .build())),
        bad(
            "poll without task queue",
            "taskQueue is not set",
            stub ->
                stub.pollWorkflowTaskQueue(
                    PollWorkflowTaskQueueRequest.newBuilder().setNamespace("ns").build())),
        bad(
            "poll a partition",
            "reserved prefix /_sys/",
            stub ->
                stub.pollActivityTaskQueue(
                    PollActivityTaskQueueRequest.newBuilder()
                        .setNamespace("ns")
                        .setTaskQueue(TaskQueue.newBuilder().setName("/_sys/q/2"))
                        .build())),
        bad(
            "poll with long identity",
            "Identity length exceeds limit.",
            stub ->
                stub.pollActivityTaskQueue(
                    PollActivityTaskQueueRequest.newBuilder()
                        .setNamespace("ns")
                        .setTaskQueue(TaskQueue.newBuilder().setName("q"))
                        .setIdentity(tooLong)
                        .build())),
        bad(
            "complete workflow task with long identity",
            "Identity length exceeds limit.",
            stub ->
                stub.respondWorkflowTaskCompleted(
                    RespondWorkflowTaskCompletedRequest.newBuilder()
                        .setTaskToken(token)
                        .setIdentity(tooLong)
                        .build())),
        bad(
            "heartbeat by id without namespace",
            "Namespace is not set on request.",
            stub ->
                stub.recordActivityTaskHeartbeatById(
                    RecordActivityTaskHeartbeatByIdRequest.newBuilder()
                        .setWorkflowId("wf")
                        .setActivityId("a")
                        .build())));
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
  void limitsAreInclusiveAndOneAttemptSkipsRetryValidation() throws Exception {
    frontend
        .workflow()
        .startWorkflowExecution(
            startRequest()
                .setWorkflowId("é".repeat(500))
                .setRetryPolicy(
                    RetryPolicy.newBuilder().setMaximumAttempts(1).setBackoffCoefficient(0.5))
                .build());

    FakeHistory.Call call = frontend.history.next(java.time.Duration.ofSeconds(5));
    assertThat(call.request().getWorkflowId()).isEqualTo("é".repeat(500));
  }

  @Test
  void timeoutsAboveOneHundredYearsAreCapped() throws Exception {
    frontend
        .workflow()
        .startWorkflowExecution(
            startRequest().setWorkflowRunTimeout(seconds(200L * 365 * 24 * 3600)).build());

    StartWorkflowExecutionRequest forwarded =
        StartWorkflowExecutionRequest.parseFrom(
            frontend.history.next(java.time.Duration.ofSeconds(5)).request().getRequest());
    assertThat(forwarded.getWorkflowRunTimeout().getSeconds()).isEqualTo(100L * 365 * 24 * 3600);
  }
}
