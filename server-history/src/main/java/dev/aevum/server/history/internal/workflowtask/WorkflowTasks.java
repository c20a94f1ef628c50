package dev.aevum.server.history.internal.workflowtask;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.Durations;
import dev.aevum.proto.persistence.TimerTask;
import dev.aevum.proto.persistence.TransferTask;
import dev.aevum.proto.persistence.WorkflowTaskInfo;
import dev.aevum.server.history.internal.execution.Transaction;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowTaskFailedEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskScheduledEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskStartedEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskTimedOutEventAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;

/**
 * The workflow task state machine: schedule, start, fail and time out. A run has at most one
 * workflow task. From the second attempt on its Scheduled/Started events are not written (a
 * transient task) until it completes, so a crash-looping workflow does not grow its history.
 */
public final class WorkflowTasks {
  /** Temporal's limit.historyCount/historySize.suggestContinueAsNew defaults. */
  static final int SUGGEST_CONTINUE_AS_NEW_EVENTS = 4096;

  static final long SUGGEST_CONTINUE_AS_NEW_BYTES = 4L * 1024 * 1024;

  /** Temporal's history.maximumBufferedEventsBatch and maximumBufferedEventsSizeInBytes. */
  static final int MAX_BUFFERED_EVENTS = 100;

  static final long MAX_BUFFERED_BYTES = 2L * 1024 * 1024;

  private WorkflowTasks() {}

  private static boolean tooManyBuffered(Transaction tx) {
    var buffered = tx.read().getBufferedEventsList();
    return buffered.size() > MAX_BUFFERED_EVENTS
        || buffered.stream().mapToLong(ByteString::size).sum() > MAX_BUFFERED_BYTES;
  }

  /** Schedules the first attempt of a new workflow task unless one is already pending. */
  public static void scheduleIfNone(Transaction tx) {
    if (!tx.read().hasWorkflowTask() && tx.isRunning()) {
      schedule(tx, 1);
    }
  }

  /**
   * Call after an external event was written to history: a pending workflow task picks it up, or a
   * new one is scheduled. A transient task stops being transient, since history moved on.
   */
  public static void onNewEvent(Transaction tx) {
    if (tx.workflowTaskInFlight() && tooManyBuffered(tx)) {
      // Temporal's history.maximumBufferedEventsBatch: fail the running task so the events land
      // now.
      fail(
          tx,
          WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND,
          Failure.newBuilder().setMessage("too many buffered events").setSource("Server").build(),
          "history-service",
          true);
      return;
    }
    if (!tx.isRunning() || tx.read().getExecution().getFirstWorkflowTaskDueMs() > 0) {
      // A run waiting out its first-task backoff sees new events when that task comes.
      return;
    }
    if (!tx.read().hasWorkflowTask()) {
      schedule(tx, 1);
      return;
    }
    WorkflowTaskInfo task = tx.read().getWorkflowTask();
    if (task.getTransient() && task.getStartedEventId() == 0) {
      // Write the Scheduled event after the new one; the old dispatch becomes stale.
      tx.state().clearWorkflowTask();
      schedule(tx, task.getAttempt(), false);
    }
  }

  /** Schedules a workflow task; attempts after the first are transient. */
  public static void schedule(Transaction tx, int attempt) {
    schedule(tx, attempt, attempt > 1, true);
  }

  /** Schedules a task the caller starts right away: no dispatch through matching. */
  public static void scheduleInline(Transaction tx) {
    schedule(tx, 1, false, false);
  }

  private static void schedule(Transaction tx, int attempt, boolean transientTask) {
    schedule(tx, attempt, transientTask, true);
  }

