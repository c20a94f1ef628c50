package dev.aevum.server.history.internal.reset;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import dev.aevum.persistence.CurrentExecution;
import dev.aevum.persistence.ExecutionRecord;
import dev.aevum.proto.persistence.ChildInfo;
import dev.aevum.proto.persistence.ExecutionInfo;
import dev.aevum.proto.persistence.ExternalRequestInfo;
import dev.aevum.proto.persistence.TimerInfo;
import dev.aevum.proto.persistence.TimerTask;
import dev.aevum.proto.persistence.TransferTask;
import dev.aevum.proto.persistence.UpdateRecord;
import dev.aevum.proto.persistence.WorkflowTaskInfo;
import dev.aevum.server.common.Errors;
import dev.aevum.server.history.HistorySettings;
import dev.aevum.server.history.internal.activity.Activities;
import dev.aevum.server.history.internal.execution.HistoryReader;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.ShardContext;
import dev.aevum.server.history.internal.execution.Transaction;
import dev.aevum.server.history.internal.signal.Signals;
import dev.aevum.server.history.internal.workflow.Runs;
import dev.aevum.server.history.internal.workflow.WorkflowEnd;
import dev.aevum.server.history.internal.workflowtask.WorkflowTasks;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.ResetReapplyExcludeType;
import io.temporal.api.enums.v1.UpdateAdmittedEventOrigin;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionUpdateAdmittedEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskFailedEventAttributes;
import io.temporal.api.update.v1.Request;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * ResetWorkflowExecution: a new run whose history is the base run's up to the chosen workflow task,
 * which is then failed with cause RESET_WORKFLOW; the base run's later signals are applied again
 * and its later updates admitted again (durably, as UpdateAdmitted events), unless the request
 * excludes them, and the current run is terminated. The new run's mutable state is rebuilt from the
 * copied events, and what was pending at that point (activities, timers, children) is armed anew.
 */
public final class ResetWorkflow {
  private final HistorySettings settings;

  public ResetWorkflow(HistorySettings settings) {
    this.settings = settings;
  }

