package dev.aevum.sdk.internal.client;

import dev.aevum.sdk.WorkflowOptions;
import dev.aevum.sdk.internal.common.ProtoTime;
import dev.aevum.sdk.internal.common.RetryPolicies;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import java.util.UUID;

/** Builds StartWorkflowExecution requests from options. */
public final class StartRequests {
  private StartRequests() {}

  public static StartWorkflowExecutionRequest build(
      String namespace, String identity, String workflowId, String workflowType, WorkflowOptions options, Payloads input) {
    StartWorkflowExecutionRequest.Builder b =
        StartWorkflowExecutionRequest.newBuilder()
            .setNamespace(namespace)
            .setIdentity(identity)
            // A fixed request id makes the call idempotent across our own retries.
            .setRequestId(UUID.randomUUID().toString())
            .setWorkflowId(workflowId)
            .setWorkflowType(WorkflowType.newBuilder().setName(workflowType))
            .setTaskQueue(TaskQueue.newBuilder().setName(options.taskQueue()))
            .setInput(input);
    options.executionTimeout().ifPresent(d -> b.setWorkflowExecutionTimeout(ProtoTime.toProto(d)));
    options.runTimeout().ifPresent(d -> b.setWorkflowRunTimeout(ProtoTime.toProto(d)));
    options.taskTimeout().ifPresent(d -> b.setWorkflowTaskTimeout(ProtoTime.toProto(d)));
    options.retryOptions().ifPresent(r -> b.setRetryPolicy(RetryPolicies.toProto(r)));
    return b.build();
  }
}
