package dev.aevum.server.history.internal.workflow;

import dev.aevum.server.common.Errors;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.ShardContext;
import dev.aevum.server.history.internal.execution.Transaction;
import dev.aevum.server.history.internal.workflowtask.WorkflowTasks;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionTerminatedEventAttributes;

/** TerminateWorkflowExecution, also used by start with TERMINATE_EXISTING and by limit breaches. */
public final class TerminateWorkflow {

  public void terminate(ShardContext shard, RunKey key, String reason, String identity) {
    shard.update(
        key,
        tx -> {
          terminate(tx, reason, Payloads.getDefaultInstance(), identity);
          return null;
        });
  }

  /** Terminates inside an ongoing transition. */
  public static void terminate(Transaction tx, String reason, Payloads details, String identity) {
    if (!tx.isRunning()) {
      throw Errors.notFound("workflow execution already completed");
    }
    if (tx.workflowTaskInFlight()) {
      WorkflowTasks.fail(
          tx,
          WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND,
          Failure.getDefaultInstance(),
          identity,
          false);
    }
    tx.flushBufferedEvents();
    Closing.close(
        tx,
        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED,
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED)
            .setWorkflowExecutionTerminatedEventAttributes(
                WorkflowExecutionTerminatedEventAttributes.newBuilder()
                    .setReason(reason)
                    .setDetails(details)
                    .setIdentity(identity)));
  }
}
