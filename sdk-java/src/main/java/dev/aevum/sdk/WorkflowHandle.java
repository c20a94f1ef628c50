package dev.aevum.sdk;

import dev.aevum.sdk.converter.TypeRef;
import dev.aevum.sdk.internal.client.ExecutionListing;
import dev.aevum.sdk.internal.client.InvocationRecorder;
import dev.aevum.sdk.internal.client.ResultPoller;
import dev.aevum.sdk.internal.common.Names;
import dev.aevum.sdk.internal.common.Validate;
import io.grpc.Status;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
import io.temporal.api.history.v1.History;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.update.v1.Input;
import io.temporal.api.update.v1.Meta;
import io.temporal.api.update.v1.Request;
import io.temporal.api.update.v1.WaitPolicy;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A started (or existing) workflow execution: wait for its result, signal, query, describe, cancel
 * or terminate it, read its history.
 */
public final class WorkflowHandle {
  private final AevumClient client;
  private final String workflowId;
  private final Optional<String> runId;

  WorkflowHandle(AevumClient client, String workflowId, Optional<String> runId) {
    this.client = client;
    this.workflowId = workflowId;
    this.runId = runId;
  }

  public String workflowId() {
    return workflowId;
  }

  /** The run this handle points at; empty means the latest run of the workflow id. */
  public Optional<String> runId() {
    return runId;
  }

  /**
   * Blocks until the workflow closes and decodes its result. Long-polls history for the close event
   * and follows continue-as-new to the final run.
   *
   * @throws WorkflowFailedException if the workflow failed, was canceled, terminated or timed out
   */
  public <R> R getResult(Class<R> resultClass) {
    return getResult(resultClass, resultClass);
  }

  /** As {@link #getResult(Class)}, with a generic type such as {@code List<String>}. */
  public <R> R getResult(Class<R> resultClass, Type resultType) {
    return resultPoller().awaitResult(resultClass, resultType);
  }

  /**
   * As {@link #getResult(Class)}, for a generic result: {@code handle.getResult(new
   * TypeRef<List<Order>>() {})}.
   */
  public <R> R getResult(TypeRef<R> resultType) {
    return getResult(resultType.rawType(), resultType.type());
  }

  /** The full history of this run (or of the latest run). */
  public History fetchHistory() {
    return resultPoller().fetchHistory();
  }

  /** Sends a signal by name (to a workflow written in any SDK). */
  public void signal(String signalName, Object... args) {
    Validate.notBlank(signalName, "signalName");
    Object[] arguments = args == null ? new Object[0] : args;
    intercept(
        (i, next) -> i.interceptSignal(workflowId, signalName, arguments, next),
        () -> {
          doSignal(signalName, arguments);
          return null;
        });
  }

  /** Runs {@code call} inside this client's interceptors. */
  private Object intercept(ClientInterceptorChain.Step step, ClientInterceptor.Invocation call) {
    return ClientInterceptorChain.run(client.options().interceptors(), step, call);
  }

  private void doSignal(String signalName, Object[] args) {
    SignalWorkflowExecutionRequest request =
        SignalWorkflowExecutionRequest.newBuilder()
            .setNamespace(client.options().namespace())
            .setWorkflowExecution(execution())
            .setSignalName(signalName)
            .setInput(client.options().dataConverter().toPayloads(args))
            .setIdentity(client.options().identity())
            .setRequestId(UUID.randomUUID().toString())
            .build();
    client
        .connection()
        .rpc()
        .call("SignalWorkflowExecution", s -> s.signalWorkflowExecution(request));
  }

  /**
   * Sends the signal whose @SignalMethod {@code call} invokes: {@code h.signal(Approval.class, a ->
   * a.approve("ann"))}.
   */
  public <T> void signal(Class<T> workflowInterface, Consumer<T> call) {
    InvocationRecorder.Invocation invocation =
        InvocationRecorder.recordAny(workflowInterface, call);
    String name =
        handlerName(
            Names.signalMethods(workflowInterface),
            invocation,
            "a @SignalMethod",
            workflowInterface);
    signal(name, invocation.args());
  }

  /** Runs a query by type name and decodes its answer. */
  public <R> R query(String queryType, Class<R> resultClass, Object... args) {
    return query(queryType, resultClass, resultClass, args);
  }

