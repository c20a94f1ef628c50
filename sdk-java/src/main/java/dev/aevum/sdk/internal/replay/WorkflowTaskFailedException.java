package dev.aevum.sdk.internal.replay;

import io.temporal.api.enums.v1.WorkflowTaskFailedCause;

/**
 * The workflow task cannot complete; the worker reports RespondWorkflowTaskFailed and the server
 * retries.
 */
public final class WorkflowTaskFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final WorkflowTaskFailedCause cause;

  public WorkflowTaskFailedException(WorkflowTaskFailedCause cause, Throwable failure) {
    super(cause + ": " + failure.getMessage(), failure);
    this.cause = cause;
  }

  public WorkflowTaskFailedCause failedCause() {
    return cause;
  }
}
