package dev.aevum.server.history.internal.workflow;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import dev.aevum.proto.persistence.TransferTask;
import dev.aevum.server.common.Errors;
import dev.aevum.server.history.HistorySettings;
import dev.aevum.server.history.internal.execution.Transaction;
import dev.aevum.server.history.internal.retry.RetryPolicies;
import dev.aevum.server.history.internal.workflowtask.WorkflowTasks;
import io.temporal.api.command.v1.ContinueAsNewWorkflowExecutionCommandAttributes;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.ContinueAsNewInitiator;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.failure.v1.TimeoutFailureInfo;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionCanceledEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionCompletedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionContinuedAsNewEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionFailedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionTerminatedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionTimedOutEventAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How a run ends and what follows: the one place that closes runs. It appends the close event
 * (completed, failed, canceled, timed out, terminated, continued as new), drops what was still
 * pending, and starts a next run in the same transaction for continue-as-new, a retry by the
 * workflow's retry policy, or the next cron fire.
 */
public final class WorkflowEnd {
  private final HistorySettings settings;
  private final Transaction tx;

  /**
   * The run's WorkflowExecutionStarted attributes, read from history only when a next run needs
   * them.
   */
  private final Supplier<WorkflowExecutionStartedEventAttributes> started;

  public WorkflowEnd(
      HistorySettings settings,
      Transaction tx,
      Supplier<WorkflowExecutionStartedEventAttributes> started) {
    this.settings = settings;
    this.tx = tx;
    this.started = started;
  }

