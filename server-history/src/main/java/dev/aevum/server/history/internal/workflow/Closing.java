package dev.aevum.server.history.internal.workflow;

import dev.aevum.server.history.internal.execution.Transaction;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;

/** Closes a run: appends its close event and drops everything that was still pending. */
public final class Closing {
  private Closing() {}

  public static void close(
      Transaction tx, WorkflowExecutionStatus status, HistoryEvent.Builder closeEvent) {
    long eventId = tx.append(closeEvent);
    tx.state()
        .getExecutionBuilder()
        .setStatus(status.getNumber())
        .setCloseTimeMs(tx.nowMs())
        .setCloseEventId(eventId);
    tx.state()
        .clearWorkflowTask()
        .clearActivities()
        .clearTimers()
        .clearBufferedEvents()
        .clearStickyTaskQueue()
        .clearStickyScheduleToStartTimeoutMs()
        .clearExternalRequests();
    // Children stay: the close task applies their parent close policies.
    Children.onClose(tx);
  }
}
