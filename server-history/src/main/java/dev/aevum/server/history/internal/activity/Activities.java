package dev.aevum.server.history.internal.activity;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import dev.aevum.proto.persistence.ActivityInfo;
import dev.aevum.proto.persistence.TimerTask;
import dev.aevum.proto.persistence.TransferTask;
import dev.aevum.server.common.activity.StandaloneActivityIds;
import dev.aevum.server.history.internal.execution.Transaction;
import dev.aevum.server.history.internal.retry.RetryPolicies;
import dev.aevum.server.history.internal.workflowtask.WorkflowTasks;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.failure.v1.TimeoutFailureInfo;
import io.temporal.api.history.v1.ActivityTaskCanceledEventAttributes;
import io.temporal.api.history.v1.ActivityTaskCompletedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskFailedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.ActivityTaskStartedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskTimedOutEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.sdk.v1.UserMetadata;

/**
 * The activity state machine inside a run: schedule, start, heartbeat, finish, retry and time out.
 * Every activity has a retry policy, so its Started event is written only with its final outcome.
 */
public final class Activities {
  private Activities() {}

  /** Records a validated ScheduleActivityTask command. */
  public static void schedule(
      Transaction tx, ActivityTaskScheduledEventAttributes.Builder attributes) {
    long id =
        tx.append(
            HistoryEvent.newBuilder()
                .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .setActivityTaskScheduledEventAttributes(attributes));
    HistoryEvent scheduled =
        HistoryEvent.newBuilder()
            .setEventId(id)
            .setEventTime(Timestamps.fromMillis(tx.nowMs()))
            .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .setActivityTaskScheduledEventAttributes(attributes)
            .build();
    ActivityInfo info = infoFor(scheduled);
    tx.state().putActivities(id, info);
    arm(tx, info);
  }

  /**
   * Records a validated ScheduleActivityTask command whose attempt goes to the completing worker at
   * once (eager dispatch): scheduled and started in one transition, never queued.
   *
   * @return the started activity, for the worker's task
   */
  public static Started scheduleStarted(
      Transaction tx,
      ActivityTaskScheduledEventAttributes.Builder attributes,
      String requestId,
      String identity) {
    ActivityTaskScheduledEventAttributes scheduled = attributes.build();
    long id =
        tx.append(
            HistoryEvent.newBuilder()
                .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .setActivityTaskScheduledEventAttributes(scheduled));
    ActivityInfo info =
        infoFor(
            HistoryEvent.newBuilder()
                .setEventId(id)
                .setEventTime(Timestamps.fromMillis(tx.nowMs()))
                .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .setActivityTaskScheduledEventAttributes(scheduled)
                .build());
    tx.state().putActivities(id, info);
    if (info.getScheduleToCloseTimeoutMs() > 0) {
      tx.addTimerTask(
          timeoutTimer(
              tx,
              info,
              TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE,
              info.getFirstScheduledTimeMs() + info.getScheduleToCloseTimeoutMs()));
    }
    return new Started(start(tx, info, requestId + "-" + id, identity), scheduled);
  }

  /**
   * A started attempt with its scheduled event's attributes at hand (no need to decode them again).
   */
  public record Started(ActivityInfo info, ActivityTaskScheduledEventAttributes scheduled) {}

  /** The pending-activity record of an ActivityTaskScheduled event. */
  public static ActivityInfo infoFor(HistoryEvent scheduled) {
    var attributes = scheduled.getActivityTaskScheduledEventAttributes();
    long time = Timestamps.toMillis(scheduled.getEventTime());
    return ActivityInfo.newBuilder()
        .setScheduledEventId(scheduled.getEventId())
        .setScheduledEvent(scheduled.toByteString())
        .setActivityId(attributes.getActivityId())
        .setAttempt(1)
        .setScheduledTimeMs(time)
        .setFirstScheduledTimeMs(time)
        .setRetryPolicy(attributes.getRetryPolicy().toByteString())
        .setScheduleToCloseTimeoutMs(Durations.toMillis(attributes.getScheduleToCloseTimeout()))
        .setScheduleToStartTimeoutMs(Durations.toMillis(attributes.getScheduleToStartTimeout()))
        .setStartToCloseTimeoutMs(Durations.toMillis(attributes.getStartToCloseTimeout()))
        .setHeartbeatTimeoutMs(Durations.toMillis(attributes.getHeartbeatTimeout()))
        .setTaskQueue(attributes.getTaskQueue().getName())
        .build();
  }