  public void complete(Payloads result, long completedEventId) {
    var attributes =
        WorkflowExecutionCompletedEventAttributes.newBuilder()
            .setResult(result)
            .setWorkflowTaskCompletedEventId(completedEventId);
    long cronBackoff = cronBackoff();
    String next = cronBackoff >= 0 ? UUID.randomUUID().toString() : "";
    attributes.setNewExecutionRunId(next);
    close(
        tx,
        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)
            .setWorkflowExecutionCompletedEventAttributes(attributes));
    if (!next.isEmpty()) {
      nextRun(
          next,
          ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE,
          cronBackoff,
          1,
          b -> b.setLastCompletionResult(result));
    }
  }

  public void fail(Failure failure, long completedEventId) {
    var attributes =
        WorkflowExecutionFailedEventAttributes.newBuilder()
            .setFailure(failure)
            .setWorkflowTaskCompletedEventId(completedEventId);
    Next next = retryOrCron(failure);
    attributes.setRetryState(next.retryState).setNewExecutionRunId(next.runId);
    close(
        tx,
        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED,
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED)
            .setWorkflowExecutionFailedEventAttributes(attributes));
    startNext(next, failure);
  }

  public void timeOut() {
    Failure failure =
        Failure.newBuilder()
            .setMessage("workflow timeout")
            .setSource("Server")
            .setTimeoutFailureInfo(
                TimeoutFailureInfo.newBuilder()
                    .setTimeoutType(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE))
            .build();
    Next next = retryOrCron(failure);
    close(
        tx,
        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT)
            .setWorkflowExecutionTimedOutEventAttributes(
                WorkflowExecutionTimedOutEventAttributes.newBuilder()
                    .setRetryState(next.retryState)
                    .setNewExecutionRunId(next.runId)));
    startNext(next, failure);
  }

  public void continueAsNew(
      ContinueAsNewWorkflowExecutionCommandAttributes a, long completedEventId) {
    var info = tx.read().getExecution();
    String next = UUID.randomUUID().toString();
    var type =
        a.hasWorkflowType() && !a.getWorkflowType().getName().isEmpty()
            ? a.getWorkflowType()
            : WorkflowType.newBuilder().setName(info.getWorkflowType()).build();
    var queue =
        a.hasTaskQueue() && !a.getTaskQueue().getName().isEmpty()
            ? a.getTaskQueue()
            : TaskQueue.newBuilder().setName(info.getTaskQueue()).build();
    var runTimeout =
        a.hasWorkflowRunTimeout() && Durations.toMillis(a.getWorkflowRunTimeout()) > 0
            ? a.getWorkflowRunTimeout()
            : Durations.fromMillis(info.getWorkflowRunTimeoutMs());
    var taskTimeout =
        a.hasWorkflowTaskTimeout() && Durations.toMillis(a.getWorkflowTaskTimeout()) > 0
            ? a.getWorkflowTaskTimeout()
            : Durations.fromMillis(info.getDefaultWorkflowTaskTimeoutMs());
    var closed =
        WorkflowExecutionContinuedAsNewEventAttributes.newBuilder()
            .setNewExecutionRunId(next)
            .setWorkflowType(type)
            .setTaskQueue(queue.toBuilder().setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL))
            .setInput(a.getInput())
            .setWorkflowRunTimeout(runTimeout)
            .setWorkflowTaskTimeout(taskTimeout)
            .setWorkflowTaskCompletedEventId(completedEventId)
            .setBackoffStartInterval(a.getBackoffStartInterval())
            .setInitiator(ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW);
    if (a.hasHeader()) {
      closed.setHeader(a.getHeader());
    }
    if (a.hasMemo()) {
      closed.setMemo(a.getMemo());
    }
    if (a.hasSearchAttributes()) {
      closed.setSearchAttributes(a.getSearchAttributes());
    }
    if (a.hasLastCompletionResult()) {
      closed.setLastCompletionResult(a.getLastCompletionResult());
    }
    if (a.hasFailure()) {
      closed.setFailure(a.getFailure());
    }
    close(
        tx,
        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW,
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW)
            .setWorkflowExecutionContinuedAsNewEventAttributes(closed));
    WorkflowExecutionStartedEventAttributes.Builder b =
        WorkflowExecutionStartedEventAttributes.newBuilder()
            .setWorkflowType(type)
            .setTaskQueue(queue)
            .setInput(a.getInput())
            .setWorkflowExecutionTimeout(Durations.fromMillis(info.getWorkflowExecutionTimeoutMs()))
            .setWorkflowRunTimeout(runTimeout)
            .setWorkflowTaskTimeout(taskTimeout)
            .setContinuedExecutionRunId(tx.key().runId())
            .setInitiator(ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW)
            .setFirstExecutionRunId(info.getFirstExecutionRunId())
            .setAttempt(1)
            .setCronSchedule(
                a.getCronSchedule().isEmpty() ? info.getCronSchedule() : a.getCronSchedule());
    if (info.getExecutionExpirationTimeMs() > 0) {
      b.setWorkflowExecutionExpirationTime(
          Timestamps.fromMillis(info.getExecutionExpirationTimeMs()));
    }
    if (a.hasHeader()) {
      b.setHeader(a.getHeader());
    }
    if (a.hasMemo()) {
      b.setMemo(a.getMemo());
    }
    if (a.hasSearchAttributes()) {
      b.setSearchAttributes(a.getSearchAttributes());
    }
    if (a.hasLastCompletionResult()) {
      b.setLastCompletionResult(a.getLastCompletionResult());
    }
    if (a.hasFailure()) {
      b.setContinuedFailure(a.getFailure());
    }
    if (a.hasRetryPolicy()) {
      b.setRetryPolicy(RetryPolicies.withDefaults(a.getRetryPolicy()));
    } else if (!info.getRetryPolicy().isEmpty()) {
      b.setRetryPolicy(parse(info.getRetryPolicy(), RetryPolicy.parser()));
    }
    parent(b);
    Runs.initialize(
        tx.createNewRun(next),
        settings,
        info.getNamespace(),
        b,
        Durations.toMillis(a.getBackoffStartInterval()),
        "",
        t -> {});
  }

  public void cancel(Payloads details, long completedEventId) {
    close(
        tx,
        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED,
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED)
            .setWorkflowExecutionCanceledEventAttributes(
                WorkflowExecutionCanceledEventAttributes.newBuilder()
                    .setDetails(details)
                    .setWorkflowTaskCompletedEventId(completedEventId)));
  }

  /**
   * Terminates inside an ongoing transition (TerminateWorkflowExecution, start with
   * TERMINATE_EXISTING, reset, a breached history limit); no next run follows.
   */
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
    close(
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

  /** Appends the close event and drops everything that was still pending. */
  private static void close(
      Transaction tx, WorkflowExecutionStatus status, HistoryEvent.Builder closeEvent) {
    long eventId = tx.append(closeEvent);
    tx.state()
        .getExecutionBuilder()
        .setStatus(status.getNumber())
        .setCloseTimeMs(tx.nowMs())
        .setCloseEventId(eventId);
    // Pending activities stay, as in Temporal: describe still lists them (nothing acts on them).
    tx.state()
        .clearWorkflowTask()
        .clearTimers()
        .clearBufferedEvents()
        .clearStickyTaskQueue()
        .clearStickyScheduleToStartTimeoutMs()
        .clearExternalRequests();
    // Children stay: the close task applies their parent close policies.
    tellParentAndChildren(tx, eventId);
  }

  /**
   * A closing run tells its parent and applies its parent close policies through one transfer task.
   */
  private static void tellParentAndChildren(Transaction tx, long closeEventId) {
    boolean hasParent = !tx.read().getExecution().getParentWorkflowId().isEmpty();
    boolean hasChildren =
        tx.read().getChildrenMap().values().stream()
            .anyMatch(
                c ->
                    c.getParentClosePolicy()
                        != ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON_VALUE);
    if (hasParent || hasChildren) {
      tx.addTransferTask(
          TransferTask.newBuilder()
              .setKind(TransferTask.Kind.CLOSE_EXECUTION)
              .setNamespaceId(tx.key().namespaceId())
              .setWorkflowId(tx.key().workflowId())
              .setRunId(tx.key().runId())
              .setScheduledEventId(closeEventId)
              .build());
    }
  }

  private record Next(
      String runId,
      RetryState retryState,
      ContinueAsNewInitiator initiator,
      long backoffMs,
      int attempt) {}

  /**
   * After a failure or timeout: a retry if the policy allows, else the next cron run, else nothing.
   */
  private Next retryOrCron(Failure failure) {
    var info = tx.read().getExecution();
    RetryState state = RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET;
    if (!info.getRetryPolicy().isEmpty()) {
      RetryPolicy policy = parse(info.getRetryPolicy(), RetryPolicy.parser());
      if (!RetryPolicies.isRetryable(policy, failure)) {
        state = RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE;
      } else if (!RetryPolicies.hasAttemptsLeft(policy, info.getAttempt())) {
        state = RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED;
      } else {
        long backoff = RetryPolicies.backoffMs(policy, info.getAttempt(), failure);
        if (info.getExecutionExpirationTimeMs() > 0
            && tx.nowMs() + backoff > info.getExecutionExpirationTimeMs()) {
          state = RetryState.RETRY_STATE_TIMEOUT;
        } else {
          return new Next(
              UUID.randomUUID().toString(),
              RetryState.RETRY_STATE_IN_PROGRESS,
              ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_RETRY,
              backoff,
              info.getAttempt() + 1);
        }
      }
    }
    long cronBackoff = cronBackoff();
    if (cronBackoff >= 0) {
      return new Next(
          UUID.randomUUID().toString(),
          state,
          ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE,
          cronBackoff,
          1);
    }
    return new Next("", state, ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_UNSPECIFIED, 0, 0);
  }

  private void startNext(Next next, Failure failure) {
    if (next.runId.isEmpty()) {
      return;
    }
    var lastResult = tx.read().getExecution().getLastCompletionResult();
    nextRun(
        next.runId,
        next.initiator,
        next.backoffMs,
        next.attempt,
        b -> {
          b.setContinuedFailure(failure);
          if (!lastResult.isEmpty()) {
            b.setLastCompletionResult(parse(lastResult, Payloads.parser()));
          }
        });
  }

  private void nextRun(
      String runId,
      ContinueAsNewInitiator initiator,
      long backoffMs,
      int attempt,
      Consumer<WorkflowExecutionStartedEventAttributes.Builder> extra) {
    var info = tx.read().getExecution();
    WorkflowExecutionStartedEventAttributes original = started.get();
    WorkflowExecutionStartedEventAttributes.Builder b =
        original.toBuilder()
            .clearFirstWorkflowTaskBackoff()
            .clearLastCompletionResult()
            .clearContinuedFailure()
            .clearWorkflowExecutionExpirationTime()
            .setContinuedExecutionRunId(tx.key().runId())
            .setInitiator(initiator)
            .setAttempt(attempt)
            .setFirstExecutionRunId(info.getFirstExecutionRunId())
            .setOriginalExecutionRunId(runId);
    boolean retry = initiator == ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_RETRY;
    if (retry && info.getExecutionExpirationTimeMs() > 0) {
      // Retries share the execution timeout; each cron run gets its own.
      b.setWorkflowExecutionExpirationTime(
          Timestamps.fromMillis(info.getExecutionExpirationTimeMs()));
    }
    extra.accept(b);
    Runs.initialize(
        tx.createNewRun(runId), settings, info.getNamespace(), b, backoffMs, "", t -> {});
  }

  private long cronBackoff() {
    var info = tx.read().getExecution();
    if (info.getCronSchedule().isEmpty()) {
      return -1;
    }
    return Cron.backoffMs(info.getCronSchedule(), info.getExecutionTimeMs(), tx.nowMs());
  }

  private void parent(WorkflowExecutionStartedEventAttributes.Builder b) {
    var info = tx.read().getExecution();
    if (!info.getParentWorkflowId().isEmpty()) {
      b.setParentWorkflowNamespaceId(info.getParentNamespaceId())
          .setParentWorkflowExecution(
              WorkflowExecution.newBuilder()
                  .setWorkflowId(info.getParentWorkflowId())
                  .setRunId(info.getParentRunId()))
          .setParentInitiatedEventId(info.getParentInitiatedEventId())
          .setRootWorkflowExecution(Runs.root(tx.key(), info));
    }
  }

  private static <T> T parse(ByteString bytes, Parser<T> parser) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt stored blob", e);
    }
  }
}
