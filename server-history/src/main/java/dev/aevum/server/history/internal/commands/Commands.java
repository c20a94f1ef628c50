package dev.aevum.server.history.internal.commands;

import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.*;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Durations;
import dev.aevum.proto.persistence.TimerInfo;
import dev.aevum.proto.persistence.TimerTask;
import dev.aevum.server.common.EnumNames;
import dev.aevum.server.common.Errors;
import dev.aevum.server.common.validation.Ids;
import dev.aevum.server.common.workflow.Priorities;
import dev.aevum.server.history.HistorySettings;
import dev.aevum.server.history.internal.activity.Activities;
import dev.aevum.server.history.internal.activity.ActivityTimeouts;
import dev.aevum.server.history.internal.child.Children;
import dev.aevum.server.history.internal.execution.Transaction;
import dev.aevum.server.history.internal.retry.RetryPolicies;
import dev.aevum.server.history.internal.workflow.Cron;
import dev.aevum.server.history.internal.workflow.WorkflowEnd;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.ModifyWorkflowPropertiesCommandAttributes;
import io.temporal.api.command.v1.ScheduleActivityTaskCommandAttributes;
import io.temporal.api.command.v1.StartChildWorkflowExecutionCommandAttributes;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Priority;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.ActivityTaskCancelRequestedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskCanceledEventAttributes;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import io.temporal.api.history.v1.TimerCanceledEventAttributes;
import io.temporal.api.history.v1.TimerStartedEventAttributes;
import io.temporal.api.history.v1.UpsertWorkflowSearchAttributesEventAttributes;
import io.temporal.api.history.v1.WorkflowPropertiesModifiedEventAttributes;
import io.temporal.api.sdk.v1.UserMetadata;
import io.temporal.api.taskqueue.v1.TaskQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns the commands of a completed workflow task into events and state. Invalid commands throw
 * {@link CommandFailure}; the caller then discards the whole transition and fails the task.
 */
final class Commands {
  private final HistorySettings settings;
  private final Transaction tx;
  private final long completedEventId;
  private final String identity;
  private final WorkflowEnd end;
  private final CommandNamespaces namespaces;

  /** Set when a command needs the workflow to see a new event in a new task. */
  boolean newTaskNeeded;

  boolean closed;

  /** Activities started in this transition, handed to the completing worker (eager dispatch). */
  final List<Activities.Started> eagerActivities = new ArrayList<>();

  /** Temporal's SDKs reserve at most 3 slots per task; the server bounds what it grants. */
  static final int MAX_EAGER_ACTIVITIES = 10;

  Commands(
      HistorySettings settings,
      Transaction tx,
      long completedEventId,
      String identity,
      WorkflowEnd end,
      CommandNamespaces namespaces) {
    this.end = end;
    this.namespaces = namespaces;
    this.settings = settings;
    this.tx = tx;
    this.completedEventId = completedEventId;
    this.identity = identity;
  }

  static boolean isClose(Command command) {
    return switch (command.getCommandType()) {
      case COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
          COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION,
          COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION,
          COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION ->
          true;
      default -> false;
    };
  }

  void apply(Command command) {
    CommandChecks.scan(command);
    // The summary and details of a command land on the event it records, as in Temporal.
    switch (command.getCommandType()) {
      case COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
          COMMAND_TYPE_START_TIMER,
          COMMAND_TYPE_RECORD_MARKER,
          COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION ->
          tx.attachUserMetadata(command.getUserMetadata());
      default -> {}
    }
    try {
      applyChecked(command);
    } finally {
      tx.attachUserMetadata(UserMetadata.getDefaultInstance());
    }
  }

