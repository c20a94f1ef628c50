package dev.aevum.sdk;

import dev.aevum.sdk.internal.client.ResultPoller;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.History;
import java.lang.reflect.Type;
import java.util.Optional;

/** A started (or existing) workflow execution: wait for its result or read its history. */
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
   * Blocks until the workflow closes and decodes its result. Long-polls history for the close
   * event and follows continue-as-new to the final run.
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

  /** The full history of this run (or of the latest run). */
  public History fetchHistory() {
    return resultPoller().fetchHistory();
  }

  private ResultPoller resultPoller() {
    WorkflowExecution execution =
        WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId.orElse("")).build();
    return new ResultPoller(
        client.connection().rpc(), client.options().namespace(), execution, client.options().dataConverter());
  }

  @Override
  public String toString() {
    return "WorkflowHandle{" + workflowId + runId.map(r -> ", run " + r).orElse("") + "}";
  }
}
