package dev.aevum.server.common.workflow;

import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;

/**
 * The start half of a signal-with-start as a start request: the frontend validates it exactly as a
 * start, history starts the run from it. The one home of that mapping, so a start field that
 * signal-with-start also carries cannot be forgotten on one side.
 */
public final class SignalWithStarts {
  private SignalWithStarts() {}

  /** Every start field of {@code request}; unset message fields stay unset. */
  public static StartWorkflowExecutionRequest startPart(
      SignalWithStartWorkflowExecutionRequest request) {
    StartWorkflowExecutionRequest.Builder start =
        StartWorkflowExecutionRequest.newBuilder()
            .setNamespace(request.getNamespace())
            .setWorkflowId(request.getWorkflowId())
            .setIdentity(request.getIdentity())
            .setRequestId(request.getRequestId())
            .setWorkflowIdReusePolicyValue(request.getWorkflowIdReusePolicyValue())
            .setWorkflowIdConflictPolicyValue(request.getWorkflowIdConflictPolicyValue())
            .setCronSchedule(request.getCronSchedule())
            .addAllLinks(request.getLinksList());
    if (request.hasWorkflowType()) {
      start.setWorkflowType(request.getWorkflowType());
    }
    if (request.hasTaskQueue()) {
      start.setTaskQueue(request.getTaskQueue());
    }
    if (request.hasInput()) {
      start.setInput(request.getInput());
    }
    if (request.hasMemo()) {
      start.setMemo(request.getMemo());
    }
    if (request.hasSearchAttributes()) {
      start.setSearchAttributes(request.getSearchAttributes());
    }
    if (request.hasHeader()) {
      start.setHeader(request.getHeader());
    }
    if (request.hasRetryPolicy()) {
      start.setRetryPolicy(request.getRetryPolicy());
    }
    if (request.hasWorkflowExecutionTimeout()) {
      start.setWorkflowExecutionTimeout(request.getWorkflowExecutionTimeout());
    }
    if (request.hasWorkflowRunTimeout()) {
      start.setWorkflowRunTimeout(request.getWorkflowRunTimeout());
    }
    if (request.hasWorkflowTaskTimeout()) {
      start.setWorkflowTaskTimeout(request.getWorkflowTaskTimeout());
    }
    if (request.hasWorkflowStartDelay()) {
      start.setWorkflowStartDelay(request.getWorkflowStartDelay());
    }
    if (request.hasUserMetadata()) {
      start.setUserMetadata(request.getUserMetadata());
    }
    if (request.hasVersioningOverride()) {
      start.setVersioningOverride(request.getVersioningOverride());
    }
    if (request.hasPriority()) {
      start.setPriority(request.getPriority());
    }
    return start.build();
  }
}
