package dev.aevum.server.history.internal.workflow;

import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import dev.aevum.proto.persistence.ExecutionInfo;
import dev.aevum.proto.persistence.TimerTask;
import dev.aevum.server.history.HistorySettings;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.Transaction;
import dev.aevum.server.history.internal.workflowtask.WorkflowTasks;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributesOrBuilder;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Creates a run from its WorkflowExecutionStarted attributes: the one place that normalises
 * timeouts, fills the run's mutable state, writes its first events and its timers. Used by start,
 * signal-with-start, continue-as-new, retry and cron.
 */
public final class Runs {
  private Runs() {}

  /**
   * @param started the run's start attributes; timeouts are normalised in place
   * @param backoffMs delay before the first workflow task (start delay, cron, retry); 0 for none
   * @param requestId the create request id (dedup of starts)
   * @param afterStarted events to append right after WorkflowExecutionStarted (e.g. a signal)
   */
  /**
   * The run record's fields that follow from its Started event alone: a new run and a run rebuilt
   * by reset both take them from here, and add the times that depend on when the run starts.
   */
  public static ExecutionInfo.Builder fromStarted(
      RunKey key,
      String namespace,
      WorkflowExecutionStartedEventAttributesOrBuilder started,
      String requestId) {
    ExecutionInfo.Builder info =
        ExecutionInfo.newBuilder()
            .setNamespaceId(key.namespaceId())
            .setNamespace(namespace)
            .setWorkflowId(key.workflowId())
            .setRunId(key.runId())
            .setFirstExecutionRunId(started.getFirstExecutionRunId())
            .setOriginalExecutionRunId(started.getOriginalExecutionRunId())
            .setWorkflowType(started.getWorkflowType().getName())
            .setTaskQueue(started.getTaskQueue().getName())
            .setWorkflowExecutionTimeoutMs(
                Durations.toMillis(started.getWorkflowExecutionTimeout()))
            .setWorkflowRunTimeoutMs(Durations.toMillis(started.getWorkflowRunTimeout()))
            .setDefaultWorkflowTaskTimeoutMs(Durations.toMillis(started.getWorkflowTaskTimeout()))
            .setExecutionExpirationTimeMs(
                started.hasWorkflowExecutionExpirationTime()
                    ? Timestamps.toMillis(started.getWorkflowExecutionExpirationTime())
                    : 0)
            .setStatus(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE)
            .setCreateRequestId(requestId.isEmpty() ? UUID.randomUUID().toString() : requestId)
            .setAttempt(started.getAttempt())
            .setCronSchedule(started.getCronSchedule())
            .setMemo(started.getMemo().toByteString())
            .setSearchAttributes(started.getSearchAttributes().toByteString())
            .setHeader(started.getHeader().toByteString());
    if (started.hasRetryPolicy()) {
      info.setRetryPolicy(started.getRetryPolicy().toByteString());
    }
    if (started.hasPriority()) {
      info.setPriority(started.getPriority().toByteString());
    }
    if (started.hasLastCompletionResult()) {
      info.setLastCompletionResult(started.getLastCompletionResult().toByteString());
    }
    if (started.hasContinuedFailure()) {
      info.setContinuedFailure(started.getContinuedFailure().toByteString());
    }
    WorkflowExecution root =
        started.hasRootWorkflowExecution()
            ? started.getRootWorkflowExecution()
            : WorkflowExecution.newBuilder()
                .setWorkflowId(key.workflowId())
                .setRunId(key.runId())
                .build();
    info.setRootWorkflowId(root.getWorkflowId()).setRootRunId(root.getRunId());
    if (started.hasParentWorkflowExecution()) {
      info.setParentNamespaceId(started.getParentWorkflowNamespaceId())
          .setParentWorkflowId(started.getParentWorkflowExecution().getWorkflowId())
          .setParentRunId(started.getParentWorkflowExecution().getRunId())
          .setParentInitiatedEventId(started.getParentInitiatedEventId());
    }
    return info;
  }