  /**
   * Runs the @QueryMethod that {@code call} invokes: {@code h.query(Approval.class,
   * Approval::status)}.
   */
  public <T, R> R query(Class<T> workflowInterface, Function<T, R> call) {
    InvocationRecorder.Invocation invocation =
        InvocationRecorder.recordAny(workflowInterface, call::apply);
    String name =
        handlerName(
            Names.queryMethods(workflowInterface), invocation, "a @QueryMethod", workflowInterface);
    @SuppressWarnings("unchecked")
    R result =
        (R)
            query(
                name,
                invocation.method().getReturnType(),
                invocation.method().getGenericReturnType(),
                invocation.args());
    return result;
  }

  /**
   * Sends an update and waits for its result. A rejection by the validator, or a failure thrown by
   * the handler, raises {@link WorkflowUpdateException} with the failure as its cause.
   */
  public <R> R update(String updateName, Class<R> resultClass, Object... args) {
    return update(updateName, resultClass, resultClass, args);
  }

  /**
   * Runs the @UpdateMethod that {@code call} invokes: {@code h.update(Cart.class, c ->
   * c.add("apple"))}.
   */
  public <T, R> R update(Class<T> workflowInterface, Function<T, R> call) {
    InvocationRecorder.Invocation invocation =
        InvocationRecorder.recordAny(workflowInterface, call::apply);
    String name =
        handlerName(
            Names.updateMethods(workflowInterface),
            invocation,
            "an @UpdateMethod",
            workflowInterface);
    @SuppressWarnings("unchecked")
    R result =
        (R)
            update(
                name,
                invocation.method().getReturnType(),
                invocation.method().getGenericReturnType(),
                invocation.args());
    return result;
  }

  private <R> R update(String updateName, Class<R> resultClass, Type resultType, Object[] args) {
    return sendUpdate(
            updateName,
            resultClass,
            resultType,
            args,
            UpdateWorkflowExecutionLifecycleStage
                .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED)
        .getResult();
  }

  /**
   * Sends an update and returns once the workflow accepted it (its validator passed), without
   * waiting for the handler. A rejection raises {@link WorkflowUpdateException}.
   */
  public <R> UpdateHandle<R> startUpdate(String updateName, Class<R> resultClass, Object... args) {
    return sendUpdate(
        updateName,
        resultClass,
        resultClass,
        args,
        UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED);
  }

  /**
   * Typed {@link #startUpdate(String, Class, Object...)}: {@code h.startUpdate(Cart.class, c ->
   * c.add("apple"))}.
   */
  public <T, R> UpdateHandle<R> startUpdate(Class<T> workflowInterface, Function<T, R> call) {
    InvocationRecorder.Invocation invocation =
        InvocationRecorder.recordAny(workflowInterface, call::apply);
    String name =
        handlerName(
            Names.updateMethods(workflowInterface),
            invocation,
            "an @UpdateMethod",
            workflowInterface);
    @SuppressWarnings("unchecked")
    UpdateHandle<R> handle =
        (UpdateHandle<R>)
            sendUpdate(
                name,
                invocation.method().getReturnType(),
                invocation.method().getGenericReturnType(),
                invocation.args(),
                UpdateWorkflowExecutionLifecycleStage
                    .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED);
    return handle;
  }

