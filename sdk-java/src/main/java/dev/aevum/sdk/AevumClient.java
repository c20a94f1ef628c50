package dev.aevum.sdk;

import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.internal.client.ExecutionListing;
import dev.aevum.sdk.internal.client.InvocationRecorder;
import dev.aevum.sdk.internal.client.StartRequests;
import dev.aevum.sdk.internal.common.Enums;
import dev.aevum.sdk.internal.common.Headers;
import dev.aevum.sdk.internal.common.Names;
import dev.aevum.sdk.internal.common.Validate;
import io.grpc.Status;
import io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Starts workflows and waits for their results.
 *
 * <pre>{@code
 * Greeting stub = client.newWorkflowStub(Greeting.class, options);
 * String hello = stub.greet("World");                                  // start and wait
 * WorkflowHandle h = client.start(Greeting.class, options, g -> g.greet("World")); // start only
 * }</pre>
 */
public final class AevumClient {
  private final ServiceConnection connection;
  private final ClientOptions options;

  private AevumClient(ServiceConnection connection, ClientOptions options) {
    this.connection = connection;
    this.options = options;
  }

  public static AevumClient newInstance(ServiceConnection connection) {
    return newInstance(connection, ClientOptions.defaults());
  }

  public static AevumClient newInstance(ServiceConnection connection, ClientOptions options) {
    return new AevumClient(
        Objects.requireNonNull(connection, "connection"),
        Objects.requireNonNull(options, "options"));
  }

  public ServiceConnection connection() {
    return connection;
  }

  public ClientOptions options() {
    return options;
  }

