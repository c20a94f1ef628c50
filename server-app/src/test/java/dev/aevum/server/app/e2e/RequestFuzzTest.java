package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Generated and damaged requests for every public RPC (the methods come from the API jar's service
 * descriptors, so new RPCs are covered by themselves), sent over the real transport to the server
 * on each store. No answer may be INTERNAL, UNKNOWN, UNAVAILABLE or DATA_LOSS, no call may outlive
 * its deadline unless the RPC waits by design, rejected requests change nothing a client can see of
 * a seeded workflow and namespace, and a workflow runs normally afterwards.
 *
 * <p>To explore: AEVUM_FUZZ_SEED picks another seed, AEVUM_FUZZ_DEBUG prints why each request was
 * rejected (the outcome counts per method are always printed to the test output).
 */
class RequestFuzzTest extends ServerTest {
  /**
   * Fixed, so a failure can be replayed (the store's ordinal is added); AEVUM_FUZZ_SEED explores
   * other seeds locally.
   */
  static final long SEED = Long.parseLong(System.getenv().getOrDefault("AEVUM_FUZZ_SEED", "17"));

  static final int HOSTILE_PER_METHOD = 8;

  /** Mostly plausible requests with a few hostile values, which get past the first checks. */
  static final int MUTATED_PER_METHOD = 10;

  static final int DAMAGED_PER_METHOD = 3;
  static final int IN_FLIGHT = 8;
  static final long DEADLINE_MS = 3_000;

  static final Set<Status.Code> NEVER =
      Set.of(
          Status.Code.INTERNAL,
          Status.Code.UNKNOWN,
          Status.Code.UNAVAILABLE,
          Status.Code.DATA_LOSS);

  /** These wait for a worker or for news by design; the deadline may end them. */
  static final Set<String> WAITING =
      Set.of(
          "PollWorkflowTaskQueue",
          "PollActivityTaskQueue",
          "QueryWorkflow",
          "UpdateWorkflowExecution",
          "PollWorkflowExecutionUpdate",
          "ExecuteMultiOperation",
          "GetWorkflowExecutionHistory");

  private ManagedChannel channel;

  /** Outcomes by method and status, printed so a reader can see how deep the requests got. */
  private final Map<String, Map<Status.Code, Integer>> outcomes = new TreeMap<>();

  /**
   * What a client sees of the seeded workflow and of the namespace; rejected requests must leave it
   * alone.
   */
  private record Snapshot(List<Object> parts) {}

  @WorkflowInterface
  public interface Echo {
    @WorkflowMethod
    String echo(String value);
  }

  public static class EchoImpl implements Echo {
    @Override
    public String echo(String value) {
      return "echo " + value;
    }
  }

  private WorkflowServiceGrpc.WorkflowServiceBlockingStub stub() {
    return cluster.blocking().withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @Test
  void everyRpcSurvivesHostileRequests() throws Exception {
    outcomes.clear();
    String seedId = unique("fuzz-seed");
    String seedQueue = unique("fuzz-seed-queue");
    WorkflowExecution seed = seed(seedId, seedQueue);
    List<String> realIds = new ArrayList<>(List.of(seedId, seed.getRunId()));
    List<ByteString> tokens = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      // Real task tokens make history read the rest of worker calls; these runs are not in the
      // snapshot.
      RawWorker worker = new RawWorker(cluster, unique("fuzz-worker"));
      WorkflowExecution run = worker.start(unique("fuzz-worker"));
      realIds.add(run.getWorkflowId());
      tokens.add(worker.pollWorkflowTask().getTaskToken());
    }
    RequestGenerator generator = new RequestGenerator(SEED + store.ordinal(), realIds);
    tokens.forEach(generator::addToken);

    channel = ManagedChannelBuilder.forTarget(cluster.target()).usePlaintext().build();
    List<Call> calls = new ArrayList<>();
    for (ServiceDescriptor service :
        List.of(
            WorkflowServiceGrpc.getServiceDescriptor(),
            OperatorServiceGrpc.getServiceDescriptor())) {
      for (MethodDescriptor<?, ?> method : service.getMethods()) {
        Message prototype = prototype(method);
        for (int i = 0; i < MUTATED_PER_METHOD + HOSTILE_PER_METHOD; i++) {
          Message request = generator.message(prototype, i < MUTATED_PER_METHOD ? 0.04 : 1);
          calls.add(new Call(method, request.toByteArray(), TextFormat.shortDebugString(request)));
        }
        for (int i = 0; i < DAMAGED_PER_METHOD; i++) {
          calls.add(new Call(method, generator.damaged(prototype), "<damaged bytes>"));
        }
      }
    }
    try {
      Snapshot before = snapshot(seed);
      for (int from = 0; from < calls.size(); from += IN_FLIGHT) {
        List<Call> batch = calls.subList(from, Math.min(calls.size(), from + IN_FLIGHT));
        boolean allRejected = send(batch);
        Snapshot after = snapshot(seed);
        if (allRejected) {
          assertThat(after).as("state after rejected requests %s", batch).isEqualTo(before);
        }
        before = after;
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    outcomes.forEach(
        (method, codes) -> System.out.println("fuzz " + store + " " + method + " " + codes));
    aWorkflowStillRuns();
  }

  private record Call(MethodDescriptor<?, ?> method, byte[] bytes, String text) {
    @Override
    public String toString() {
      String shown = text.length() > 400 ? text.substring(0, 400) + "..." : text;
      return method.getBareMethodName() + "(" + shown + ")";
    }
  }

  /** Sends the batch at once; true when every call was rejected. */
  private boolean send(List<Call> batch) throws InterruptedException {
    List<Future<byte[]>> answers = new ArrayList<>();
    for (Call call : batch) {
      answers.add(
          ClientCalls.futureUnaryCall(
              channel.newCall(
                  raw(call.method()),
                  CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)),
              call.bytes()));
    }
    boolean allRejected = true;
    for (int i = 0; i < batch.size(); i++) {
      Call call = batch.get(i);
      try {
        answers.get(i).get(DEADLINE_MS + 10_000, TimeUnit.MILLISECONDS);
        count(call, Status.Code.OK);
        allRejected = false;
      } catch (TimeoutException e) {
        throw new AssertionError(
            "no answer and no deadline error for " + call + " (seed " + SEED + ")");
      } catch (ExecutionException e) {
        Status status = Status.fromThrowable(e.getCause());
        count(call, status.getCode());
        if (System.getenv("AEVUM_FUZZ_DEBUG") != null) {
          System.out.println(
              "why "
                  + call.method().getBareMethodName()
                  + " "
                  + status.getCode()
                  + " "
                  + status.getDescription());
        }
        assertThat(NEVER)
            .as("%s answered %s (seed %d)", call, status, SEED)
            .doesNotContain(status.getCode());
        if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
          assertThat(WAITING)
              .as("%s ran into its deadline (seed %d)", call, SEED)
              .contains(call.method().getBareMethodName());
          allRejected = false;
        }
      }
    }
    return allRejected;
  }

