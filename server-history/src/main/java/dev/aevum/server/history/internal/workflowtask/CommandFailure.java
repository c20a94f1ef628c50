package dev.aevum.server.history.internal.workflowtask;

import io.temporal.api.enums.v1.WorkflowTaskFailedCause;

/** A command in a workflow task completion is invalid: the task fails with this cause. */
final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final WorkflowTaskFailedCause cause;

  CommandFailure(WorkflowTaskFailedCause cause, String message) {
    super(message, null, false, false);
    this.cause = cause;
  }
}
