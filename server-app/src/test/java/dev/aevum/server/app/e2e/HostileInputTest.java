package dev.aevum.server.app.e2e;

import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.CompleteWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.RequestCancelExternalWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.SignalExternalWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.StartChildWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.UpsertWorkflowSearchAttributesCommandAttributes;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hostile inputs of issue 17, on both stores: each gets a clear non-retryable status naming the
 * field before anything is stored, and bad worker commands fail the workflow task with Temporal's
 * cause instead of wedging the workflow.
 */
class HostileInputTest extends ServerTest {
  private OperatorServiceStubs operator;

  @BeforeEach
  void connectOperator() {
    operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget(cluster.target())
                .validateAndBuildWithDefaults());
  }

  @AfterEach
  void disconnectOperator() {
    operator.shutdownNow();
  }

  private WorkflowServiceGrpc.WorkflowServiceBlockingStub stub() {
    return cluster.blocking().withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static StartWorkflowExecutionRequest.Builder start(String workflowId) {
    return StartWorkflowExecutionRequest.newBuilder()
        .setNamespace(TestCluster.NAMESPACE)
        .setWorkflowId(workflowId)
        .setWorkflowType(WorkflowType.newBuilder().setName("Hostile"))
        .setTaskQueue(TaskQueue.newBuilder().setName("hostile"));
  }

  private static Payload json(String text) {
    return Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(text))
        .build();
  }

  private static SearchAttributes attribute(String name, String jsonValue) {
    return SearchAttributes.newBuilder().putIndexedFields(name, json(jsonValue)).build();
  }

  private static void assertInvalid(String message, Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains(message);
            });
  }

  private long count(String query) {
    return stub()
        .countWorkflowExecutions(
            CountWorkflowExecutionsRequest.newBuilder()
                .setNamespace(TestCluster.NAMESPACE)
                .setQuery(query)
                .build())
        .getCount();
  }

  @Test
  void nulCharactersAreRejectedNamingTheFieldAndNothingIsStored() {
    String id = unique("nul");
    assertInvalid(
        "WorkflowId contains the NUL character",
        () -> stub().startWorkflowExecution(start(id + "\0").build()));
    assertInvalid(
        "WorkflowType.Name contains the NUL character",
        () ->
            stub()
                .startWorkflowExecution(
                    start(id).setWorkflowType(WorkflowType.newBuilder().setName("T\0")).build()));
    assertInvalid(
        "TaskQueue.Name contains the NUL character",
        () ->
            stub()
                .startWorkflowExecution(
                    start(id).setTaskQueue(TaskQueue.newBuilder().setName("q\0")).build()));
    assertInvalid(
        "Namespace contains the NUL character",
        () -> stub().startWorkflowExecution(start(id).setNamespace("default\0").build()));
    assertInvalid(
        "has a key with the NUL character",
        () ->
            stub()
                .startWorkflowExecution(
                    start(id).setSearchAttributes(attribute("Custom\0", "\"x\"")).build()));
    assertInvalid(
        "invalid value for search attribute CustomKeywordField of type Keyword: the value contains the NUL",
        () ->
            stub()
                .startWorkflowExecution(
                    start(id)
                        .setSearchAttributes(attribute("CustomKeywordField", "\"a\\u0000b\""))
                        .build()));
    assertInvalid(
        "Query contains the NUL character",
        () ->
            stub()
                .listWorkflowExecutions(
                    ListWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(TestCluster.NAMESPACE)
                        .setQuery("WorkflowId = 'a\0'")
                        .build()));
    assertInvalid(
        "SignalName contains the NUL character",
        () ->
            stub()
                .signalWorkflowExecution(
                    SignalWorkflowExecutionRequest.newBuilder()
                        .setNamespace(TestCluster.NAMESPACE)
                        .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                        .setSignalName("s\0")
                        .build()));
    assertThat(count("WorkflowId STARTS_WITH '" + id + "'")).isZero();
  }

  @WorkflowInterface
  public interface Hostile {
    @WorkflowMethod
    void run();
  }

  @Test
  void theOfficialSdkGetsANonRetryableErrorForANulWorkflowId() {
    Hostile stub =
        client.newWorkflowStub(
            Hostile.class,
            WorkflowOptions.newBuilder().setTaskQueue("hostile").setWorkflowId("sdk\0id").build());
    assertThatThrownBy(() -> WorkflowClient.start(stub::run))
        .isInstanceOf(WorkflowServiceException.class)
        .hasRootCauseInstanceOf(StatusRuntimeException.class)
        .rootCause()
        .hasMessageContaining("INVALID_ARGUMENT");
  }

  @Test
  void badDurationsAndRetentionsAreInvalidArgument() {
    assertInvalid(
        "WorkflowRunTimeout is not a valid duration",
        () ->
            stub()
                .startWorkflowExecution(
                    start(unique("d"))
                        .setWorkflowRunTimeout(
                            Duration.newBuilder().setSeconds(1).setNanos(2_000_000_000))
                        .build()));
    assertInvalid(
        "WorkflowExecutionRetentionPeriod is not a valid duration",
        () ->
            stub()
                .registerNamespace(
                    RegisterNamespaceRequest.newBuilder()
                        .setNamespace(unique("ns"))
                        .setWorkflowExecutionRetentionPeriod(
                            Duration.newBuilder().setSeconds(Long.MAX_VALUE))
                        .build()));
  }

  @Test
  void queriesAreBoundedAndTheLargestAcceptedOneRunsOnTheStore() {
    String deep = "(".repeat(1000) + "WorkflowId = 'a'" + ")".repeat(1000);
    assertInvalid("nested more than 64 levels deep", () -> count(deep));
    String chain = String.join(" AND ", Collections.nCopies(5001, "WorkflowId = 'a'"));
    assertInvalid("more than 500 conditions", () -> count(chain));

    // The limits themselves, with the costliest terms (custom attributes become subqueries).
    String nested = "(".repeat(64) + "CustomKeywordField = 'a'" + ")".repeat(64);
    assertThat(count(nested)).isZero();
    assertThat(count(String.join(" OR ", Collections.nCopies(500, "CustomIntField = 7")))).isZero();
    String mixed =
        "(".repeat(60)
            + String.join(" AND ", Collections.nCopies(440, "CustomKeywordField != 'x'"))
            + ")".repeat(60);
    assertThat(count(mixed)).isZero();
  }

  @Test
  void searchAttributesAreCheckedAgainstTheRegistry() {
    SearchAttributes.Builder many = SearchAttributes.newBuilder();
    for (int i = 0; i < 10_000; i++) {
      many.putIndexedFields("Unregistered" + i, json("\"x\""));
    }
    assertInvalid(
        "number of search attributes 10000 exceeds limit 100",
        () ->
            stub().startWorkflowExecution(start(unique("many")).setSearchAttributes(many).build()));
    assertInvalid(
        "invalid value for search attribute CustomIntField of type Int: abc",
        () ->
            stub()
                .startWorkflowExecution(
                    start(unique("abc"))
                        .setSearchAttributes(attribute("CustomIntField", "\"abc\""))
                        .build()));
    String region = "Region" + store;
    assertInvalid(
        "search attribute " + region + " is not defined",
        () ->
            stub()
                .startWorkflowExecution(
                    start(unique("unknown"))
                        .setSearchAttributes(attribute(region, "\"eu\""))
                        .build()));
    assertInvalid(
        "invalid query: invalid expression: column name '"
            + region
            + "' is not a valid search attribute",
        () -> count(region + " = 'eu'"));

    operator
        .blockingStub()
        .addSearchAttributes(
            AddSearchAttributesRequest.newBuilder()
                .setNamespace(TestCluster.NAMESPACE)
                .putSearchAttributes(region, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                .build());
    assertInvalid(
        "invalid value for search attribute " + region + " of type Keyword: 5",
        () ->
            stub()
                .startWorkflowExecution(
                    start(unique("typed")).setSearchAttributes(attribute(region, "5")).build()));
    String id = unique("registered");
    stub()
        .startWorkflowExecution(start(id).setSearchAttributes(attribute(region, "\"eu\"")).build());
    assertThat(count(region + " = 'eu' AND WorkflowId = '" + id + "'")).isEqualTo(1);
  }

  /** Starts a run and takes its first workflow task. */
  private record Task(RawWorker worker, WorkflowExecution run, ByteString token) {}

  private Task firstTask(String name) {
    RawWorker worker = new RawWorker(cluster, unique(name));
    WorkflowExecution run = worker.start(unique(name));
    return new Task(worker, run, worker.pollWorkflowTask().getTaskToken());
  }

  /**
   * The command fails the task with {@code cause}; the next task can then complete the workflow.
   */
  private void failsTheTask(
      String name, Command command, WorkflowTaskFailedCause cause, String message) {
    Task task = firstTask(name);
    assertInvalid(message, () -> task.worker().complete(task.token(), command));
    List<HistoryEvent> events = task.worker().history(task.run());
    assertThat(events)
        .extracting(HistoryEvent::getEventType)
        .endsWith(EVENT_TYPE_WORKFLOW_TASK_FAILED);
    assertThat(events.get(events.size() - 1).getWorkflowTaskFailedEventAttributes().getCause())
        .isEqualTo(cause);

    ByteString retry = task.worker().pollWorkflowTask().getTaskToken();
    task.worker().complete(retry, WorkflowTaskProtocolTest.complete());
    assertThat(task.worker().types(task.run())).endsWith(EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  }

  private static Command upsert(SearchAttributes attributes) {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)
        .setUpsertWorkflowSearchAttributesCommandAttributes(
            UpsertWorkflowSearchAttributesCommandAttributes.newBuilder()
                .setSearchAttributes(attributes))
        .build();
  }

  @Test
  void badUpsertsFailTheTaskWithBadSearchAttributes() {
    var cause = WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES;
    failsTheTask(
        "upsert-nul",
        upsert(attribute("CustomKeywordField", "\"a\\u0000\"")),
        cause,
        "NUL character");
    failsTheTask(
        "upsert-unknown",
        upsert(attribute("NeverRegistered", "1")),
        cause,
        "BadSearchAttributes: search attribute NeverRegistered is not defined");
    failsTheTask(
        "upsert-type",
        upsert(attribute("CustomIntField", "\"abc\"")),
        cause,
        "invalid value for search attribute CustomIntField of type Int: abc");
    failsTheTask(
        "upsert-system",
        upsert(attribute("WorkflowType", "\"x\"")),
        cause,
        "WorkflowType attribute can't be set in SearchAttributes");
  }

  @Test
  void badChildAndExternalCommandsFailTheTaskWithTheirCause() {
    failsTheTask(
        "child-nul",
        Command.newBuilder()
            .setCommandType(CommandType.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION)
            .setStartChildWorkflowExecutionCommandAttributes(
                StartChildWorkflowExecutionCommandAttributes.newBuilder()
                    .setWorkflowId("child\0")
                    .setWorkflowType(WorkflowType.newBuilder().setName("Child")))
            .build(),
        WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES,
        "StartChildWorkflowExecutionCommandAttributes.WorkflowId contains the NUL character");
    failsTheTask(
        "child-queue",
        Command.newBuilder()
            .setCommandType(CommandType.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION)
            .setStartChildWorkflowExecutionCommandAttributes(
                StartChildWorkflowExecutionCommandAttributes.newBuilder()
                    .setWorkflowId("child")
                    .setWorkflowType(WorkflowType.newBuilder().setName("Child"))
                    .setTaskQueue(TaskQueue.newBuilder().setName("/_sys/child/3")))
            .build(),
        WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES,
        "reserved prefix /_sys/");
    failsTheTask(
        "child-attributes",
        Command.newBuilder()
            .setCommandType(CommandType.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION)
            .setStartChildWorkflowExecutionCommandAttributes(
                StartChildWorkflowExecutionCommandAttributes.newBuilder()
                    .setWorkflowId("child")
                    .setWorkflowType(WorkflowType.newBuilder().setName("Child"))
                    .setSearchAttributes(attribute("NotThere", "1")))
            .build(),
        WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES,
        "invalid SearchAttributes on StartChildWorkflowCommand: search attribute NotThere is not defined");
    failsTheTask(
        "signal-nul",
        Command.newBuilder()
            .setCommandType(CommandType.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION)
            .setSignalExternalWorkflowExecutionCommandAttributes(
                SignalExternalWorkflowExecutionCommandAttributes.newBuilder()
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId("target\0"))
                    .setSignalName("s"))
            .build(),
        WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SIGNAL_WORKFLOW_EXECUTION_ATTRIBUTES,
        "SignalExternalWorkflowExecutionCommandAttributes.Execution.WorkflowId contains the NUL character");
    failsTheTask(
        "cancel-run-id",
        Command.newBuilder()
            .setCommandType(CommandType.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION)
            .setRequestCancelExternalWorkflowExecutionCommandAttributes(
                RequestCancelExternalWorkflowExecutionCommandAttributes.newBuilder()
                    .setWorkflowId("target")
                    .setRunId("run-1"))
            .build(),
        WorkflowTaskFailedCause
            .WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_ATTRIBUTES,
        "Invalid RunId set on RequestCancelExternalWorkflowExecutionCommand");
    failsTheTask(
        "timer-duration",
        WorkflowTaskProtocolTest.startTimer("t", java.time.Duration.ofSeconds(1)).toBuilder()
            .setStartTimerCommandAttributes(
                WorkflowTaskProtocolTest.startTimer("t", java.time.Duration.ofSeconds(1))
                    .getStartTimerCommandAttributes()
                    .toBuilder()
                    .setStartToFireTimeout(
                        Duration.newBuilder().setSeconds(1).setNanos(2_000_000_000)))
            .build(),
        WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES,
        "StartToFireTimeout is not a valid duration");
  }

  @Test
  void anOversizedResultIsRejectedNamingCompleteWorkflowExecution() {
    Task task = firstTask("big-result");
    Payloads big =
        Payloads.newBuilder()
            .addPayloads(
                Payload.newBuilder().setData(ByteString.copyFrom(new byte[3 * 1024 * 1024])))
            .build();
    Command complete =
        Command.newBuilder()
            .setCommandType(CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION)
            .setCompleteWorkflowExecutionCommandAttributes(
                CompleteWorkflowExecutionCommandAttributes.newBuilder().setResult(big))
            .build();
    assertInvalid(
        "BadCompleteWorkflowExecutionAttributes: CompleteWorkflowExecutionCommandAttributes.Result exceeds size limit.",
        () -> task.worker().complete(task.token(), complete));
  }

  /** Bytes that are no valid request, sent over the real transport as a broken client would. */
  private StatusRuntimeException sendRaw(MethodDescriptor<?, ?> method, byte[] bytes) {
    MethodDescriptor<byte[], byte[]> raw =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(method.getFullMethodName())
            .setRequestMarshaller(new Bytes())
            .setResponseMarshaller(new Bytes())
            .build();
    ManagedChannel channel =
        ManagedChannelBuilder.forTarget(cluster.target()).usePlaintext().build();
    try {
      ClientCalls.blockingUnaryCall(
          channel, raw, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), bytes);
      throw new AssertionError("the call succeeded");
    } catch (StatusRuntimeException e) {
      return e;
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void undecodableRequestsAreInvalidArgument() {
    Consumer<StatusRuntimeException> invalid =
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    invalid.accept(
        sendRaw(
            WorkflowServiceGrpc.getStartWorkflowExecutionMethod(),
            new byte[] {(byte) 0xff, 0x00, 0x13}));
    StatusRuntimeException utf8 =
        sendRaw(
            WorkflowServiceGrpc.getStartWorkflowExecutionMethod(),
            new byte[] {0x0a, 0x02, (byte) 0xc3, 0x28});
    invalid.accept(utf8);
    assertThat(utf8.getStatus().getDescription()).contains("invalid UTF-8");

    Failure deep = Failure.newBuilder().setMessage("bottom").build();
    for (int i = 0; i < 300; i++) {
      deep = Failure.newBuilder().setCause(deep).build();
    }
    invalid.accept(
        sendRaw(
            WorkflowServiceGrpc.getRespondActivityTaskFailedMethod(),
            RespondActivityTaskFailedRequest.newBuilder().setFailure(deep).build().toByteArray()));
    // The server is fine afterwards.
    assertThat(
            stub()
                .describeNamespace(
                    DescribeNamespaceRequest.newBuilder()
                        .setNamespace(TestCluster.NAMESPACE)
                        .build())
                .getNamespaceInfo()
                .getName())
        .isEqualTo(TestCluster.NAMESPACE);
  }

  private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
