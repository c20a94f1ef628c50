package dev.aevum.sdk.internal.client;

import dev.aevum.sdk.WorkflowOptions;
import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.internal.common.ProtoTime;
import dev.aevum.sdk.internal.common.RetryPolicies;
import dev.aevum.sdk.internal.common.SearchAttributes;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import java.util.UUID;

/** Builds StartWorkflowExecution requests from options. */
public final class StartRequests {
  private StartRequests() {}

  public static StartWorkflowExecutionRequest build(
      String namespace,
      String identity,
      String workflowId,
      String workflowType,
      WorkflowOptions options,
      Payloads input) {
    return build(
        namespace,
        identity,
        workflowId,
        workflowType,
        options,
        input,
        DataConverter.defaultInstance());
  }

  public static StartWorkflowExecutionRequest build(
      String namespace,
      String identity,
      String workflowId,
      String workflowType,
      WorkflowOptions options,
      Payloads input,
      DataConverter converter) {
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
    options
        .idReusePolicy()
        .ifPresent(
            p ->
                b.setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.valueOf("WORKFLOW_ID_REUSE_POLICY_" + p.name())));
    options
        .idConflictPolicy()
        .ifPresent(
            p ->
                b.setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.valueOf("WORKFLOW_ID_CONFLICT_POLICY_" + p.name())));
    options.cronSchedule().ifPresent(b::setCronSchedule);
    options.startDelay().ifPresent(d -> b.setWorkflowStartDelay(ProtoTime.toProto(d)));
    if (!options.searchAttributes().isEmpty()) {
      b.setSearchAttributes(SearchAttributes.encode(options.searchAttributes()));
    }
    if (!options.memo().isEmpty()) {
      Memo.Builder memo = Memo.newBuilder();
      options.memo().forEach((k, v) -> memo.putFields(k, converter.toPayload(v)));
      b.setMemo(memo);
    }
    return b.build();
  }
}