  /** The registered name of the handler method that {@code invocation} called. */
  /**
   * A typed stub of this workflow: its @SignalMethod, @QueryMethod and @UpdateMethod methods call
   * the workflow (as {@link #signal}, {@link #query} and {@link #update} do). Its @WorkflowMethod
   * is refused: the workflow already runs ({@link #getResult} waits for it).
   */
  <T> T typedStub(Class<T> workflowInterface) {
    Map<String, Method> signals = Names.signalMethods(workflowInterface);
    Map<String, Method> queries = Names.queryMethods(workflowInterface);
    Map<String, Method> updates = Names.updateMethods(workflowInterface);
    Object proxy =
        Proxy.newProxyInstance(
            workflowInterface.getClassLoader(),
            new Class<?>[] {workflowInterface},
            (self, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                  case "toString" -> "WorkflowStub[" + workflowId + "]";
                  case "hashCode" -> System.identityHashCode(self);
                  case "equals" -> self == args[0];
                  default -> throw new UnsupportedOperationException(method.getName());
                };
              }
              Object[] arguments = args == null ? new Object[0] : args;
              Optional<String> signal = nameOf(signals, method);
              if (signal.isPresent()) {
                signal(signal.get(), arguments);
                return null;
              }
              Optional<String> query = nameOf(queries, method);
              if (query.isPresent()) {
                return query(
                    query.get(), method.getReturnType(), method.getGenericReturnType(), arguments);
              }
              Optional<String> update = nameOf(updates, method);
              if (update.isPresent()) {
                return update(
                    update.get(), method.getReturnType(), method.getGenericReturnType(), arguments);
              }
              throw new UnsupportedOperationException(
                  method.getName()
                      + " is the @WorkflowMethod of "
                      + workflowInterface.getSimpleName()
                      + ", and workflow "
                      + workflowId
                      + " already runs: wait for its result with client.handle(workflowId)"
                      + ".getResult(...)");
            });
    return workflowInterface.cast(proxy);
  }

  private static Optional<String> nameOf(Map<String, Method> handlers, Method method) {
    return handlers.entrySet().stream()
        .filter(e -> e.getValue().equals(method))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  private static String handlerName(
      Map<String, Method> handlers,
      InvocationRecorder.Invocation invocation,
      String kind,
      Class<?> workflowInterface) {
    return handlers.entrySet().stream()
        .filter(e -> e.getValue().equals(invocation.method()))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "call: "
                        + invocation.method().getName()
                        + " is not "
                        + kind
                        + " of "
                        + workflowInterface.getSimpleName()));
  }

  @SuppressWarnings("unchecked")
  private <R> UpdateHandle<R> sendUpdate(
      String updateName,
      Class<R> resultClass,
      Type resultType,
      Object[] args,
      UpdateWorkflowExecutionLifecycleStage stage) {
    Validate.notBlank(updateName, "updateName");
    Object[] arguments = args == null ? new Object[0] : args;
    return (UpdateHandle<R>)
        intercept(
            (i, next) -> i.interceptUpdate(workflowId, updateName, arguments, next),
            () -> doSendUpdate(updateName, resultClass, resultType, arguments, stage));
  }

  private <R> UpdateHandle<R> doSendUpdate(
      String updateName,
      Class<R> resultClass,
      Type resultType,
      Object[] args,
      UpdateWorkflowExecutionLifecycleStage stage) {
    String updateId = UUID.randomUUID().toString();
    var request =
        UpdateWorkflowExecutionRequest.newBuilder()
            .setNamespace(client.options().namespace())
            .setWorkflowExecution(execution())
            .setWaitPolicy(WaitPolicy.newBuilder().setLifecycleStage(stage))
            .setRequest(
                Request.newBuilder()
                    .setMeta(
                        Meta.newBuilder()
                            .setUpdateId(updateId)
                            .setIdentity(client.options().identity()))
                    .setInput(
                        Input.newBuilder()
                            .setName(updateName)
                            .setArgs(client.options().dataConverter().toPayloads(args))))
            .build();
    var response =
        client
            .connection()
            .rpc()
            .call(
                "UpdateWorkflowExecution",
                s ->
                    s.withDeadlineAfter(UPDATE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                        .updateWorkflowExecution(request));
    UpdateHandle<R> handle =
        new UpdateHandle<>(
            client,
            execution(),
            workflowId,
            updateName,
            updateId,
            resultClass,
            resultType,
            response.hasOutcome() ? Optional.of(response.getOutcome()) : Optional.empty());
    if (response.hasOutcome() && response.getOutcome().hasFailure()) {
      handle.getResult(); // a rejection (or a failure already known) raises here
    }
    return handle;
  }

  private static final Duration UPDATE_WAIT = Duration.ofSeconds(60);

  @SuppressWarnings("unchecked")
  private <R> R query(String queryType, Class<R> resultClass, Type resultType, Object[] args) {
    Validate.notBlank(queryType, "queryType");
    Object[] arguments = args == null ? new Object[0] : args;
    return (R)
        intercept(
            (i, next) -> i.interceptQuery(workflowId, queryType, arguments, next),
            () -> doQuery(queryType, resultClass, resultType, arguments));
  }

  private <R> R doQuery(String queryType, Class<R> resultClass, Type resultType, Object[] args) {
    QueryWorkflowRequest request =
        QueryWorkflowRequest.newBuilder()
            .setNamespace(client.options().namespace())
            .setExecution(execution())
            .setQuery(
                WorkflowQuery.newBuilder()
                    .setQueryType(queryType)
                    .setQueryArgs(client.options().dataConverter().toPayloads(args)))
            .build();
    QueryWorkflowResponse response;
    try {
      response = client.connection().rpc().call("QueryWorkflow", s -> s.queryWorkflow(request));
    } catch (AevumServiceException e) {
      throw new WorkflowQueryException(
          "query " + queryType + " on workflow " + workflowId + " failed", e.status(), e);
    }
    if (response.hasQueryRejected()) {
      throw new WorkflowQueryException(
          "query "
              + queryType
              + " on workflow "
              + workflowId
              + " rejected, workflow status "
              + response.getQueryRejected().getStatus(),
          Status.FAILED_PRECONDITION,
          null);
    }
    Optional<Payloads> result =
        response.hasQueryResult() ? Optional.of(response.getQueryResult()) : Optional.empty();
    return client.options().dataConverter().fromPayloads(0, result, resultClass, resultType);
  }

  /**
   * Asks the workflow to cancel: its root cancellation scope is canceled, so blocking calls throw
   * {@code CanceledFailure}; a workflow that lets it escape ends canceled.
   */
  public void cancel() {
    cancel("");
  }

  /** {@link #cancel()}, with a reason recorded in the cancel request event. */
  public void cancel(String reason) {
    String why = reason == null ? "" : reason;
    intercept(
        (i, next) -> i.interceptCancel(workflowId, why, next),
        () -> {
          doCancel(why);
          return null;
        });
  }

  private void doCancel(String reason) {
    RequestCancelWorkflowExecutionRequest request =
        RequestCancelWorkflowExecutionRequest.newBuilder()
            .setNamespace(client.options().namespace())
            .setWorkflowExecution(execution())
            .setIdentity(client.options().identity())
            .setRequestId(UUID.randomUUID().toString())
            .setReason(reason == null ? "" : reason)
            .build();
    client
        .connection()
        .rpc()
        .call("RequestCancelWorkflowExecution", s -> s.requestCancelWorkflowExecution(request));
  }

  /** Ends the workflow at once, without running any more workflow code. */
  public void terminate(String reason) {
    String why = reason == null ? "" : reason;
    intercept(
        (i, next) -> i.interceptTerminate(workflowId, why, next),
        () -> {
          doTerminate(why);
          return null;
        });
  }

  private void doTerminate(String reason) {
    TerminateWorkflowExecutionRequest request =
        TerminateWorkflowExecutionRequest.newBuilder()
            .setNamespace(client.options().namespace())
            .setWorkflowExecution(execution())
            .setIdentity(client.options().identity())
            .setReason(reason == null ? "" : reason)
            .build();
    client
        .connection()
        .rpc()
        .call("TerminateWorkflowExecution", s -> s.terminateWorkflowExecution(request));
  }

  public WorkflowDescription describe() {
    DescribeWorkflowExecutionRequest request =
        DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(client.options().namespace())
            .setExecution(execution())
            .build();
    WorkflowExecutionInfo info =
        client
            .connection()
            .rpc()
            .call("DescribeWorkflowExecution", s -> s.describeWorkflowExecution(request))
            .getWorkflowExecutionInfo();
    return ExecutionListing.describe(info);
  }

  private WorkflowExecution execution() {
    return WorkflowExecution.newBuilder()
        .setWorkflowId(workflowId)
        .setRunId(runId.orElse(""))
        .build();
  }

  private ResultPoller resultPoller() {
    return new ResultPoller(
        client.connection().rpc(),
        client.options().namespace(),
        execution(),
        client.options().dataConverter());
  }

  @Override
  public String toString() {
    return "WorkflowHandle{" + workflowId + runId.map(r -> ", run " + r).orElse("") + "}";
  }
}