  private void applyChecked(Command command) {
    switch (command.getCommandType()) {
      case COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK ->
          scheduleActivity(command.getScheduleActivityTaskCommandAttributes());
      case COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK ->
          requestCancelActivity(
              command.getRequestCancelActivityTaskCommandAttributes().getScheduledEventId());
      case COMMAND_TYPE_START_TIMER -> startTimer(command);
      case COMMAND_TYPE_CANCEL_TIMER ->
          cancelTimer(command.getCancelTimerCommandAttributes().getTimerId());
      case COMMAND_TYPE_RECORD_MARKER -> recordMarker(command);
      case COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION -> {
        // Temporal names BAD_SCHEDULE_ACTIVITY_ATTRIBUTES here, a slip; the cause names the command
        // instead.
        checkSize(
            command.getCompleteWorkflowExecutionCommandAttributes().getResult().getSerializedSize(),
            WORKFLOW_TASK_FAILED_CAUSE_BAD_COMPLETE_WORKFLOW_EXECUTION_ATTRIBUTES,
            "CompleteWorkflowExecutionCommandAttributes.Result exceeds size limit.");
        end.complete(
            command.getCompleteWorkflowExecutionCommandAttributes().getResult(), completedEventId);
        closed = true;
      }
      case COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION -> {
        if (!command.getFailWorkflowExecutionCommandAttributes().hasFailure()) {
          throw new CommandFailure(
              WORKFLOW_TASK_FAILED_CAUSE_BAD_FAIL_WORKFLOW_EXECUTION_ATTRIBUTES,
              "Failure is not set on FailWorkflowExecutionCommand.");
        }
        checkSize(
            command.getFailWorkflowExecutionCommandAttributes().getFailure().getSerializedSize(),
            WORKFLOW_TASK_FAILED_CAUSE_BAD_FAIL_WORKFLOW_EXECUTION_ATTRIBUTES,
            "FailWorkflowExecutionCommandAttributes.Failure exceeds size limit.");
        end.fail(
            command.getFailWorkflowExecutionCommandAttributes().getFailure(), completedEventId);
        closed = true;
      }
      case COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION -> {
        end.cancel(
            command.getCancelWorkflowExecutionCommandAttributes().getDetails(), completedEventId);
        closed = true;
      }
      case COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION -> {
        var a =
            CommandChecks.continueAsNew(
                command.getContinueAsNewWorkflowExecutionCommandAttributes(),
                () -> namespaces.customSearchAttributes(tx.key().namespaceId()));
        checkSize(
            a.getInput().getSerializedSize(),
            WORKFLOW_TASK_FAILED_CAUSE_BAD_CONTINUE_AS_NEW_ATTRIBUTES,
            "ContinueAsNewWorkflowExecutionCommandAttributes. Input exceeds size limit.");
        checkSize(
            a.getMemo().getSerializedSize(),
            WORKFLOW_TASK_FAILED_CAUSE_BAD_CONTINUE_AS_NEW_ATTRIBUTES,
            "ContinueAsNewWorkflowExecutionCommandAttributes. Memo exceeds size limit.");
        CommandChecks.searchAttributeSizes(
            a.getSearchAttributes(), WORKFLOW_TASK_FAILED_CAUSE_BAD_CONTINUE_AS_NEW_ATTRIBUTES);
        if (!a.getCronSchedule().isEmpty()) {
          try {
            Cron.validate(a.getCronSchedule(), tx.nowMs());
          } catch (RuntimeException e) {
            throw new CommandFailure(
                WORKFLOW_TASK_FAILED_CAUSE_BAD_CONTINUE_AS_NEW_ATTRIBUTES, "Invalid CronSchedule.");
          }
        }
        end.continueAsNew(a, completedEventId);
        closed = true;
      }
      case COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION ->
          startChild(command.getStartChildWorkflowExecutionCommandAttributes());
      case COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION -> {
        var a = command.getSignalExternalWorkflowExecutionCommandAttributes();
        var cause = WORKFLOW_TASK_FAILED_CAUSE_BAD_SIGNAL_WORKFLOW_EXECUTION_ATTRIBUTES;
        CommandChecks.signalExternal(a);
        var target = namespace(a.getNamespace(), cause);
        checkSize(
            a.getInput().getSerializedSize(),
            WORKFLOW_TASK_FAILED_CAUSE_BAD_SIGNAL_INPUT_SIZE,
            "SignalExternalWorkflowExecutionCommandAttributes.Input exceeds size limit.");
        pendingLimit(
            tx.read().getExternalRequestsCount(),
            WORKFLOW_TASK_FAILED_CAUSE_PENDING_SIGNALS_LIMIT_EXCEEDED,
            "pending signals to external workflows");
        Children.signalExternal(tx, a, target, completedEventId);
      }
      case COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION -> {
        var a = command.getRequestCancelExternalWorkflowExecutionCommandAttributes();
        var cause =
            WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_ATTRIBUTES;
        CommandChecks.cancelExternal(a);
        var target = namespace(a.getNamespace(), cause);
        pendingLimit(
            tx.read().getExternalRequestsCount(),
            WORKFLOW_TASK_FAILED_CAUSE_PENDING_REQUEST_CANCEL_LIMIT_EXCEEDED,
            "pending requests to cancel external workflows");
        Children.cancelExternal(tx, a, target, completedEventId);
      }
      case COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES ->
          upsertSearchAttributes(
              command.getUpsertWorkflowSearchAttributesCommandAttributes().getSearchAttributes());
      case COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES ->
          modifyProperties(command.getModifyWorkflowPropertiesCommandAttributes());
      default ->
          throw new CommandFailure(
              WORKFLOW_TASK_FAILED_CAUSE_UNSPECIFIED,
              "Aevum does not support command " + command.getCommandType() + " yet");
    }
  }

