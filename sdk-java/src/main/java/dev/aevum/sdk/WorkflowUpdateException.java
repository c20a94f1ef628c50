package dev.aevum.sdk;

import dev.aevum.sdk.failure.AevumFailure;

/**
 * An update was rejected by its validator or its handler failed. The cause is the failure: an
 * {@code ApplicationFailure} with the type and message the workflow code threw.
 */
public final class WorkflowUpdateException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String workflowId;
  private final String updateName;
  private final String updateId;

  public WorkflowUpdateException(
      String workflowId, String updateName, String updateId, AevumFailure cause) {
    super(
        "update "
            + updateName
            + " (id "
            + updateId
            + ") of workflow "
            + workflowId
            + " failed: "
            + cause.getMessage(),
        cause);
    this.workflowId = workflowId;
    this.updateName = updateName;
    this.updateId = updateId;
  }

  public String workflowId() {
    return workflowId;
  }

  public String updateName() {
    return updateName;
  }

  public String updateId() {
    return updateId;
  }

  @Override
  public synchronized AevumFailure getCause() {
    return (AevumFailure) super.getCause();
  }
}