  public static void initialize(
      Transaction tx,
      HistorySettings settings,
      String namespace,
      WorkflowExecutionStartedEventAttributes.Builder started,
      long backoffMs,
      String requestId,
      Consumer<Transaction> afterStarted) {
    long now = tx.nowMs();
    long executionTimeout = Durations.toMillis(started.getWorkflowExecutionTimeout());
    long runTimeout = Durations.toMillis(started.getWorkflowRunTimeout());
    if (runTimeout == 0 || (executionTimeout > 0 && runTimeout > executionTimeout)) {
      runTimeout = executionTimeout;
    }
    long taskTimeout = Durations.toMillis(started.getWorkflowTaskTimeout());
    if (taskTimeout == 0) {
      taskTimeout = settings.defaultWorkflowTaskTimeout().toMillis();
    }
    taskTimeout = Math.min(taskTimeout, settings.maxWorkflowTaskTimeout().toMillis());
    if (runTimeout > 0) {
      taskTimeout = Math.min(taskTimeout, runTimeout);
    }
    long executionExpiration =
        started.hasWorkflowExecutionExpirationTime()
            ? Timestamps.toMillis(started.getWorkflowExecutionExpirationTime())
            : executionTimeout > 0 ? now + executionTimeout : 0;
    long runExpiration = runTimeout > 0 ? now + backoffMs + runTimeout : 0;
    if (executionExpiration > 0 && (runExpiration == 0 || runExpiration > executionExpiration)) {
      runExpiration = executionExpiration;
    }
    String runId = tx.key().runId();
    started
        .setTaskQueue(
            started.getTaskQueue().toBuilder().setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL))
        .setWorkflowExecutionTimeout(Durations.fromMillis(executionTimeout))
        .setWorkflowRunTimeout(Durations.fromMillis(runTimeout))
        .setWorkflowTaskTimeout(Durations.fromMillis(taskTimeout))
        .setOriginalExecutionRunId(runId)
        .setWorkflowId(tx.key().workflowId());
    if (started.getFirstExecutionRunId().isEmpty()) {
      started.setFirstExecutionRunId(runId);
    }
    if (started.getAttempt() == 0) {
      started.setAttempt(1);
    }
    if (executionExpiration > 0) {
      started.setWorkflowExecutionExpirationTime(Timestamps.fromMillis(executionExpiration));
    }
    if (backoffMs > 0) {
      started.setFirstWorkflowTaskBackoff(Durations.fromMillis(backoffMs));
    }
    ExecutionInfo.Builder info =
        fromStarted(tx.key(), namespace, started, requestId)
            .setRunExpirationTimeMs(runExpiration)
            .setStartTimeMs(now)
            .setExecutionTimeMs(now + backoffMs)
            .setFirstWorkflowTaskDueMs(backoffMs > 0 ? now + backoffMs : 0);
    tx.state().setExecution(info);
    tx.append(
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
            .setWorkflowExecutionStartedEventAttributes(started));
    afterStarted.accept(tx);
    if (backoffMs > 0) {
      tx.addTimerTask(timer(tx, TimerTask.Kind.WORKFLOW_BACKOFF, now + backoffMs));
    } else {
      // afterStarted may have scheduled it already (a signal is a new event).
      WorkflowTasks.scheduleIfNone(tx);
    }
    if (runExpiration > 0) {
      tx.addTimerTask(timer(tx, TimerTask.Kind.WORKFLOW_RUN_TIMEOUT, runExpiration));
    }
  }

  /**
   * The run at the top of a run's parent chain, as Temporal keeps it: the run itself for a run
   * without parent; its parent's root for a child; carried on by continue-as-new, retry and cron.
   */
  public static WorkflowExecution root(RunKey key, ExecutionInfo info) {
    if (info.getRootWorkflowId().isEmpty()) {
      return WorkflowExecution.newBuilder()
          .setWorkflowId(key.workflowId())
          .setRunId(key.runId())
          .build();
    }
    return WorkflowExecution.newBuilder()
        .setWorkflowId(info.getRootWorkflowId())
        .setRunId(info.getRootRunId())
        .build();
  }

  /** The delayed first workflow task of a run is due. */
  public static void backoffElapsed(Transaction tx) {
    if (tx.read().getExecution().getFirstWorkflowTaskDueMs() == 0) {
      return;
    }
    tx.state().getExecutionBuilder().setFirstWorkflowTaskDueMs(0);
    WorkflowTasks.scheduleIfNone(tx);
  }

  private static TimerTask timer(Transaction tx, TimerTask.Kind kind, long fireTimeMs) {
    return TimerTask.newBuilder()
        .setKind(kind)
        .setNamespaceId(tx.key().namespaceId())
        .setWorkflowId(tx.key().workflowId())
        .setRunId(tx.key().runId())
        .setFireTimeMs(fireTimeMs)
        .build();
  }
}
