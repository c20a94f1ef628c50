package dev.aevum.server.history.internal.standalone;

import dev.aevum.proto.persistence.ActivityInfo;
import dev.aevum.server.common.Errors;
import dev.aevum.server.history.internal.activity.Activities;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.ShardContext;
import dev.aevum.server.history.internal.execution.Transaction;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.ActivityTaskCancelRequestedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskCanceledEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionTerminatedEventAttributes;
import io.temporal.api.workflowservice.v1.DeleteActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.RequestCancelActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateActivityExecutionRequest;

/** Cancel, terminate and delete a standalone activity. */
public final class ActivityControl {
  private ActivityControl() {}

  /**
   * An attempt not running now is canceled at once; a running one is asked to stop (its worker
   * learns it from its next heartbeat and reports the cancellation). Asking again does nothing.
   */
  public static void requestCancel(
      ShardContext shard, String namespaceId, RequestCancelActivityExecutionRequest request) {
    RunKey key =
        ActivityExecutions.resolve(shard, namespaceId, request.getActivityId(), request.getRunId());
    ActivityExecutions.read(shard, key);
    shard.update(
        key,
        tx -> {
          ActivityInfo info = runningActivity(tx);
          if (info.getCancelRequested()) {
            return null;
          }
          long requested =
              tx.append(
                  HistoryEvent.newBuilder()
                      .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED)
                      .setActivityTaskCancelRequestedEventAttributes(
                          ActivityTaskCancelRequestedEventAttributes.newBuilder()
                              .setScheduledEventId(info.getScheduledEventId())));
          ActivityInfo asked =
              info.toBuilder()
                  .setCancelRequested(true)
                  .setCancelRequestedEventId(requested)
                  .build();
          tx.state().putActivities(info.getScheduledEventId(), asked);
          if (info.getStartedTimeMs() == 0) {
            long canceled =
                tx.append(
                    HistoryEvent.newBuilder()
                        .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED)
                        .setActivityTaskCanceledEventAttributes(
                            ActivityTaskCanceledEventAttributes.newBuilder()
                                .setScheduledEventId(info.getScheduledEventId())
                                .setLatestCancelRequestedEventId(requested)
                                .setIdentity(request.getIdentity())));
            Activities.closeStandalone(
                tx, WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED, canceled);
          }
          return null;
        });
  }

  public static void terminate(
      ShardContext shard, String namespaceId, TerminateActivityExecutionRequest request) {
    RunKey key =
        ActivityExecutions.resolve(shard, namespaceId, request.getActivityId(), request.getRunId());
    ActivityExecutions.read(shard, key);
    shard.update(
        key,
        tx -> {
          runningActivity(tx);
          terminate(tx, request.getReason(), request.getIdentity());
          return null;
        });
  }

  /** Deletes the run, terminating it first if it still runs. */
  public static void delete(
      ShardContext shard, String namespaceId, DeleteActivityExecutionRequest request) {
    RunKey key =
        ActivityExecutions.resolve(shard, namespaceId, request.getActivityId(), request.getRunId());
    ActivityExecutions.read(shard, key);
    shard.update(
        key,
        tx -> {
          if (tx.isRunning()) {
            terminate(tx, "Delete activity execution", "history-service");
          }
          return null;
        });
    shard.delete(key);
  }

  private static void terminate(Transaction tx, String reason, String identity) {
    long terminated =
        tx.append(
            HistoryEvent.newBuilder()
                .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED)
                .setWorkflowExecutionTerminatedEventAttributes(
                    WorkflowExecutionTerminatedEventAttributes.newBuilder()
                        .setReason(reason)
                        .setIdentity(identity)));
    Activities.closeStandalone(
        tx, WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED, terminated);
  }

  private static ActivityInfo runningActivity(Transaction tx) {
    if (!tx.isRunning()) {
      throw Errors.failedPrecondition("activity execution already completed");
    }
    return tx.read().getActivitiesMap().values().stream()
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("running standalone run without activity"));
  }
}
