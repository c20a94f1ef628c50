package dev.aevum.sdk;

import dev.aevum.sdk.internal.client.InvocationRecorder;
import dev.aevum.sdk.internal.client.StartRequests;
import dev.aevum.sdk.internal.common.Headers;
import dev.aevum.sdk.internal.common.Names;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
import io.temporal.api.update.v1.Input;
import io.temporal.api.update.v1.Meta;
import io.temporal.api.update.v1.Request;
import io.temporal.api.update.v1.WaitPolicy;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationRequest;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Sends a start and an update as one ExecuteMultiOperation call: the server starts the workflow (or
 * uses the running one) and delivers the update.
 */
final class UpdateWithStart {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private UpdateWithStart() {}

  static <T, R> UpdateHandle<R> send(
      AevumClient client,
      Class<T> workflowInterface,
      WorkflowOptions workflowOptions,
      Consumer<T> start,
      Function<T, R> update,
      UpdateWorkflowExecutionLifecycleStage stage) {
    String workflowId =
        workflowOptions
            .workflowId()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "workflowOptions.workflowId: update-with-start needs a workflow id"));
    // Without a conflict policy the second call for the same id would fail instead of updating the
    // running workflow.
    workflowOptions
        .idConflictPolicy()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "workflowOptions.idConflictPolicy: update-with-start needs one (usually USE_EXISTING)"));
    if (workflowOptions.cronSchedule().isPresent()) {
      throw new IllegalArgumentException(
          "workflowOptions.cronSchedule: not allowed with update-with-start");
    }
    if (workflowOptions.startDelay().isPresent()) {
      throw new IllegalArgumentException(
          "workflowOptions.startDelay: not allowed with update-with-start");
    }
    InvocationRecorder.Invocation startCall = InvocationRecorder.record(workflowInterface, start);
    InvocationRecorder.Invocation updateCall =
        InvocationRecorder.recordAny(workflowInterface, update::apply);
    String updateName =
        Names.updateMethods(workflowInterface).entrySet().stream()
            .filter(e -> e.getValue().equals(updateCall.method()))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "update: "
                            + updateCall.method().getName()
                            + " is not an @UpdateMethod of "
                            + workflowInterface.getSimpleName()));
    String workflowType = Names.workflowType(workflowInterface);
    Object[] startArgs = startCall.args();
    Object[] updateArgs = updateCall.args();
    @SuppressWarnings("unchecked")
    UpdateHandle<R> handle =
        (UpdateHandle<R>)
            ClientInterceptorChain.run(
                client.options().interceptors(),
                (i, next) ->
                    i.interceptUpdateWithStart(
                        workflowType, workflowId, startArgs, updateName, updateArgs, next),
                () ->
                    send(
                        client,
                        workflowType,
                        workflowId,
                        workflowOptions,
                        startArgs,
                        updateName,
                        updateArgs,
                        updateCall.method(),
                        stage));
    return handle;
  }

  /**
   * The call itself, after the interceptors: encodes the (possibly replaced) arguments and sends
   * both operations.
   */
  private static <R> UpdateHandle<R> send(
      AevumClient client,
      String workflowType,
      String workflowId,
      WorkflowOptions workflowOptions,
      Object[] startArgs,
      String updateName,
      Object[] updateArgs,
      Method updateMethod,
      UpdateWorkflowExecutionLifecycleStage stage) {
    ClientOptions options = client.options();
    StartWorkflowExecutionRequest startRequest =
        StartRequests.build(
                options.namespace(),
                options.identity(),
                workflowId,
                workflowType,
                workflowOptions,
                options.dataConverter().toPayloads(startArgs),
                options.dataConverter())
            .toBuilder()
            .setHeader(Headers.capture(options.contextPropagators()))
            .build();
    String updateId = UUID.randomUUID().toString();
    UpdateWorkflowExecutionRequest updateRequest =
        UpdateWorkflowExecutionRequest.newBuilder()
            .setNamespace(options.namespace())
            .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
            .setWaitPolicy(WaitPolicy.newBuilder().setLifecycleStage(stage))
            .setRequest(
                Request.newBuilder()
                    .setMeta(
                        Meta.newBuilder().setUpdateId(updateId).setIdentity(options.identity()))
                    .setInput(
                        Input.newBuilder()
                            .setName(updateName)
                            .setArgs(options.dataConverter().toPayloads(updateArgs))))
            .build();
    ExecuteMultiOperationRequest request =
        ExecuteMultiOperationRequest.newBuilder()
            .setNamespace(options.namespace())
            .addOperations(
                ExecuteMultiOperationRequest.Operation.newBuilder().setStartWorkflow(startRequest))
            .addOperations(
                ExecuteMultiOperationRequest.Operation.newBuilder()
                    .setUpdateWorkflow(updateRequest))
            .build();
    ExecuteMultiOperationResponse response =
        client
            .connection()
            .rpc()
            .call(
                "ExecuteMultiOperation",
                s ->
                    s.withDeadlineAfter(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                        .executeMultiOperation(request));
    if (response.getResponsesCount() != 2
        || !response.getResponses(0).hasStartWorkflow()
        || !response.getResponses(1).hasUpdateWorkflow()) {
      throw new IllegalStateException(
          "ExecuteMultiOperation: expected a start and an update response, got " + response);
    }
    String runId = response.getResponses(0).getStartWorkflow().getRunId();
    var updated = response.getResponses(1).getUpdateWorkflow();
    WorkflowExecution execution =
        WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId).build();
    @SuppressWarnings("unchecked")
    UpdateHandle<R> handle =
        new UpdateHandle<>(
            client,
            execution,
            workflowId,
            updateName,
            updateId,
            (Class<R>) updateMethod.getReturnType(),
            updateMethod.getGenericReturnType(),
            updated.hasOutcome() ? Optional.of(updated.getOutcome()) : Optional.empty());
    if (updated.hasOutcome() && updated.getOutcome().hasFailure()) {
      handle.getResult(); // a rejection raises here, as for a plain update
    }
    return handle;
  }
}
