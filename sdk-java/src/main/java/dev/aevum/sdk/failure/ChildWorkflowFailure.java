package dev.aevum.sdk.failure;

/**
 * Thrown inside a parent workflow when a child workflow did not complete (failed, timed out,
 * canceled, terminated, or could not start). The cause says why.
 */
public final class ChildWorkflowFailure extends AevumFailure {
  private static final long serialVersionUID = 1L;
  private final String workflowType;
  private final String workflowId;
  private final String runId;
  private final RetryState retryState;

  public ChildWorkflowFailure(
      String message,
      String workflowType,
      String workflowId,
      String runId,
      RetryState retryState,
      Throwable cause) {
    super(
        message == null || message.isEmpty()
            ? "child workflow "
                + workflowType
                + " (id "
                + workflowId
                + ") did not complete, retry state "
                + retryState
            : message,
        cause);
    this.workflowType = workflowType;
    this.workflowId = workflowId;
    this.runId = runId;
    this.retryState = retryState;
  }

  public String workflowType() {
    return workflowType;
  }

  public String workflowId() {
    return workflowId;
  }

  /** Empty when the child never started. */
  public String runId() {
    return runId;
  }

  public RetryState retryState() {
    return retryState;
  }
}