  private void count(Call call, Status.Code code) {
    outcomes
        .computeIfAbsent(call.method().getBareMethodName(), m -> new EnumMap<>(Status.Code.class))
        .merge(code, 1, Integer::sum);
  }

  /** A workflow nothing polls, with a signal, memo and search attribute, on its own task queue. */
  private WorkflowExecution seed(String workflowId, String taskQueue) {
    String runId =
        stub()
            .startWorkflowExecution(
                StartWorkflowExecutionRequest.newBuilder()
                    .setNamespace(TestCluster.NAMESPACE)
                    .setWorkflowId(workflowId)
                    .setWorkflowType(WorkflowType.newBuilder().setName("FuzzSeed"))
                    .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue))
                    .setSearchAttributes(
                        SearchAttributes.newBuilder()
                            .putIndexedFields(
                                "CustomKeywordField",
                                Payload.newBuilder()
                                    .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                                    .setData(ByteString.copyFromUtf8("\"seed\""))
                                    .build()))
                    .build())
            .getRunId();
    WorkflowExecution run =
        WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId).build();
    stub()
        .signalWorkflowExecution(
            SignalWorkflowExecutionRequest.newBuilder()
                .setNamespace(TestCluster.NAMESPACE)
                .setWorkflowExecution(run)
                .setSignalName("seeded")
                .build());
    return run;
  }

  private Snapshot snapshot(WorkflowExecution seed) {
    List<Object> parts = new ArrayList<>();
    parts.add(
        answer(
            () ->
                stub()
                    .describeNamespace(
                        DescribeNamespaceRequest.newBuilder()
                            .setNamespace(TestCluster.NAMESPACE)
                            .build())));
    parts.add(
        answer(
            () ->
                stub()
                    .describeWorkflowExecution(
                        DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(TestCluster.NAMESPACE)
                            .setExecution(seed)
                            .build())));
    parts.add(
        answer(
            () ->
                stub()
                    .getWorkflowExecutionHistory(
                        GetWorkflowExecutionHistoryRequest.newBuilder()
                            .setNamespace(TestCluster.NAMESPACE)
                            .setExecution(seed)
                            .build())
                    .getHistory()));
    parts.add(
        answer(
            () ->
                stub()
                    .listWorkflowExecutions(
                        ListWorkflowExecutionsRequest.newBuilder()
                            .setNamespace(TestCluster.NAMESPACE)
                            .setQuery("WorkflowId = '" + seed.getWorkflowId() + "'")
                            .build())));
    parts.add(
        answer(
            () ->
                OperatorServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .listSearchAttributes(
                        ListSearchAttributesRequest.newBuilder()
                            .setNamespace(TestCluster.NAMESPACE)
                            .build())));
    return new Snapshot(parts);
  }

  /** The answer, or the status code when the call failed (a deleted seed stays comparable). */
  private static Object answer(Supplier<Object> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      assertThat(NEVER)
          .as("snapshot read answered %s", e.getStatus())
          .doesNotContain(e.getStatus().getCode());
      return e.getStatus().getCode();
    }
  }

  /** In a namespace the fuzz cannot have touched, with the official SDK as client and worker. */
  private void aWorkflowStillRuns() {
    String namespace = "fuzz-after-" + store.name().toLowerCase(Locale.ROOT);
    stub()
        .registerNamespace(
            RegisterNamespaceRequest.newBuilder()
                .setNamespace(namespace)
                .setWorkflowExecutionRetentionPeriod(Duration.newBuilder().setSeconds(86_400))
                .build());
    WorkflowClient after = cluster.client(namespace);
    String taskQueue = unique("fuzz-after");
    WorkerFactory factory = WorkerFactory.newInstance(after);
    try {
      factory.newWorker(taskQueue).registerWorkflowImplementationTypes(EchoImpl.class);
      factory.start();
      Echo echo =
          after.newWorkflowStub(
              Echo.class, WorkflowOptions.newBuilder().setTaskQueue(taskQueue).build());
      assertThat(echo.echo("still alive")).isEqualTo("echo still alive");
    } finally {
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private static Message prototype(MethodDescriptor<?, ?> method) {
    return (Message)
        ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller())
            .getMessagePrototype();
  }

  private static MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<?, ?> method) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(method.getFullMethodName())
        .setRequestMarshaller(new Bytes())
        .setResponseMarshaller(new Bytes())
        .build();
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