  private static void schedule(
      Transaction tx, int attempt, boolean transientTask, boolean dispatch) {
    var state = tx.read();
    var execution = state.getExecution();
    boolean sticky = !state.getStickyTaskQueue().isEmpty();
    String queue = sticky ? state.getStickyTaskQueue() : execution.getTaskQueue();
    TaskQueueKind kind =
        sticky ? TaskQueueKind.TASK_QUEUE_KIND_STICKY : TaskQueueKind.TASK_QUEUE_KIND_NORMAL;
    long timeoutMs = startToCloseTimeoutMs(execution.getDefaultWorkflowTaskTimeoutMs(), attempt);
    long scheduledEventId;
    if (transientTask) {
      scheduledEventId = state.getNextEventId();
    } else {
      TaskQueue.Builder taskQueue = TaskQueue.newBuilder().setName(queue).setKind(kind);
      if (sticky) {
        taskQueue.setNormalName(execution.getTaskQueue());
      }
      scheduledEventId =
          tx.append(
              HistoryEvent.newBuilder()
                  .setEventType(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)
                  .setWorkflowTaskScheduledEventAttributes(
                      WorkflowTaskScheduledEventAttributes.newBuilder()
                          .setTaskQueue(taskQueue)
                          .setStartToCloseTimeout(Durations.fromMillis(timeoutMs))
                          .setAttempt(attempt)));
    }
    tx.state()
        .setWorkflowTask(
            WorkflowTaskInfo.newBuilder()
                .setScheduledEventId(scheduledEventId)
                .setAttempt(attempt)
                .setScheduledTimeMs(tx.nowMs())
                .setOriginalScheduledTimeMs(tx.nowMs())
                .setTaskQueue(queue)
                .setTaskQueueKind(kind.getNumber())
                .setStartToCloseTimeoutMs(timeoutMs)
                .setTransient(transientTask));
    if (!dispatch) {
      return;
    }
    tx.addTransferTask(
        TransferTask.newBuilder()
            .setKind(TransferTask.Kind.WORKFLOW_TASK)
            .setNamespaceId(tx.key().namespaceId())
            .setWorkflowId(tx.key().workflowId())
            .setRunId(tx.key().runId())
            .setScheduledEventId(scheduledEventId)
            .setAttempt(attempt)
            .setTaskQueue(queue)
            .build());
    if (sticky && state.getStickyScheduleToStartTimeoutMs() > 0) {
      tx.addTimerTask(
          timer(
              tx,
              scheduledEventId,
              attempt,
              TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
              tx.nowMs() + state.getStickyScheduleToStartTimeoutMs()));
    }
  }

