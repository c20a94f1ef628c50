package dev.aevum.server.history.internal.commands;

import dev.aevum.server.common.EnumNames;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;

/**
 * A command in a workflow task completion is invalid: the task fails with this cause, and for
 * size-limit breaches the run is terminated as well (Temporal's rule).
 */
final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final WorkflowTaskFailedCause cause;
  final boolean terminates;

  CommandFailure(WorkflowTaskFailedCause cause, String message) {
    this(cause, message, false);
  }

  private CommandFailure(WorkflowTaskFailedCause cause, String message, boolean terminates) {
    super(EnumNames.of(cause, "WORKFLOW_TASK_FAILED_CAUSE_") + ": " + message, null, false, false);
    this.cause = cause;
    this.terminates = terminates;
  }

  static CommandFailure terminating(WorkflowTaskFailedCause cause, String message) {
    return new CommandFailure(cause, message, true);
  }
}
