package dev.aevum.sdk;

import dev.aevum.sdk.failure.AevumFailure;

/**
 * The workflow closed without a result: it failed, was canceled, terminated or timed out. The cause
 * says which ({@code ApplicationFailure}, {@code CanceledFailure}, {@code TerminatedFailure},
 * {@code TimeoutFailure}).
 */
public final class WorkflowFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String workflowId;
  private final String runId;

  public WorkflowFailedException(String workflowId, String runId, AevumFailure cause) {
    super("workflow " + workflowId + " (run " + runId + ") failed: " + cause.getMessage(), cause);
    this.workflowId = workflowId;
    this.runId = runId;
  }

  public String workflowId() {
    return workflowId;
  }

  public String runId() {
    return runId;
  }

  @Override
  public synchronized AevumFailure getCause() {
    return (AevumFailure) super.getCause();
  }
}