  /**
   * Marks the pending workflow task started by a poller of {@code pollQueue}. A poll from the
   * normal queue while the run is sticky ends the stickiness: that worker needs full history.
   */
  public static void start(Transaction tx, String requestId, String identity, String pollQueue) {
    WorkflowTaskInfo task = tx.read().getWorkflowTask();
    if (!tx.read().getStickyTaskQueue().isEmpty()
        && !pollQueue.equals(tx.read().getStickyTaskQueue())) {
      tx.state().clearStickyTaskQueue().clearStickyScheduleToStartTimeoutMs();
    }
    long startedEventId;
    if (task.getTransient()) {
      startedEventId = task.getScheduledEventId() + 1;
    } else {
      startedEventId =
          tx.append(
              HistoryEvent.newBuilder()
                  .setEventType(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
                  .setWorkflowTaskStartedEventAttributes(
                      WorkflowTaskStartedEventAttributes.newBuilder()
                          .setScheduledEventId(task.getScheduledEventId())
                          .setIdentity(identity)
                          .setRequestId(requestId)
                          .setHistorySizeBytes(tx.read().getHistorySizeBytes())
                          .setSuggestContinueAsNew(suggestContinueAsNew(tx))));
    }
    tx.state()
        .setWorkflowTask(
            task.toBuilder()
                .setStartedEventId(startedEventId)
                .setStartedTimeMs(tx.nowMs())
                .setRequestId(requestId)
                .setIdentity(identity));
    tx.addTimerTask(
        timer(
            tx,
            task.getScheduledEventId(),
            task.getAttempt(),
            TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
            tx.nowMs() + task.getStartToCloseTimeoutMs()));
  }

  /**
   * From the fourth attempt on, a retried task gets extra time growing from 5 s, doubling, capped
   * at 10 min (Temporal's workflowTaskRetry backoff, without its jitter), so a workflow that keeps
   * failing is retried ever more slowly.
   */
  static long startToCloseTimeoutMs(long defaultTimeoutMs, int attempt) {
    int backoffAttempt = attempt - 3;
    if (backoffAttempt <= 0) {
      return defaultTimeoutMs;
    }
    long backoff = 5_000L << Math.min(backoffAttempt - 1, 20);
    return defaultTimeoutMs + Math.min(backoff, 600_000L);
  }

  private static boolean suggestContinueAsNew(Transaction tx) {
    return tx.read().getNextEventId() - 1 >= SUGGEST_CONTINUE_AS_NEW_EVENTS
        || tx.read().getHistorySizeBytes() >= SUGGEST_CONTINUE_AS_NEW_BYTES;
  }

  /**
   * Writes the Scheduled/Started events of a transient task that is completing, so they precede its
   * Completed event.
   */
  public static void materializeTransient(Transaction tx) {
    WorkflowTaskInfo task = tx.read().getWorkflowTask();
    if (!task.getTransient()) {
      return;
    }
    var execution = tx.read().getExecution();
    long scheduledId =
        tx.append(
            HistoryEvent.newBuilder()
                .setEventType(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)
                .setWorkflowTaskScheduledEventAttributes(
                    WorkflowTaskScheduledEventAttributes.newBuilder()
                        .setTaskQueue(
                            TaskQueue.newBuilder()
                                .setName(task.getTaskQueue())
                                .setKind(TaskQueueKind.forNumber(task.getTaskQueueKind())))
                        .setStartToCloseTimeout(
                            Durations.fromMillis(task.getStartToCloseTimeoutMs()))
                        .setAttempt(task.getAttempt())));
    long startedId =
        tx.append(
            HistoryEvent.newBuilder()
                .setEventType(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
                .setWorkflowTaskStartedEventAttributes(
                    WorkflowTaskStartedEventAttributes.newBuilder()
                        .setScheduledEventId(scheduledId)
                        .setIdentity(task.getIdentity())
                        .setRequestId(task.getRequestId())
                        .setHistorySizeBytes(tx.read().getHistorySizeBytes())));
    tx.state()
        .setWorkflowTask(
            task.toBuilder()
                .setScheduledEventId(scheduledId)
                .setStartedEventId(startedId)
                .setTransient(false));
    if (execution.getTaskQueue().isEmpty()) {
      throw new IllegalStateException("run without task queue");
    }
  }

  /**
   * Fails the started workflow task (worker report, invalid completion or forced close) and, while
   * the run goes on, schedules the next attempt.
   */
  public static void fail(
      Transaction tx,
      WorkflowTaskFailedCause cause,
      Failure failure,
      String identity,
      boolean scheduleNext) {
    WorkflowTaskInfo task = tx.read().getWorkflowTask();
    if (!task.getTransient()) {
      tx.append(
          HistoryEvent.newBuilder()
              .setEventType(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
              .setWorkflowTaskFailedEventAttributes(
                  WorkflowTaskFailedEventAttributes.newBuilder()
                      .setScheduledEventId(task.getScheduledEventId())
                      .setStartedEventId(task.getStartedEventId())
                      .setCause(cause)
                      .setFailure(failure)
                      .setIdentity(identity)));
    }
    endAttempt(
        tx,
        task,
        cause == WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND
            || cause == WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_STICKY_TASK_QUEUE,
        scheduleNext);
  }

  /**
   * Times out the workflow task; a sticky schedule-to-start timeout retries on the normal queue.
   */
  public static void timeOut(Transaction tx, TimeoutType type) {
    WorkflowTaskInfo task = tx.read().getWorkflowTask();
    if (!task.getTransient()) {
      if (type == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) {
        // A task that never started has no Started event to refer to.
        tx.append(
            HistoryEvent.newBuilder()
                .setEventType(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT)
                .setWorkflowTaskTimedOutEventAttributes(
                    WorkflowTaskTimedOutEventAttributes.newBuilder()
                        .setScheduledEventId(task.getScheduledEventId())
                        .setTimeoutType(type)));
      } else {
        tx.append(
            HistoryEvent.newBuilder()
                .setEventType(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT)
                .setWorkflowTaskTimedOutEventAttributes(
                    WorkflowTaskTimedOutEventAttributes.newBuilder()
                        .setScheduledEventId(task.getScheduledEventId())
                        .setStartedEventId(task.getStartedEventId())
                        .setTimeoutType(type)));
      }
    }
    endAttempt(tx, task, type == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START, true);
  }

  private static void endAttempt(
      Transaction tx, WorkflowTaskInfo task, boolean keepAttempt, boolean scheduleNext) {
    tx.state().clearWorkflowTask().clearStickyTaskQueue().clearStickyScheduleToStartTimeoutMs();
    // Events that arrived meanwhile are history now; the next attempt will see them.
    boolean flushed = tx.flushBufferedEvents();
    if (scheduleNext && tx.isRunning()) {
      int next = keepAttempt ? 1 : task.getAttempt() + 1;
      schedule(tx, next, next > 1 && !flushed);
    }
  }

  static TimerTask timer(
      Transaction tx, long scheduledEventId, int attempt, TimeoutType type, long fireTimeMs) {
    return TimerTask.newBuilder()
        .setKind(TimerTask.Kind.WORKFLOW_TASK_TIMEOUT)
        .setNamespaceId(tx.key().namespaceId())
        .setWorkflowId(tx.key().workflowId())
        .setRunId(tx.key().runId())
        .setEventId(scheduledEventId)
        .setAttempt(attempt)
        .setTimeoutType(type.getNumber())
        .setFireTimeMs(fireTimeMs)
        .build();
  }
}