  /** A stub whose workflow method starts the workflow and blocks until it returns. */
  public <T> T newWorkflowStub(Class<T> workflowInterface, WorkflowOptions workflowOptions) {
    Objects.requireNonNull(workflowOptions, "workflowOptions");
    Method workflowMethod = Names.workflowMethod(workflowInterface);
    String workflowType = Names.workflowType(workflowInterface);
    Object proxy =
        Proxy.newProxyInstance(
            workflowInterface.getClassLoader(),
            new Class<?>[] {workflowInterface},
            (self, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("toString")
                    ? "WorkflowStub[" + workflowType + "]"
                    : method.invoke(this, args);
              }
              if (!method.equals(workflowMethod)) {
                throw new UnsupportedOperationException(
                    method.getName()
                        + ": only the @WorkflowMethod is supported by this SDK version");
              }
              WorkflowHandle handle =
                  start(workflowType, workflowOptions, args == null ? new Object[0] : args);
              return handle.getResult(method.getReturnType(), method.getGenericReturnType());
            });
    return workflowInterface.cast(proxy);
  }

  /** Starts the workflow method that {@code call} invokes on the interface, without waiting. */
  public <T> WorkflowHandle start(
      Class<T> workflowInterface, WorkflowOptions workflowOptions, Consumer<T> call) {
    InvocationRecorder.Invocation invocation = InvocationRecorder.record(workflowInterface, call);
    return start(Names.workflowType(workflowInterface), workflowOptions, invocation.args());
  }

  /** Starts a workflow by type name (an untyped start, for workflows written in any SDK). */
  public WorkflowHandle start(
      String workflowType, WorkflowOptions workflowOptions, Object... args) {
    Validate.notBlank(workflowType, "workflowType");
    Objects.requireNonNull(workflowOptions, "workflowOptions");
    String workflowId = workflowOptions.workflowId().orElseGet(() -> UUID.randomUUID().toString());
    Object[] arguments = args == null ? new Object[0] : args;
    return (WorkflowHandle)
        ClientInterceptorChain.run(
            options.interceptors(),
            (i, next) -> i.interceptStart(workflowType, workflowId, arguments, next),
            () -> doStart(workflowType, workflowId, workflowOptions, arguments));
  }

  private WorkflowHandle doStart(
      String workflowType, String workflowId, WorkflowOptions workflowOptions, Object[] args) {
    StartWorkflowExecutionRequest request =
        StartRequests.build(
            options.namespace(),
            options.identity(),
            workflowId,
            workflowType,
            workflowOptions,
            options.dataConverter().toPayloads(args),
            options.dataConverter());
    StartWorkflowExecutionRequest withHeader =
        request.toBuilder().setHeader(Headers.capture(options.contextPropagators())).build();
    StartWorkflowExecutionResponse response;
    try {
      response =
          connection
              .rpc()
              .call("StartWorkflowExecution", s -> s.startWorkflowExecution(withHeader));
    } catch (AevumServiceException e) {
      if (e.status().getCode() == Status.Code.ALREADY_EXISTS) {
        throw new WorkflowAlreadyStartedException(workflowId, e.status(), e);
      }
      throw e;
    }
    return new WorkflowHandle(this, workflowId, Optional.of(response.getRunId()));
  }

  /**
   * Sends a signal to the workflow {@code workflowOptions.workflowId()}, starting it first (with
   * the workflow method {@code start} invokes) if it is not running. Both happen atomically on the
   * server.
   */
  public <T> WorkflowHandle signalWithStart(
      Class<T> workflowInterface,
      WorkflowOptions workflowOptions,
      Consumer<T> start,
      Consumer<T> signal) {
    Objects.requireNonNull(workflowOptions, "workflowOptions");
    String workflowId =
        workflowOptions
            .workflowId()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "workflowOptions.workflowId: signalWithStart needs a workflow id"));
    InvocationRecorder.Invocation startCall = InvocationRecorder.record(workflowInterface, start);
    InvocationRecorder.Invocation signalCall =
        InvocationRecorder.recordAny(workflowInterface, signal);
    String signalName =
        Names.signalMethods(workflowInterface).entrySet().stream()
            .filter(e -> e.getValue().equals(signalCall.method()))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "signal: "
                            + signalCall.method().getName()
                            + " is not a @SignalMethod of "
                            + workflowInterface.getSimpleName()));
    String workflowType = Names.workflowType(workflowInterface);
    Object[] startArgs = startCall.args();
    Object[] signalArgs = signalCall.args();
    return (WorkflowHandle)
        ClientInterceptorChain.run(
            options.interceptors(),
            (i, next) ->
                i.interceptSignalWithStart(
                    workflowType, workflowId, startArgs, signalName, signalArgs, next),
            () ->
                doSignalWithStart(
                    workflowType, workflowId, workflowOptions, startArgs, signalName, signalArgs));
  }

  private WorkflowHandle doSignalWithStart(
      String workflowType,
      String workflowId,
      WorkflowOptions workflowOptions,
      Object[] startArgs,
      String signalName,
      Object[] signalArgs) {
    StartWorkflowExecutionRequest startRequest =
        StartRequests.build(
            options.namespace(),
            options.identity(),
            workflowId,
            workflowType,
            workflowOptions,
            options.dataConverter().toPayloads(startArgs),
            options.dataConverter());
    var request =
        SignalWithStartWorkflowExecutionRequest.newBuilder()
            .setNamespace(startRequest.getNamespace())
            .setIdentity(startRequest.getIdentity())
            .setRequestId(startRequest.getRequestId())
            .setWorkflowId(workflowId)
            .setWorkflowType(startRequest.getWorkflowType())
            .setTaskQueue(startRequest.getTaskQueue())
            .setInput(startRequest.getInput())
            .setHeader(Headers.capture(options.contextPropagators()))
            .setSignalName(signalName)
            .setSignalInput(options.dataConverter().toPayloads(signalArgs));
    if (startRequest.hasWorkflowExecutionTimeout()) {
      request.setWorkflowExecutionTimeout(startRequest.getWorkflowExecutionTimeout());
    }
    if (startRequest.hasWorkflowRunTimeout()) {
      request.setWorkflowRunTimeout(startRequest.getWorkflowRunTimeout());
    }
    if (startRequest.hasWorkflowTaskTimeout()) {
      request.setWorkflowTaskTimeout(startRequest.getWorkflowTaskTimeout());
    }
    if (startRequest.hasRetryPolicy()) {
      request.setRetryPolicy(startRequest.getRetryPolicy());
    }
    if (startRequest.hasSearchAttributes()) {
      request.setSearchAttributes(startRequest.getSearchAttributes());
    }
    if (startRequest.hasMemo()) {
      request.setMemo(startRequest.getMemo());
    }
    if (startRequest.hasWorkflowStartDelay()) {
      request.setWorkflowStartDelay(startRequest.getWorkflowStartDelay());
    }
    request
        .setWorkflowIdReusePolicy(startRequest.getWorkflowIdReusePolicy())
        .setWorkflowIdConflictPolicy(startRequest.getWorkflowIdConflictPolicy())
        .setCronSchedule(startRequest.getCronSchedule());
    var response =
        connection
            .rpc()
            .call(
                "SignalWithStartWorkflowExecution",
                s -> s.signalWithStartWorkflowExecution(request.build()));
    return new WorkflowHandle(this, workflowId, Optional.of(response.getRunId()));
  }

  /**
   * Update-with-start: starts the workflow (or, with {@code idConflictPolicy(USE_EXISTING)}, uses
   * the running one) and sends it an update in one atomic call, then waits for the update's result.
   * {@code workflowOptions} needs a workflow id and an id conflict policy.
   *
   * <pre>{@code
   * int count = client.executeUpdateWithStart(Cart.class, options, Cart::run, c -> c.add("apple"));
   * }</pre>
   *
   * @throws WorkflowUpdateException if the validator rejected the update or its handler failed
   */
  public <T, R> R executeUpdateWithStart(
      Class<T> workflowInterface,
      WorkflowOptions workflowOptions,
      Consumer<T> start,
      Function<T, R> update) {
    return UpdateWithStart.send(
            this,
            workflowInterface,
            Objects.requireNonNull(workflowOptions, "workflowOptions"),
            start,
            update,
            UpdateWorkflowExecutionLifecycleStage
                .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED)
        .getResult();
  }

  /** As {@link #executeUpdateWithStart}, returning once the workflow accepted the update. */
  public <T, R> UpdateHandle<R> startUpdateWithStart(
      Class<T> workflowInterface,
      WorkflowOptions workflowOptions,
      Consumer<T> start,
      Function<T, R> update) {
    return UpdateWithStart.send(
        this,
        workflowInterface,
        Objects.requireNonNull(workflowOptions, "workflowOptions"),
        start,
        update,
        UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED);
  }

  /** Completes activities that called {@code doNotCompleteOnReturn()}, by task token or by id. */
  public ActivityCompletionClient newActivityCompletionClient() {
    return new ActivityCompletionClient(connection.rpc(), options);
  }

  /**
   * A typed stub of an existing workflow's latest run, as Temporal's {@code
   * WorkflowClient.newWorkflowStub(Class, String)}: {@code client.newWorkflowStub(Order.class,
   * "order-42").approve("ann")} sends the signal; query and update methods return the workflow's
   * answer. Calling its @WorkflowMethod throws {@link UnsupportedOperationException}.
   */
  public <T> T newWorkflowStub(Class<T> workflowInterface, String workflowId) {
    return handle(workflowId)
        .typedStub(Objects.requireNonNull(workflowInterface, "workflowInterface"));
  }

  /** As {@link #newWorkflowStub(Class, String)}, for one run of the workflow. */
  public <T> T newWorkflowStub(Class<T> workflowInterface, String workflowId, String runId) {
    return handle(workflowId, runId)
        .typedStub(Objects.requireNonNull(workflowInterface, "workflowInterface"));
  }

  /** A handle to an existing workflow's latest run. */
  public WorkflowHandle handle(String workflowId) {
    return new WorkflowHandle(this, Validate.notBlank(workflowId, "workflowId"), Optional.empty());
  }

  /** A handle to one run of an existing workflow. */
  public WorkflowHandle handle(String workflowId, String runId) {
    return new WorkflowHandle(
        this,
        Validate.notBlank(workflowId, "workflowId"),
        Optional.of(Validate.notBlank(runId, "runId")));
  }

  /**
   * The runs that match a visibility query, newest first, fetched page by page as the stream is
   * consumed. The query is Temporal's list filter, for example {@code WorkflowType = 'Order' AND
   * ExecutionStatus = 'Running' AND CustomerId = 'c-7'}; an empty query matches every run of the
   * namespace. Needs a server with visibility (Aevum, Temporal); Temporal's in-memory test server
   * answers UNIMPLEMENTED.
   */
  public Stream<WorkflowDescription> listExecutions(String query) {
    Objects.requireNonNull(query, "query");
    return ExecutionListing.stream(connection.rpc(), options.namespace(), query);
  }

  /** How many runs match a visibility query (see {@link #listExecutions}). */
  public long countExecutions(String query) {
    Objects.requireNonNull(query, "query");
    var request =
        CountWorkflowExecutionsRequest.newBuilder()
            .setNamespace(options.namespace())
            .setQuery(query)
            .build();
    return connection
        .rpc()
        .call("CountWorkflowExecutions", s -> s.countWorkflowExecutions(request))
        .getCount();
  }

  /** How many runs match a visibility query, per status; statuses no run has are absent. */
  public Map<WorkflowStatus, Long> countExecutionsByStatus(String query) {
    Objects.requireNonNull(query, "query");
    var request =
        CountWorkflowExecutionsRequest.newBuilder()
            .setNamespace(options.namespace())
            .setQuery(query + " GROUP BY ExecutionStatus")
            .build();
    var response =
        connection.rpc().call("CountWorkflowExecutions", s -> s.countWorkflowExecutions(request));
    Map<WorkflowStatus, Long> counts = new EnumMap<>(WorkflowStatus.class);
    for (var group : response.getGroupsList()) {
      String name =
          DataConverter.defaultInstance()
              .fromPayload(group.getGroupValues(0), String.class, String.class);
      counts.put(Enums.workflowStatus(ExecutionListing.status(name)), group.getCount());
    }
    return Collections.unmodifiableMap(counts);
  }
}
