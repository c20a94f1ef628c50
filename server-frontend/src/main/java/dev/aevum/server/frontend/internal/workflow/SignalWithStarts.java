package dev.aevum.server.frontend.internal.workflow;

import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;

/**
 * The start half of a signal-with-start seen as a start request, so that both go through one
 * validation ({@link WorkflowRequests}), and the normalized values put back.
 */
final class SignalWithStarts {
  private SignalWithStarts() {}

  /** The fields the start validation reads; the rest of the request passes through untouched. */
  static StartWorkflowExecutionRequest startPart(SignalWithStartWorkflowExecutionRequest request) {
    StartWorkflowExecutionRequest.Builder start = StartWorkflowExecutionRequest.newBuilder()
        .setNamespace(request.getNamespace())
        .setWorkflowId(request.getWorkflowId())
        .setIdentity(request.getIdentity())
        .setRequestId(request.getRequestId())
        .setWorkflowIdReusePolicyValue(request.getWorkflowIdReusePolicyValue())
        .setWorkflowIdConflictPolicyValue(request.getWorkflowIdConflictPolicyValue())
        .setCronSchedule(request.getCronSchedule());
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
    return start.build();
  }

  /** {@code request} with the defaults and caps the start validation applied to {@code start}. */
  static SignalWithStartWorkflowExecutionRequest withStartPart(
      SignalWithStartWorkflowExecutionRequest request, StartWorkflowExecutionRequest start) {
    SignalWithStartWorkflowExecutionRequest.Builder out = request.toBuilder()
        .setRequestId(start.getRequestId())
        .setWorkflowIdReusePolicy(start.getWorkflowIdReusePolicy())
        .setWorkflowIdConflictPolicy(start.getWorkflowIdConflictPolicy())
        .setTaskQueue(start.getTaskQueue());
    if (start.hasRetryPolicy()) {
      out.setRetryPolicy(start.getRetryPolicy());
    }
    if (start.hasWorkflowExecutionTimeout()) {
      out.setWorkflowExecutionTimeout(start.getWorkflowExecutionTimeout());
    }
    if (start.hasWorkflowRunTimeout()) {
      out.setWorkflowRunTimeout(start.getWorkflowRunTimeout());
    }
    if (start.hasWorkflowTaskTimeout()) {
      out.setWorkflowTaskTimeout(start.getWorkflowTaskTimeout());
    }
    if (start.hasWorkflowStartDelay()) {
      out.setWorkflowStartDelay(start.getWorkflowStartDelay());
    }
    return out.build();
  }
}
