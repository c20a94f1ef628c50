package dev.aevum.sdk;

import java.time.Duration;

/**
 * {@link UpdateHandle#getResult(Duration)} gave up waiting: the update is still running (or its
 * outcome is not known yet); waiting again may still see it finish.
 */
public final class WorkflowUpdateTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String workflowId;
  private final String updateId;

  WorkflowUpdateTimeoutException(
      String workflowId, String updateName, String updateId, Duration waited) {
    super(
        "update "
            + updateName
            + " (id "
            + updateId
            + ") of workflow "
            + workflowId
            + " did not finish within "
            + waited);
    this.workflowId = workflowId;
    this.updateId = updateId;
  }

  public String workflowId() {
    return workflowId;
  }

  public String updateId() {
    return updateId;
  }
}