  public ResetWorkflowExecutionResponse reset(
      ShardContext shard, String namespaceId, ResetWorkflowExecutionRequest request) {
    var execution = request.getWorkflowExecution();
    RunKey base = shard.resolve(namespaceId, execution.getWorkflowId(), execution.getRunId());
    var baseState =
        shard.read(base).orElseThrow(() -> Errors.notFound("workflow execution not found"));
    long finishId = request.getWorkflowTaskFinishEventId();
    if (finishId <= 1 || finishId >= baseState.getNextEventId()) {
      throw Errors.invalidArgument(
          "Workflow task finish ID must be > 1 && <= workflow last event ID.");
    }
    List<HistoryEvent> events = HistoryReader.read(shard, base, 1, baseState.getNextEventId());
    HistoryEvent finish = events.get((int) finishId - 1);
    long startedId =
        switch (finish.getEventType()) {
          case EVENT_TYPE_WORKFLOW_TASK_COMPLETED ->
              finish.getWorkflowTaskCompletedEventAttributes().getStartedEventId();
          case EVENT_TYPE_WORKFLOW_TASK_FAILED ->
              finish.getWorkflowTaskFailedEventAttributes().getStartedEventId();
          case EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT ->
              finish.getWorkflowTaskTimedOutEventAttributes().getStartedEventId();
          case EVENT_TYPE_WORKFLOW_TASK_STARTED -> finishId;
          default ->
              throw Errors.invalidArgument(
                  "Event "
                      + finishId
                      + " is "
                      + finish.getEventType()
                      + "; a reset needs a workflow task completed, failed, timed out or started event.");
        };
    if (startedId <= 0
        || startedId
            != (finish.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED
                ? finishId
                : finishId - 1)) {
      throw Errors.invalidArgument(
          "Cannot reset to event "
              + finishId
              + ": its workflow task was not started just before it.");
    }
    // Dedup: a repeated request finds the run it created.
    Optional<CurrentExecution> current = shard.current(namespaceId, base.workflowId());
    if (!request.getRequestId().isEmpty()
        && current.isPresent()
        && current.get().createRequestId().equals(request.getRequestId())) {
      return ResetWorkflowExecutionResponse.newBuilder().setRunId(current.get().runId()).build();
    }
    if (current.isPresent() && current.get().state() == ExecutionRecord.STATE_RUNNING) {
      shard.update(
          new RunKey(namespaceId, base.workflowId(), current.get().runId()),
          tx -> {
            WorkflowEnd.terminate(
                tx,
                "reset: " + request.getReason(),
                Payloads.getDefaultInstance(),
                request.getIdentity());
            return null;
          });
    }
    String newRunId = UUID.randomUUID().toString();
    RunKey next = new RunKey(namespaceId, base.workflowId(), newRunId);
    List<HistoryEvent> kept = events.subList(0, (int) startedId);
    List<HistoryEvent> after = events.subList((int) startedId, events.size());
    shard.create(
        next,
        current.map(CurrentExecution::runId),
        tx -> {
          rebuild(tx, kept, request.getRequestId());
          tx.state().getExecutionBuilder().setNamespace(baseState.getExecution().getNamespace());
          WorkflowTaskInfo task = tx.read().getWorkflowTask();
          tx.state().clearWorkflowTask();
          tx.append(
              HistoryEvent.newBuilder()
                  .setEventType(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
                  .setWorkflowTaskFailedEventAttributes(
                      WorkflowTaskFailedEventAttributes.newBuilder()
                          .setScheduledEventId(task.getScheduledEventId())
                          .setStartedEventId(task.getStartedEventId())
                          .setCause(
                              WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW)
                          .setFailure(
                              Failure.newBuilder()
                                  .setMessage(request.getReason())
                                  .setSource("Server"))
                          .setIdentity(request.getIdentity())
                          .setBaseRunId(base.runId())
                          .setNewRunId(newRunId)));
          armPending(tx);
          Set<ResetReapplyExcludeType> excluded = excludedTypes(request);
          for (HistoryEvent event : after) {
            if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
                && !excluded.contains(ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_SIGNAL)) {
              var s = event.getWorkflowExecutionSignaledEventAttributes();
              Signals.appendSignal(
                  tx, s.getSignalName(), s.getInput(), s.getIdentity(), s.getHeader(), "");
            }
            if (!excluded.contains(ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_UPDATE)) {
              updateRequest(event, events).ifPresent(update -> admitAgain(tx, update));
            }
          }
          WorkflowTasks.scheduleIfNone(tx);
          return null;
        });
    return ResetWorkflowExecutionResponse.newBuilder().setRunId(newRunId).build();
  }

  /**
   * What the reset does not apply again, as Temporal reads the deprecated reapply type: NONE
   * excludes everything, SIGNAL excludes updates, and the exclude list adds to either.
   */
  private static Set<ResetReapplyExcludeType> excludedTypes(ResetWorkflowExecutionRequest request) {
    Set<ResetReapplyExcludeType> excluded = EnumSet.noneOf(ResetReapplyExcludeType.class);
    switch (request.getResetReapplyType()) {
      case RESET_REAPPLY_TYPE_NONE -> {
        excluded.add(ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_SIGNAL);
        excluded.add(ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_UPDATE);
      }
      case RESET_REAPPLY_TYPE_SIGNAL ->
          excluded.add(ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_UPDATE);
      default -> {}
    }
    for (ResetReapplyExcludeType type : request.getResetReapplyExcludeTypesList()) {
      if (type != ResetReapplyExcludeType.UNRECOGNIZED) {
        excluded.add(type);
      }
    }
    return excluded;
  }

