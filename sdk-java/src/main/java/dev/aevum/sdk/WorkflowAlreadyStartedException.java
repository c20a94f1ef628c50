package dev.aevum.sdk;

import io.grpc.Status;

/** A workflow with this id is already running (or the reuse policy forbids a new run). */
public final class WorkflowAlreadyStartedException extends AevumServiceException {
  private static final long serialVersionUID = 1L;
  private final String workflowId;

  public WorkflowAlreadyStartedException(String workflowId, Status status, Throwable cause) {
    super("workflow " + workflowId + " is already started", status, cause);
    this.workflowId = workflowId;
  }

  public String workflowId() {
    return workflowId;
  }
}