  /** Queues a pending, not started activity for a worker and arms its timeouts. */
  public static void arm(Transaction tx, ActivityInfo info) {
    dispatch(tx, info);
    if (info.getScheduleToCloseTimeoutMs() > 0) {
      tx.addTimerTask(
          timeoutTimer(
              tx,
              info,
              TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE,
              info.getFirstScheduledTimeMs() + info.getScheduleToCloseTimeoutMs()));
    }
  }

  /** Queues the current attempt for a worker, with its schedule-to-start timeout. */
  private static void dispatch(Transaction tx, ActivityInfo info) {
    tx.addTransferTask(
        TransferTask.newBuilder()
            .setKind(TransferTask.Kind.ACTIVITY_TASK)
            .setNamespaceId(tx.key().namespaceId())
            .setWorkflowId(tx.key().workflowId())
            .setRunId(tx.key().runId())
            .setScheduledEventId(info.getScheduledEventId())
            .setAttempt(info.getAttempt())
            .setTaskQueue(info.getTaskQueue())
            .build());
    if (info.getScheduleToStartTimeoutMs() > 0) {
      tx.addTimerTask(
          timeoutTimer(
              tx,
              info,
              TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
              info.getScheduledTimeMs() + info.getScheduleToStartTimeoutMs()));
    }
  }

  /** Marks the current attempt started by a worker. No event: it is written with the outcome. */
  public static ActivityInfo start(
      Transaction tx, ActivityInfo info, String requestId, String identity) {
    ActivityInfo started =
        info.toBuilder()
            .setStartedTimeMs(tx.nowMs())
            .setRequestId(requestId)
            .setStartedIdentity(identity)
            .build();
    tx.state().putActivities(info.getScheduledEventId(), started);
    if (started.getStartToCloseTimeoutMs() > 0) {
      tx.addTimerTask(
          timeoutTimer(
              tx,
              started,
              TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
              tx.nowMs() + started.getStartToCloseTimeoutMs()));
    }
    if (started.getHeartbeatTimeoutMs() > 0) {
      tx.addTimerTask(
          timeoutTimer(
              tx,
              started,
              TimeoutType.TIMEOUT_TYPE_HEARTBEAT,
              tx.nowMs() + started.getHeartbeatTimeoutMs()));
    }
    return started;
  }

  public static void heartbeat(Transaction tx, ActivityInfo info, Payloads details) {
    tx.state()
        .putActivities(
            info.getScheduledEventId(),
            info.toBuilder()
                .setLastHeartbeatDetails(details.toByteString())
                .setLastHeartbeatTimeMs(tx.nowMs())
                .build());
  }

  public static void complete(Transaction tx, ActivityInfo info, Payloads result, String identity) {
    long startedId = writeStarted(tx, info);
    tx.appendExternal(
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
            .setActivityTaskCompletedEventAttributes(
                ActivityTaskCompletedEventAttributes.newBuilder()
                    .setResult(result)
                    .setScheduledEventId(info.getScheduledEventId())
                    .setStartedEventId(startedId)
                    .setIdentity(identity)));
    finish(tx, info, WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
  }

  /** A worker reported a failure: retry when the policy allows, otherwise record it. */
  public static void fail(
      Transaction tx, ActivityInfo info, Failure failure, Payloads lastHeartbeat, String identity) {
    if (lastHeartbeat.getPayloadsCount() > 0) {
      info = info.toBuilder().setLastHeartbeatDetails(lastHeartbeat.toByteString()).build();
    }
    RetryState retry = retryState(tx, info, failure);
    if (retry == RetryState.RETRY_STATE_IN_PROGRESS) {
      retry(tx, info, failure);
      return;
    }
    long startedId = writeStarted(tx, info);
    tx.appendExternal(
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED)
            .setActivityTaskFailedEventAttributes(
                ActivityTaskFailedEventAttributes.newBuilder()
                    .setFailure(failure)
                    .setScheduledEventId(info.getScheduledEventId())
                    .setStartedEventId(startedId)
                    .setIdentity(identity)
                    .setRetryState(retry)));
    finish(tx, info, WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED);
  }