  /**
   * The request of an update the base run admitted or accepted after the reset point: an Accepted
   * event carries it, unless the update was itself durably admitted, whose Admitted event does.
   */
  private static Optional<Request> updateRequest(HistoryEvent event, List<HistoryEvent> events) {
    return switch (event.getEventType()) {
      case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED ->
          Optional.of(event.getWorkflowExecutionUpdateAdmittedEventAttributes().getRequest());
      case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED -> {
        var accepted = event.getWorkflowExecutionUpdateAcceptedEventAttributes();
        if (accepted.hasAcceptedRequest()) {
          yield Optional.of(accepted.getAcceptedRequest());
        }
        long admittedId = accepted.getAcceptedRequestSequencingEventId();
        yield admittedId > 0 && admittedId <= events.size()
            ? Optional.of(events.get((int) admittedId - 1))
                .filter(HistoryEvent::hasWorkflowExecutionUpdateAdmittedEventAttributes)
                .map(e -> e.getWorkflowExecutionUpdateAdmittedEventAttributes().getRequest())
            : Optional.empty();
      }
      default -> Optional.empty();
    };
  }

  /**
   * Admits an update of the base run to the new run durably, with an UpdateAdmitted event of origin
   * REAPPLY, as Temporal does; once per update id.
   */
  private static void admitAgain(Transaction tx, Request request) {
    String updateId = request.getMeta().getUpdateId();
    if (tx.read().getUpdatesMap().containsKey(updateId)) {
      return;
    }
    long id =
        tx.append(
            HistoryEvent.newBuilder()
                .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED)
                .setWorkflowExecutionUpdateAdmittedEventAttributes(
                    WorkflowExecutionUpdateAdmittedEventAttributes.newBuilder()
                        .setRequest(request)
                        .setOrigin(
                            UpdateAdmittedEventOrigin.UPDATE_ADMITTED_EVENT_ORIGIN_REAPPLY)));
    tx.state().putUpdates(updateId, UpdateRecord.newBuilder().setAdmittedEventId(id).build());
  }

  /** Copies the kept events and rebuilds the mutable state they describe. */
  private void rebuild(Transaction tx, List<HistoryEvent> events, String requestId) {
    for (HistoryEvent event : events) {
      tx.appendCopy(event);
      apply(tx, event, requestId);
    }
  }

  private void apply(Transaction tx, HistoryEvent event, String requestId) {
    var state = tx.state();
    long id = event.getEventId();
    switch (event.getEventType()) {
      case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> {
        var a = event.getWorkflowExecutionStartedEventAttributes();
        long start = Timestamps.toMillis(event.getEventTime());
        long runTimeout = Durations.toMillis(a.getWorkflowRunTimeout());
        // The namespace name is set by the caller, from the base run.
        ExecutionInfo.Builder info =
            Runs.fromStarted(tx.key(), "", a, requestId)
                .setRunExpirationTimeMs(runTimeout > 0 ? tx.nowMs() + runTimeout : 0)
                .setStartTimeMs(start)
                .setExecutionTimeMs(start);
        state.setExecution(info);
        if (info.getRunExpirationTimeMs() > 0) {
          tx.addTimerTask(
              TimerTask.newBuilder()
                  .setKind(TimerTask.Kind.WORKFLOW_RUN_TIMEOUT)
                  .setNamespaceId(tx.key().namespaceId())
                  .setWorkflowId(tx.key().workflowId())
                  .setRunId(tx.key().runId())
                  .setFireTimeMs(info.getRunExpirationTimeMs())
                  .build());
        }
      }
      case EVENT_TYPE_WORKFLOW_TASK_SCHEDULED ->
          state.setWorkflowTask(
              WorkflowTaskInfo.newBuilder()
                  .setScheduledEventId(id)
                  .setAttempt(event.getWorkflowTaskScheduledEventAttributes().getAttempt())
                  .setTaskQueue(
                      event.getWorkflowTaskScheduledEventAttributes().getTaskQueue().getName())
                  .setStartToCloseTimeoutMs(
                      Durations.toMillis(
                          event
                              .getWorkflowTaskScheduledEventAttributes()
                              .getStartToCloseTimeout())));
      case EVENT_TYPE_WORKFLOW_TASK_STARTED ->
          state.setWorkflowTask(
              state.getWorkflowTask().toBuilder()
                  .setStartedEventId(id)
                  .setStartedTimeMs(Timestamps.toMillis(event.getEventTime())));
      case EVENT_TYPE_WORKFLOW_TASK_COMPLETED ->
          state
              .clearWorkflowTask()
              .setLastCompletedWorkflowTaskStartedEventId(
                  event.getWorkflowTaskCompletedEventAttributes().getStartedEventId());
      case EVENT_TYPE_WORKFLOW_TASK_FAILED, EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT ->
          state.clearWorkflowTask();
      case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> state.putActivities(id, Activities.infoFor(event));
      case EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED -> {
        long scheduled =
            event.getActivityTaskCancelRequestedEventAttributes().getScheduledEventId();
        var info = state.getActivitiesMap().get(scheduled);
        if (info != null) {
          state.putActivities(
              scheduled,
              info.toBuilder().setCancelRequested(true).setCancelRequestedEventId(id).build());
        }
      }
      case EVENT_TYPE_ACTIVITY_TASK_COMPLETED ->
          state.removeActivities(
              event.getActivityTaskCompletedEventAttributes().getScheduledEventId());
      case EVENT_TYPE_ACTIVITY_TASK_FAILED ->
          state.removeActivities(
              event.getActivityTaskFailedEventAttributes().getScheduledEventId());
      case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT ->
          state.removeActivities(
              event.getActivityTaskTimedOutEventAttributes().getScheduledEventId());
      case EVENT_TYPE_ACTIVITY_TASK_CANCELED ->
          state.removeActivities(
              event.getActivityTaskCanceledEventAttributes().getScheduledEventId());
      case EVENT_TYPE_TIMER_STARTED -> {
        var a = event.getTimerStartedEventAttributes();
        state.putTimers(
            a.getTimerId(),
            TimerInfo.newBuilder()
                .setTimerId(a.getTimerId())
                .setStartedEventId(id)
                .setExpiryTimeMs(
                    Timestamps.toMillis(event.getEventTime())
                        + Durations.toMillis(a.getStartToFireTimeout()))
                .build());
      }
      case EVENT_TYPE_TIMER_FIRED ->
          state.removeTimers(event.getTimerFiredEventAttributes().getTimerId());
      case EVENT_TYPE_TIMER_CANCELED ->
          state.removeTimers(event.getTimerCanceledEventAttributes().getTimerId());
      case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED ->
          state.setSignalCount(state.getSignalCount() + 1);
      case EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED ->
          state.getExecutionBuilder().setCancelRequested(true);
      case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED -> {
        var a = event.getStartChildWorkflowExecutionInitiatedEventAttributes();
        state.putChildren(
            id,
            ChildInfo.newBuilder()
                .setInitiatedEventId(id)
                .setInitiatedEvent(event.toByteString())
                .setWorkflowId(a.getWorkflowId())
                .setParentClosePolicy(a.getParentClosePolicyValue())
                .build());
      }
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED -> {
        var a = event.getChildWorkflowExecutionStartedEventAttributes();
        var child = state.getChildrenMap().get(a.getInitiatedEventId());
        if (child != null) {
          state.putChildren(
              a.getInitiatedEventId(),
              child.toBuilder()
                  .setRunId(a.getWorkflowExecution().getRunId())
                  .setStartedEventId(id)
                  .build());
        }
      }
      case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED ->
          state.removeChildren(
              event.getStartChildWorkflowExecutionFailedEventAttributes().getInitiatedEventId());
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED ->
          state.removeChildren(
              event.getChildWorkflowExecutionCompletedEventAttributes().getInitiatedEventId());
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED ->
          state.removeChildren(
              event.getChildWorkflowExecutionFailedEventAttributes().getInitiatedEventId());
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED ->
          state.removeChildren(
              event.getChildWorkflowExecutionCanceledEventAttributes().getInitiatedEventId());
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT ->
          state.removeChildren(
              event.getChildWorkflowExecutionTimedOutEventAttributes().getInitiatedEventId());
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED ->
          state.removeChildren(
              event.getChildWorkflowExecutionTerminatedEventAttributes().getInitiatedEventId());
      case EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
          EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED ->
          state.putExternalRequests(
              id,
              ExternalRequestInfo.newBuilder()
                  .setInitiatedEventId(id)
                  .setInitiatedEvent(event.toByteString())
                  .build());
      case EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED ->
          state.removeExternalRequests(
              event.getExternalWorkflowExecutionSignaledEventAttributes().getInitiatedEventId());
      case EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED ->
          state.removeExternalRequests(
              event
                  .getSignalExternalWorkflowExecutionFailedEventAttributes()
                  .getInitiatedEventId());
      case EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED ->
          state.removeExternalRequests(
              event
                  .getExternalWorkflowExecutionCancelRequestedEventAttributes()
                  .getInitiatedEventId());
      case EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED ->
          state.removeExternalRequests(
              event
                  .getRequestCancelExternalWorkflowExecutionFailedEventAttributes()
                  .getInitiatedEventId());
      case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED ->
          state.putUpdates(
              event
                  .getWorkflowExecutionUpdateAdmittedEventAttributes()
                  .getRequest()
                  .getMeta()
                  .getUpdateId(),
              UpdateRecord.newBuilder().setAdmittedEventId(id).build());
      case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED -> {
        String updateId =
            event.getWorkflowExecutionUpdateAcceptedEventAttributes().getProtocolInstanceId();
        UpdateRecord admitted =
            state.getUpdatesMap().getOrDefault(updateId, UpdateRecord.getDefaultInstance());
        state.putUpdates(updateId, admitted.toBuilder().setAcceptedEventId(id).build());
      }
      case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED -> {
        var a = event.getWorkflowExecutionUpdateCompletedEventAttributes();
        var record = state.getUpdatesMap().get(a.getMeta().getUpdateId());
        if (record != null) {
          state.putUpdates(
              a.getMeta().getUpdateId(),
              record.toBuilder()
                  .setCompletedEventId(id)
                  .setOutcome(a.getOutcome().toByteString())
                  .build());
        }
      }
      default -> {}
    }
  }

  /**
   * Work that was pending at the reset point starts again: activities, timers, children, external
   * calls.
   */
  private void armPending(Transaction tx) {
    var state = tx.read();
    for (var info : List.copyOf(state.getActivitiesMap().values())) {
      var fresh =
          info.toBuilder()
              .setScheduledTimeMs(tx.nowMs())
              .setFirstScheduledTimeMs(tx.nowMs())
              .build();
      tx.state().putActivities(info.getScheduledEventId(), fresh);
      Activities.arm(tx, fresh);
    }
    for (TimerInfo timer : state.getTimersMap().values()) {
      tx.addTimerTask(
          TimerTask.newBuilder()
              .setKind(TimerTask.Kind.USER_TIMER)
              .setNamespaceId(tx.key().namespaceId())
              .setWorkflowId(tx.key().workflowId())
              .setRunId(tx.key().runId())
              .setEventId(timer.getStartedEventId())
              .setTimerId(timer.getTimerId())
              .setFireTimeMs(Math.max(timer.getExpiryTimeMs(), tx.nowMs()))
              .build());
    }
    for (ChildInfo child : state.getChildrenMap().values()) {
      if (child.getRunId().isEmpty()) {
        transfer(tx, TransferTask.Kind.START_CHILD, child.getInitiatedEventId());
      }
    }
    for (ExternalRequestInfo external : state.getExternalRequestsMap().values()) {
      boolean signal =
          HistoryEventType.of(external)
              .equals(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED);
      transfer(
          tx,
          signal ? TransferTask.Kind.SIGNAL_EXTERNAL : TransferTask.Kind.CANCEL_EXTERNAL,
          external.getInitiatedEventId());
    }
  }

  private static void transfer(Transaction tx, TransferTask.Kind kind, long initiatedEventId) {
    tx.addTransferTask(
        TransferTask.newBuilder()
            .setKind(kind)
            .setNamespaceId(tx.key().namespaceId())
            .setWorkflowId(tx.key().workflowId())
            .setRunId(tx.key().runId())
            .setScheduledEventId(initiatedEventId)
            .build());
  }

  /** Reads the type of a stored Initiated event. */
  private static final class HistoryEventType {
    static EventType of(ExternalRequestInfo info) {
      try {
        return HistoryEvent.parseFrom(info.getInitiatedEvent()).getEventType();
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("corrupt stored event", e);
      }
    }
  }
}