  private void startChild(StartChildWorkflowExecutionCommandAttributes command) {
    var cause = WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES;
    var target = namespace(command.getNamespace(), cause);
    var a = CommandChecks.startChild(command, () -> namespaces.customSearchAttributes(target.id()));
    if (!a.getCronSchedule().isEmpty()) {
      try {
        Cron.validate(a.getCronSchedule(), tx.nowMs());
      } catch (RuntimeException e) {
        throw new CommandFailure(cause, "Invalid CronSchedule.");
      }
    }
    checkSize(
        a.getInput().getSerializedSize(),
        cause,
        "StartChildWorkflowExecutionCommandAttributes. Input exceeds size limit.");
    checkSize(
        a.getMemo().getSerializedSize(),
        cause,
        "StartChildWorkflowExecutionCommandAttributes.Memo exceeds size limit.");
    CommandChecks.searchAttributeSizes(a.getSearchAttributes(), cause);
    pendingLimit(
        tx.read().getChildrenCount(),
        WORKFLOW_TASK_FAILED_CAUSE_PENDING_CHILD_WORKFLOWS_LIMIT_EXCEEDED,
        "pending child workflow executions");
    Children.startChild(tx, a, target, completedEventId);
  }

  /**
   * The namespace a child or external call targets: the workflow's own unless the command names
   * another.
   */
  private Children.Namespace namespace(String name, WorkflowTaskFailedCause cause) {
    var info = tx.read().getExecution();
    if (name.isEmpty() || name.equals(info.getNamespace())) {
      return new Children.Namespace(info.getNamespace(), tx.key().namespaceId());
    }
    return namespaces
        .idOf(name)
        .map(id -> new Children.Namespace(name, id))
        .orElseThrow(() -> new CommandFailure(cause, "Namespace " + name + " is not found."));
  }

  private void pendingLimit(int pending, WorkflowTaskFailedCause cause, String what) {
    if (pending >= settings.pendingActivitiesLimit()) {
      throw new CommandFailure(
          cause,
          "the number of "
              + what
              + ", "
              + pending
              + ", has reached the per-workflow limit of "
              + settings.pendingActivitiesLimit());
    }
  }

  private void checkSize(int size, WorkflowTaskFailedCause cause, String message) {
    if (size > settings.blobSizeLimitBytes()) {
      throw CommandFailure.terminating(cause, message);
    }
  }

  /** Temporal refuses a completion whose close command is not the last one, recording nothing. */
  static void validateSequence(List<Command> commands) {
    for (int i = 0; i < commands.size() - 1; i++) {
      if (isClose(commands.get(i))) {
        String names =
            commands.stream()
                .map(c -> EnumNames.of(c.getCommandType(), "COMMAND_TYPE_"))
                .collect(Collectors.joining(", "));
        throw Errors.invalidArgument(
            "invalid command sequence: ["
                + names
                + "], command "
                + EnumNames.of(commands.get(i).getCommandType(), "COMMAND_TYPE_")
                + " must be the last command.");
      }
    }
  }

  private Priority workflowPriority() {
    try {
      return Priority.parseFrom(tx.read().getExecution().getPriority());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt priority of " + tx.key(), e);
    }
  }