  public static void canceled(
      Transaction tx, ActivityInfo info, Payloads details, String identity) {
    long startedId = writeStarted(tx, info);
    tx.appendExternal(
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED)
            .setActivityTaskCanceledEventAttributes(
                ActivityTaskCanceledEventAttributes.newBuilder()
                    .setDetails(details)
                    .setScheduledEventId(info.getScheduledEventId())
                    .setStartedEventId(startedId)
                    .setLatestCancelRequestedEventId(info.getCancelRequestedEventId())
                    .setIdentity(identity)));
    finish(tx, info, WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
  }

  /**
   * A timeout timer fired. Stale timers (an older attempt, an activity no longer pending, a
   * heartbeat that came in since) do nothing, except re-arming the heartbeat check.
   */
  public static void timeout(Transaction tx, TimerTask timer) {
    ActivityInfo info = tx.read().getActivitiesMap().get(timer.getEventId());
    if (info == null
        || timer.getAttempt() != info.getAttempt()
        || timer.getActivityStamp() != info.getStamp()) {
      return;
    }
    TimeoutType type = TimeoutType.forNumber(timer.getTimeoutType());
    boolean started = info.getStartedTimeMs() > 0;
    switch (type) {
      case TIMEOUT_TYPE_SCHEDULE_TO_START -> {
        if (started) {
          return;
        }
      }
      case TIMEOUT_TYPE_START_TO_CLOSE -> {
        if (!started) {
          return;
        }
      }
      case TIMEOUT_TYPE_HEARTBEAT -> {
        if (!started) {
          return;
        }
        long last = Math.max(info.getStartedTimeMs(), info.getLastHeartbeatTimeMs());
        long due = last + info.getHeartbeatTimeoutMs();
        if (due > tx.nowMs()) {
          tx.addTimerTask(timeoutTimer(tx, info, type, due));
          return;
        }
      }
      default -> {}
    }
    Failure failure =
        Failure.newBuilder()
            .setMessage("activity " + RetryPolicies.timeoutName(type) + " timeout")
            .setSource("Server")
            .setTimeoutFailureInfo(TimeoutFailureInfo.newBuilder().setTimeoutType(type))
            .build();
    RetryState retry = retryState(tx, info, failure);
    if (retry == RetryState.RETRY_STATE_IN_PROGRESS) {
      retry(tx, info, failure);
      return;
    }
    if (retry == RetryState.RETRY_STATE_TIMEOUT
        && type != TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) {
      failure =
          Failure.newBuilder()
              .setMessage(
                  type == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE
                      ? "activity ScheduleToClose timeout"
                      : "Not enough time to schedule next retry before activity ScheduleToClose timeout, giving up retrying")
              .setSource("Server")
              .setTimeoutFailureInfo(
                  TimeoutFailureInfo.newBuilder()
                      .setTimeoutType(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE))
              .build();
    }
    Failure.Builder withDetails = failure.toBuilder();
    withDetails
        .getTimeoutFailureInfoBuilder()
        .setLastHeartbeatDetails(payloads(info.getLastHeartbeatDetails()));
    // As Temporal: the previous attempt's failure is the cause, whether or not this attempt ran.
    if (info.getLastFailure().size() > 0) {
      withDetails.setCause(failure(info.getLastFailure()));
    }
    long startedId = started ? writeStarted(tx, info) : 0;
    tx.appendExternal(
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT)
            .setActivityTaskTimedOutEventAttributes(
                ActivityTaskTimedOutEventAttributes.newBuilder()
                    .setFailure(withDetails)
                    .setScheduledEventId(info.getScheduledEventId())
                    .setStartedEventId(startedId)
                    .setRetryState(retry)));
    finish(tx, info, WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT);
  }

  /** The retry timer of an attempt fired: queue that attempt for a worker. */
  public static boolean retryDue(Transaction tx, TimerTask timer) {
    ActivityInfo info = tx.read().getActivitiesMap().get(timer.getEventId());
    return info != null && info.getAttempt() == timer.getAttempt() && info.getStartedTimeMs() == 0;
  }

  private static RetryState retryState(Transaction tx, ActivityInfo info, Failure failure) {
    if (info.getCancelRequested()) {
      return RetryState.RETRY_STATE_CANCEL_REQUESTED;
    }
    if (failure.hasTimeoutFailureInfo()) {
      TimeoutType type = failure.getTimeoutFailureInfo().getTimeoutType();
      if (type == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START
          || type == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE) {
        return RetryState.RETRY_STATE_TIMEOUT;
      }
    }
    RetryPolicy policy = policy(info);
    if (!RetryPolicies.isRetryable(policy, failure)) {
      return RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE;
    }
    if (!RetryPolicies.hasAttemptsLeft(policy, countedAttempt(info))) {
      return RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED;
    }
    long backoff = RetryPolicies.backoffMs(policy, countedAttempt(info), failure);
    // A next attempt that could only start at the schedule-to-close deadline has no time to run.
    if (info.getScheduleToCloseTimeoutMs() > 0
        && tx.nowMs() + backoff
            >= info.getFirstScheduledTimeMs() + info.getScheduleToCloseTimeoutMs()) {
      return RetryState.RETRY_STATE_TIMEOUT;
    }
    return RetryState.RETRY_STATE_IN_PROGRESS;
  }

  private static void retry(Transaction tx, ActivityInfo info, Failure failure) {
    int attempt = countedAttempt(info);
    long backoff = RetryPolicies.backoffMs(policy(info), attempt, failure);
    ActivityInfo next =
        info.toBuilder()
            .setAttempt(attempt + 1)
            .setResetRequested(false)
            .setScheduledTimeMs(tx.nowMs() + backoff)
            .setStartedTimeMs(0)
            .setRequestId("")
            .setStartedIdentity("")
            .setLastFailure(failure.toByteString())
            .setLastWorkerIdentity(info.getStartedIdentity())
            .build();
    tx.state().putActivities(info.getScheduledEventId(), next);
    if (next.getPaused()) {
      return; // the next attempt waits for UnpauseActivity
    }
    if (backoff <= 0) {
      dispatch(tx, next);
      return;
    }
    tx.addTimerTask(retryTimer(tx, next));
    if (next.getScheduleToStartTimeoutMs() > 0) {
      tx.addTimerTask(
          timeoutTimer(
              tx,
              next,
              TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
              next.getScheduledTimeMs() + next.getScheduleToStartTimeoutMs()));
    }
  }

  /**
   * PauseActivity: an attempt running now goes on (its heartbeats say it is paused); no new one is
   * dispatched until {@link #unpause}.
   */
  public static void pause(Transaction tx, ActivityInfo info) {
    tx.state().putActivities(info.getScheduledEventId(), info.toBuilder().setPaused(true).build());
  }

  /** UnpauseActivity: a waiting attempt is dispatched at once. */
  public static void unpause(
      Transaction tx, ActivityInfo info, boolean resetAttempts, boolean resetHeartbeat) {
    ActivityInfo.Builder next = info.toBuilder().setPaused(false);
    if (resetAttempts) {
      next.setAttempt(1);
    }
    if (resetHeartbeat) {
      next.clearLastHeartbeatDetails().clearLastHeartbeatTimeMs();
    }
    redispatchIfWaiting(tx, info, next);
  }

  /**
   * ResetActivity: the attempt count starts again at 1. A running attempt learns it from its
   * heartbeats and counts as attempt 1 (the one after it is attempt 2); a waiting one is dispatched
   * at once as attempt 1 (unless paused, and kept so).
   */
  public static void reset(
      Transaction tx, ActivityInfo info, boolean resetHeartbeat, boolean keepPaused) {
    ActivityInfo.Builder next = info.toBuilder();
    if (!keepPaused) {
      next.setPaused(false);
    }
    if (resetHeartbeat) {
      next.clearLastHeartbeatDetails().clearLastHeartbeatTimeMs();
    }
    if (info.getStartedTimeMs() > 0) {
      tx.state().putActivities(info.getScheduledEventId(), next.setResetRequested(true).build());
      return;
    }
    redispatchIfWaiting(tx, info, next.setAttempt(1));
  }

  /** Stores {@code next}; an attempt not running now is dispatched at once unless paused. */
  private static void redispatchIfWaiting(
      Transaction tx, ActivityInfo info, ActivityInfo.Builder next) {
    if (info.getStartedTimeMs() > 0 || next.getPaused()) {
      tx.state().putActivities(info.getScheduledEventId(), next.build());
      return;
    }
    // A task of this attempt still queued in matching is harmless: only one poller starts it.
    ActivityInfo waiting = next.setScheduledTimeMs(tx.nowMs()).build();
    tx.state().putActivities(info.getScheduledEventId(), waiting);
    dispatch(tx, waiting);
  }

  /**
   * UpdateActivityOptions: the activity runs on with {@code changed} options (task queue, timeouts,
   * retry policy and priority already normalised, and the stored scheduled event's copy updated to
   * match). Timeout timers armed before are void; the ones the new options call for are armed from
   * the same starting points, and an attempt waiting in another task queue is queued again in the
   * new one.
   */
  public static void changeOptions(
      Transaction tx, ActivityInfo info, ActivityInfo.Builder changed) {
    ActivityInfo next = changed.setStamp(info.getStamp() + 1).build();
    tx.state().putActivities(info.getScheduledEventId(), next);
    if (next.getScheduleToCloseTimeoutMs() > 0) {
      tx.addTimerTask(
          timeoutTimer(
              tx,
              next,
              TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE,
              next.getFirstScheduledTimeMs() + next.getScheduleToCloseTimeoutMs()));
    }
    if (next.getStartedTimeMs() > 0) {
      if (next.getStartToCloseTimeoutMs() > 0) {
        tx.addTimerTask(
            timeoutTimer(
                tx,
                next,
                TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
                next.getStartedTimeMs() + next.getStartToCloseTimeoutMs()));
      }
      if (next.getHeartbeatTimeoutMs() > 0) {
        tx.addTimerTask(
            timeoutTimer(
                tx,
                next,
                TimeoutType.TIMEOUT_TYPE_HEARTBEAT,
                Math.max(next.getStartedTimeMs(), next.getLastHeartbeatTimeMs())
                    + next.getHeartbeatTimeoutMs()));
      }
      return;
    }
    if (next.getPaused()) {
      return; // UnpauseActivity dispatches it, with its schedule-to-start timer
    }
    boolean waitingInMatching = next.getScheduledTimeMs() <= tx.nowMs();
    if (waitingInMatching && !next.getTaskQueue().equals(info.getTaskQueue())) {
      // The task queued in the old queue is refused when polled (ActivityHandler.recordStarted).
      dispatch(tx, next);
    } else if (next.getScheduleToStartTimeoutMs() > 0) {
      // A retry still in its backoff is dispatched by its timer, to the activity's queue then.
      tx.addTimerTask(
          timeoutTimer(
              tx,
              next,
              TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
              next.getScheduledTimeMs() + next.getScheduleToStartTimeoutMs()));
    }
  }

  /** A reset attempt counts as attempt 1, as in Temporal: the one after it is attempt 2. */
  private static int countedAttempt(ActivityInfo info) {
    return info.getResetRequested() ? 1 : info.getAttempt();
  }

  /** Dispatches the attempt when its scheduled time comes. */
  private static TimerTask retryTimer(Transaction tx, ActivityInfo info) {
    return TimerTask.newBuilder()
        .setKind(TimerTask.Kind.ACTIVITY_RETRY)
        .setNamespaceId(tx.key().namespaceId())
        .setWorkflowId(tx.key().workflowId())
        .setRunId(tx.key().runId())
        .setEventId(info.getScheduledEventId())
        .setAttempt(info.getAttempt())
        .setFireTimeMs(info.getScheduledTimeMs())
        .build();
  }

  private static long writeStarted(Transaction tx, ActivityInfo info) {
    ActivityTaskStartedEventAttributes.Builder started =
        ActivityTaskStartedEventAttributes.newBuilder()
            .setScheduledEventId(info.getScheduledEventId())
            .setIdentity(info.getStartedIdentity())
            .setRequestId(info.getRequestId())
            .setAttempt(info.getAttempt());
    if (info.getLastFailure().size() > 0) {
      started.setLastFailure(failure(info.getLastFailure()));
    }
    HistoryEvent.Builder event =
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
            .setActivityTaskStartedEventAttributes(started);
    // When buffered, the id is wired up at flush time; 0 stands in until then.
    boolean written = tx.appendExternal(event);
    return written ? event.getEventId() : 0;
  }

  /**
   * The activity is done: its workflow sees the outcome in a workflow task; the run of a standalone
   * activity closes with it instead (its close event is the outcome's).
   */
  private static void finish(Transaction tx, ActivityInfo info, WorkflowExecutionStatus outcome) {
    if (StandaloneActivityIds.isStandalone(tx.key().workflowId())) {
      tx.state().putActivities(info.getScheduledEventId(), info);
      closeStandalone(tx, outcome, tx.read().getNextEventId() - 1);
    } else {
      tx.state().removeActivities(info.getScheduledEventId());
      WorkflowTasks.onNewEvent(tx);
    }
  }

  /**
   * Closes the run of a standalone activity; {@code closeEventId} names its outcome. The activity's
   * record stays for describe: nothing acts on a closed run's activities.
   */
  public static void closeStandalone(
      Transaction tx, WorkflowExecutionStatus status, long closeEventId) {
    tx.state()
        .getExecutionBuilder()
        .setStatus(status.getNumber())
        .setCloseTimeMs(tx.nowMs())
        .setCloseEventId(closeEventId);
  }

  /**
   * Records the one activity of a standalone activity's run. Its first attempt is dispatched after
   * {@code delayMs}, from when its schedule-to-start and schedule-to-close timeouts count.
   */
  public static void scheduleStandalone(
      Transaction tx,
      ActivityTaskScheduledEventAttributes.Builder attributes,
      UserMetadata metadata,
      long delayMs) {
    HistoryEvent.Builder event =
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .setActivityTaskScheduledEventAttributes(attributes);
    if (metadata.getSerializedSize() > 0) {
      event.setUserMetadata(metadata);
    }
    long id = tx.append(event.clone());
    ActivityInfo info =
        infoFor(event.setEventId(id).setEventTime(Timestamps.fromMillis(tx.nowMs())).build());
    if (delayMs <= 0) {
      tx.state().putActivities(id, info);
      arm(tx, info);
      return;
    }
    long due = tx.nowMs() + delayMs;
    info = info.toBuilder().setScheduledTimeMs(due).setFirstScheduledTimeMs(due).build();
    tx.state().putActivities(id, info);
    tx.addTimerTask(retryTimer(tx, info));
    if (info.getScheduleToStartTimeoutMs() > 0) {
      tx.addTimerTask(
          timeoutTimer(
              tx,
              info,
              TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
              due + info.getScheduleToStartTimeoutMs()));
    }
    if (info.getScheduleToCloseTimeoutMs() > 0) {
      tx.addTimerTask(
          timeoutTimer(
              tx,
              info,
              TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE,
              due + info.getScheduleToCloseTimeoutMs()));
    }
  }

  static RetryPolicy policy(ActivityInfo info) {
    try {
      return RetryPolicy.parseFrom(info.getRetryPolicy());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(
          "corrupt retry policy of activity " + info.getActivityId(), e);
    }
  }

  static Payloads payloads(ByteString bytes) {
    try {
      return Payloads.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt payloads", e);
    }
  }

  static Failure failure(ByteString bytes) {
    try {
      return Failure.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt failure", e);
    }
  }

  private static TimerTask timeoutTimer(
      Transaction tx, ActivityInfo info, TimeoutType type, long fireTimeMs) {
    return TimerTask.newBuilder()
        .setKind(TimerTask.Kind.ACTIVITY_TIMEOUT)
        .setNamespaceId(tx.key().namespaceId())
        .setWorkflowId(tx.key().workflowId())
        .setRunId(tx.key().runId())
        .setEventId(info.getScheduledEventId())
        .setAttempt(info.getAttempt())
        .setActivityStamp(info.getStamp())
        .setTimeoutType(type.getNumber())
        .setFireTimeMs(fireTimeMs)
        .build();
  }
}