  private void scheduleActivity(ScheduleActivityTaskCommandAttributes a) {
    var cause = WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES;
    if (a.getActivityId().isEmpty()) {
      throw new CommandFailure(cause, "ActivityId is not set on ScheduleActivityTaskCommand.");
    }
    if (Ids.utf8Length(a.getActivityId()) > CommandChecks.MAX_ID_LENGTH) {
      throw new CommandFailure(cause, "ActivityId exceeds length limit.");
    }
    if (a.getActivityType().getName().isEmpty()) {
      throw new CommandFailure(cause, "ActivityType is not set on ScheduleActivityTaskCommand.");
    }
    CommandChecks.scheduleActivity(a);
    if (a.getInput().getSerializedSize() > settings.blobSizeLimitBytes()) {
      throw CommandFailure.terminating(
          cause, "ScheduleActivityTaskCommandAttributes.Input exceeds size limit.");
    }
    for (var info : tx.read().getActivitiesMap().values()) {
      if (info.getActivityId().equals(a.getActivityId())) {
        throw new CommandFailure(
            WORKFLOW_TASK_FAILED_CAUSE_SCHEDULE_ACTIVITY_DUPLICATE_ID,
            "Activity ID " + a.getActivityId() + " already exists.");
      }
    }
    if (tx.read().getActivitiesCount() >= settings.pendingActivitiesLimit()) {
      throw new CommandFailure(
          WORKFLOW_TASK_FAILED_CAUSE_PENDING_ACTIVITIES_LIMIT_EXCEEDED,
          "the number of pending activities, "
              + tx.read().getActivitiesCount()
              + ", has reached the per-workflow limit of "
              + settings.pendingActivitiesLimit());
    }
    ActivityTimeouts timeouts;
    try {
      timeouts =
          ActivityTimeouts.normalize(
              Durations.toMillis(a.getScheduleToCloseTimeout()),
              Durations.toMillis(a.getScheduleToStartTimeout()),
              Durations.toMillis(a.getStartToCloseTimeout()),
              Durations.toMillis(a.getHeartbeatTimeout()),
              tx.read().getExecution().getWorkflowRunTimeoutMs(),
              "ScheduleActivityTaskCommand");
    } catch (ActivityTimeouts.Invalid e) {
      throw new CommandFailure(cause, e.getMessage());
    }
    String queue =
        a.getTaskQueue().getName().isEmpty()
            ? tx.read().getExecution().getTaskQueue()
            : a.getTaskQueue().getName();
    ActivityTaskScheduledEventAttributes.Builder attributes =
        ActivityTaskScheduledEventAttributes.newBuilder()
            .setActivityId(a.getActivityId())
            .setActivityType(a.getActivityType())
            .setTaskQueue(
                TaskQueue.newBuilder().setName(queue).setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL))
            .setInput(a.getInput())
            .setScheduleToCloseTimeout(Durations.fromMillis(timeouts.scheduleToCloseMs()))
            .setScheduleToStartTimeout(Durations.fromMillis(timeouts.scheduleToStartMs()))
            .setStartToCloseTimeout(Durations.fromMillis(timeouts.startToCloseMs()))
            .setHeartbeatTimeout(Durations.fromMillis(timeouts.heartbeatMs()))
            .setWorkflowTaskCompletedEventId(completedEventId)
            .setRetryPolicy(RetryPolicies.withDefaults(a.getRetryPolicy()));
    if (a.hasHeader()) {
      attributes.setHeader(a.getHeader());
    }
    Priority priority = Priorities.inherit(workflowPriority(), a.getPriority());
    if (!priority.equals(Priority.getDefaultInstance())) {
      attributes.setPriority(priority);
    }
    // Eager dispatch, as Temporal does it: an activity for the workflow's own task queue goes to
    // the worker completing this task, started in this very transaction, with no matching hop.
    if (a.getRequestEagerExecution()
        && queue.equals(tx.read().getExecution().getTaskQueue())
        && eagerActivities.size() < MAX_EAGER_ACTIVITIES) {
      eagerActivities.add(
          Activities.scheduleStarted(tx, attributes, "eager-" + completedEventId, identity));
    } else {
      Activities.schedule(tx, attributes);
    }
  }

  private void requestCancelActivity(long scheduledEventId) {
    if (scheduledEventId <= 0) {
      throw new CommandFailure(
          WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES,
          "ScheduledEventId is not set on RequestCancelActivityTaskCommand.");
    }
    var info = tx.read().getActivitiesMap().get(scheduledEventId);
    if (info == null) {
      throw new CommandFailure(
          WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES,
          "Unable to cancel activity: no pending activity with scheduled event id "
              + scheduledEventId);
    }
    long requestedId =
        tx.append(
            HistoryEvent.newBuilder()
                .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED)
                .setActivityTaskCancelRequestedEventAttributes(
                    ActivityTaskCancelRequestedEventAttributes.newBuilder()
                        .setScheduledEventId(scheduledEventId)
                        .setWorkflowTaskCompletedEventId(completedEventId)));
    if (info.getStartedTimeMs() == 0) {
      // Never started: cancel right away, and let the workflow see it.
      tx.append(
          HistoryEvent.newBuilder()
              .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED)
              .setActivityTaskCanceledEventAttributes(
                  ActivityTaskCanceledEventAttributes.newBuilder()
                      .setScheduledEventId(scheduledEventId)
                      .setLatestCancelRequestedEventId(requestedId)
                      .setIdentity(identity)));
      tx.state().removeActivities(scheduledEventId);
      newTaskNeeded = true;
    } else {
      tx.state()
          .putActivities(
              scheduledEventId,
              info.toBuilder()
                  .setCancelRequested(true)
                  .setCancelRequestedEventId(requestedId)
                  .build());
    }
  }

  private void startTimer(Command command) {
    var a = command.getStartTimerCommandAttributes();
    var cause = WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES;
    CommandChecks.timerId(a.getTimerId(), cause, "StartTimerCommand");
    long fireAfter = Durations.toMillis(a.getStartToFireTimeout());
    if (fireAfter <= 0) {
      throw new CommandFailure(
          cause, "A valid StartToFireTimeout is not set on StartTimerCommand.");
    }
    if (tx.read().getTimersMap().containsKey(a.getTimerId())) {
      throw new CommandFailure(
          WORKFLOW_TASK_FAILED_CAUSE_START_TIMER_DUPLICATE_ID,
          "Timer ID " + a.getTimerId() + " already exists.");
    }
    long startedId =
        tx.append(
            HistoryEvent.newBuilder()
                .setEventType(EventType.EVENT_TYPE_TIMER_STARTED)
                .setTimerStartedEventAttributes(
                    TimerStartedEventAttributes.newBuilder()
                        .setTimerId(a.getTimerId())
                        .setStartToFireTimeout(a.getStartToFireTimeout())
                        .setWorkflowTaskCompletedEventId(completedEventId)));
    long fireAt = tx.nowMs() + fireAfter;
    tx.state()
        .putTimers(
            a.getTimerId(),
            TimerInfo.newBuilder()
                .setTimerId(a.getTimerId())
                .setStartedEventId(startedId)
                .setExpiryTimeMs(fireAt)
                .build());
    tx.addTimerTask(
        TimerTask.newBuilder()
            .setKind(TimerTask.Kind.USER_TIMER)
            .setNamespaceId(tx.key().namespaceId())
            .setWorkflowId(tx.key().workflowId())
            .setRunId(tx.key().runId())
            .setEventId(startedId)
            .setTimerId(a.getTimerId())
            .setFireTimeMs(fireAt)
            .build());
  }

  private void cancelTimer(String timerId) {
    CommandChecks.timerId(
        timerId, WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES, "CancelTimerCommand");
    TimerInfo timer = tx.read().getTimersMap().get(timerId);
    if (timer == null) {
      throw new CommandFailure(
          WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES,
          "Unable to cancel timer: no pending timer with id " + timerId);
    }
    tx.append(
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_TIMER_CANCELED)
            .setTimerCanceledEventAttributes(
                TimerCanceledEventAttributes.newBuilder()
                    .setTimerId(timerId)
                    .setStartedEventId(timer.getStartedEventId())
                    .setWorkflowTaskCompletedEventId(completedEventId)
                    .setIdentity(identity)));
    tx.state().removeTimers(timerId);
  }

  private void recordMarker(Command command) {
    var a = command.getRecordMarkerCommandAttributes();
    if (a.getMarkerName().isEmpty()) {
      throw new CommandFailure(
          WORKFLOW_TASK_FAILED_CAUSE_BAD_RECORD_MARKER_ATTRIBUTES,
          "MarkerName is not set on RecordMarkerCommand.");
    }
    if (Ids.utf8Length(a.getMarkerName()) > CommandChecks.MAX_ID_LENGTH) {
      throw new CommandFailure(
          WORKFLOW_TASK_FAILED_CAUSE_BAD_RECORD_MARKER_ATTRIBUTES,
          "MarkerName on RecordMarkerCommand exceeds length limit.");
    }
    checkSize(
        a.getDetailsMap().values().stream().mapToInt(p -> p.getSerializedSize()).sum(),
        WORKFLOW_TASK_FAILED_CAUSE_BAD_RECORD_MARKER_ATTRIBUTES,
        "RecordMarkerCommandAttributes.Details exceeds size limit.");
    MarkerRecordedEventAttributes.Builder marker =
        MarkerRecordedEventAttributes.newBuilder()
            .setMarkerName(a.getMarkerName())
            .putAllDetails(a.getDetailsMap())
            .setWorkflowTaskCompletedEventId(completedEventId);
    if (a.hasHeader()) {
      marker.setHeader(a.getHeader());
    }
    if (a.hasFailure()) {
      marker.setFailure(a.getFailure());
    }
    tx.append(
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_MARKER_RECORDED)
            .setMarkerRecordedEventAttributes(marker));
  }

  private void upsertSearchAttributes(SearchAttributes requested) {
    var cause = WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES;
    if (requested.getIndexedFieldsCount() == 0) {
      throw new CommandFailure(
          cause, "IndexedFields is not set on UpsertWorkflowSearchAttributesCommand.");
    }
    SearchAttributes attributes =
        CommandChecks.searchAttributes(
            requested, () -> namespaces.customSearchAttributes(tx.key().namespaceId()), "", "");
    checkSize(
        attributes.getIndexedFieldsMap().values().stream()
            .mapToInt(p -> p.getSerializedSize())
            .sum(),
        cause,
        "UpsertWorkflowSearchAttributesCommandAttributes exceeds size limit.");
    SearchAttributes merged =
        currentSearchAttributes().toBuilder()
            .putAllIndexedFields(attributes.getIndexedFieldsMap())
            .build();
    CommandChecks.searchAttributeSizes(merged, cause);
    tx.append(
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)
            .setUpsertWorkflowSearchAttributesEventAttributes(
                UpsertWorkflowSearchAttributesEventAttributes.newBuilder()
                    .setSearchAttributes(attributes)
                    .setWorkflowTaskCompletedEventId(completedEventId)));
    tx.state().getExecutionBuilder().setSearchAttributes(merged.toByteString());
  }

  private SearchAttributes currentSearchAttributes() {
    try {
      return SearchAttributes.parseFrom(tx.read().getExecution().getSearchAttributes());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt search attributes", e);
    }
  }

  private void modifyProperties(ModifyWorkflowPropertiesCommandAttributes a) {
    var cause = WORKFLOW_TASK_FAILED_CAUSE_BAD_MODIFY_WORKFLOW_PROPERTIES_ATTRIBUTES;
    if (!a.hasUpsertedMemo()) {
      throw new CommandFailure(
          cause, "UpsertedMemo is not set on ModifyWorkflowPropertiesCommand.");
    }
    if (a.getUpsertedMemo().getFieldsCount() == 0) {
      throw new CommandFailure(
          cause, "UpsertedMemo.Fields is not set on ModifyWorkflowPropertiesCommand.");
    }
    Memo memo = a.getUpsertedMemo();
    checkSize(
        memo.getSerializedSize(),
        cause,
        "ModifyWorkflowPropertiesCommandAttributes. Memo exceeds size limit.");
    tx.append(
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED)
            .setWorkflowPropertiesModifiedEventAttributes(
                WorkflowPropertiesModifiedEventAttributes.newBuilder()
                    .setUpsertedMemo(memo)
                    .setWorkflowTaskCompletedEventId(completedEventId)));
    try {
      var current = Memo.parseFrom(tx.read().getExecution().getMemo()).toBuilder();
      memo.getFieldsMap()
          .forEach(
              (key, value) -> {
                if (isNullPayload(value)) {
                  current.removeFields(key);
                } else {
                  current.putFields(key, value);
                }
              });
      tx.state().getExecutionBuilder().setMemo(current.build().toByteString());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt memo", e);
    }
  }

  /**
   * Temporal's test for a value that removes a memo key: no data (the SDKs' {@code binary/null}),
   * JSON {@code null}, or an empty JSON list.
   */
  private static boolean isNullPayload(Payload value) {
    String data = value.getData().toStringUtf8();
    return value.getData().isEmpty() || data.equals("null") || data.equals("[]");
  }
}
