package dev.aevum.sdk.internal.replay;

import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.internal.common.ProtoTime;
import dev.aevum.sdk.internal.common.RetryPolicies;
import dev.aevum.sdk.workflow.ChildWorkflowOptions;
import io.temporal.api.command.v1.CancelTimerCommandAttributes;
import io.temporal.api.command.v1.CancelWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.CompleteWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.ContinueAsNewWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.FailWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.ProtocolMessageCommandAttributes;
import io.temporal.api.command.v1.RecordMarkerCommandAttributes;
import io.temporal.api.command.v1.RequestCancelActivityTaskCommandAttributes;
import io.temporal.api.command.v1.RequestCancelExternalWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.ScheduleActivityTaskCommandAttributes;
import io.temporal.api.command.v1.SignalExternalWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.StartChildWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.StartTimerCommandAttributes;
import io.temporal.api.command.v1.UpsertWorkflowSearchAttributesCommandAttributes;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.taskqueue.v1.TaskQueue;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Builders for the commands a workflow task can return. */
final class Commands {
  /** Marker name and details key used by Temporal's Java SDK for side effects. */
  static final String SIDE_EFFECT_MARKER = "SideEffect";

  static final String MARKER_DATA_KEY = "data";

  /** Marker names and details keys of Temporal's Java SDK, so histories stay readable by both. */
  static final String VERSION_MARKER = "Version";

  static final String VERSION_CHANGE_ID_KEY = "changeId";
  static final String VERSION_KEY = "version";
  static final String MUTABLE_SIDE_EFFECT_MARKER = "MutableSideEffect";
  static final String MUTABLE_ID_KEY = "id";

  private Commands() {}

  static Command marker(String name, Map<String, Payloads> details) {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_RECORD_MARKER)
        .setRecordMarkerCommandAttributes(
            RecordMarkerCommandAttributes.newBuilder().setMarkerName(name).putAllDetails(details))
        .build();
  }

  static final String LOCAL_ACTIVITY_MARKER = "LocalActivity";
  static final String LA_ACTIVITY_ID_KEY = "activityId";
  static final String LA_TYPE_KEY = "type";
  static final String LA_RESULT_KEY = "result";

  static Command localActivityMarker(Map<String, Payloads> details, Optional<Failure> failure) {
    RecordMarkerCommandAttributes.Builder a =
        RecordMarkerCommandAttributes.newBuilder()
            .setMarkerName(LOCAL_ACTIVITY_MARKER)
            .putAllDetails(details);
    failure.ifPresent(a::setFailure);
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_RECORD_MARKER)
        .setRecordMarkerCommandAttributes(a)
        .build();
  }

  static Command protocolMessage(String messageId) {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE)
        .setProtocolMessageCommandAttributes(
            ProtocolMessageCommandAttributes.newBuilder().setMessageId(messageId))
        .build();
  }

  static Command upsertSearchAttributes(SearchAttributes attributes) {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)
        .setUpsertWorkflowSearchAttributesCommandAttributes(
            UpsertWorkflowSearchAttributesCommandAttributes.newBuilder()
                .setSearchAttributes(attributes))
        .build();
  }

  static Command cancelTimer(String timerId) {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_CANCEL_TIMER)
        .setCancelTimerCommandAttributes(
            CancelTimerCommandAttributes.newBuilder().setTimerId(timerId))
        .build();
  }

  static Command requestCancelActivity(long scheduledEventId) {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK)
        .setRequestCancelActivityTaskCommandAttributes(
            RequestCancelActivityTaskCommandAttributes.newBuilder()
                .setScheduledEventId(scheduledEventId))
        .build();
  }

  static Command cancelWorkflow() {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION)
        .setCancelWorkflowExecutionCommandAttributes(
            CancelWorkflowExecutionCommandAttributes.getDefaultInstance())
        .build();
  }

  static Command startChild(
      String namespace,
      String workflowId,
      String workflowType,
      String taskQueue,
      ChildWorkflowOptions options,
      Payloads input) {
    var a =
        StartChildWorkflowExecutionCommandAttributes.newBuilder()
            .setNamespace(namespace)
            .setWorkflowId(workflowId)
            .setWorkflowType(WorkflowType.newBuilder().setName(workflowType))
            .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue))
            .setInput(input)
            .setParentClosePolicy(
                ParentClosePolicy.valueOf(
                    "PARENT_CLOSE_POLICY_" + options.parentClosePolicy().name()));
    options.executionTimeout().ifPresent(d -> a.setWorkflowExecutionTimeout(ProtoTime.toProto(d)));
    options.runTimeout().ifPresent(d -> a.setWorkflowRunTimeout(ProtoTime.toProto(d)));
    options.taskTimeout().ifPresent(d -> a.setWorkflowTaskTimeout(ProtoTime.toProto(d)));
    options.retryOptions().ifPresent(r -> a.setRetryPolicy(RetryPolicies.toProto(r)));
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION)
        .setStartChildWorkflowExecutionCommandAttributes(a)
        .build();
  }

  static Command requestCancelExternal(
      String namespace, String workflowId, String runId, boolean childOnly) {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION)
        .setRequestCancelExternalWorkflowExecutionCommandAttributes(
            RequestCancelExternalWorkflowExecutionCommandAttributes.newBuilder()
                .setNamespace(namespace)
                .setWorkflowId(workflowId)
                .setRunId(runId)
                .setChildWorkflowOnly(childOnly))
        .build();
  }

  static Command signalExternal(
      String namespace,
      String workflowId,
      String runId,
      boolean childOnly,
      String signalName,
      Payloads input) {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION)
        .setSignalExternalWorkflowExecutionCommandAttributes(
            SignalExternalWorkflowExecutionCommandAttributes.newBuilder()
                .setNamespace(namespace)
                .setExecution(
                    WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId))
                .setSignalName(signalName)
                .setInput(input)
                .setChildWorkflowOnly(childOnly))
        .build();
  }

  static Command sideEffectMarker(Payloads value) {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_RECORD_MARKER)
        .setRecordMarkerCommandAttributes(
            RecordMarkerCommandAttributes.newBuilder()
                .setMarkerName(SIDE_EFFECT_MARKER)
                .putDetails(MARKER_DATA_KEY, value))
        .build();
  }

  static Command scheduleActivity(
      String activityId,
      String activityType,
      String defaultTaskQueue,
      ActivityOptions options,
      Payloads input) {
    ScheduleActivityTaskCommandAttributes.Builder a =
        ScheduleActivityTaskCommandAttributes.newBuilder()
            .setActivityId(activityId)
            .setActivityType(ActivityType.newBuilder().setName(activityType))
            .setTaskQueue(
                TaskQueue.newBuilder().setName(options.taskQueue().orElse(defaultTaskQueue)))
            .setInput(input);
    options.startToCloseTimeout().ifPresent(d -> a.setStartToCloseTimeout(ProtoTime.toProto(d)));
    options
        .scheduleToCloseTimeout()
        .ifPresent(d -> a.setScheduleToCloseTimeout(ProtoTime.toProto(d)));
    options
        .scheduleToStartTimeout()
        .ifPresent(d -> a.setScheduleToStartTimeout(ProtoTime.toProto(d)));
    options.heartbeatTimeout().ifPresent(d -> a.setHeartbeatTimeout(ProtoTime.toProto(d)));
    options.retryOptions().ifPresent(r -> a.setRetryPolicy(RetryPolicies.toProto(r)));
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK)
        .setScheduleActivityTaskCommandAttributes(a)
        .build();
  }

  static Command startTimer(String timerId, Duration duration) {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_START_TIMER)
        .setStartTimerCommandAttributes(
            StartTimerCommandAttributes.newBuilder()
                .setTimerId(timerId)
                .setStartToFireTimeout(ProtoTime.toProto(duration)))
        .build();
  }

  static Command continueAsNew(String workflowType, String taskQueue, Payloads input) {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION)
        .setContinueAsNewWorkflowExecutionCommandAttributes(
            ContinueAsNewWorkflowExecutionCommandAttributes.newBuilder()
                .setWorkflowType(WorkflowType.newBuilder().setName(workflowType))
                .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue))
                .setInput(input))
        .build();
  }

  static Command completeWorkflow(Optional<Payloads> result) {
    CompleteWorkflowExecutionCommandAttributes.Builder a =
        CompleteWorkflowExecutionCommandAttributes.newBuilder();
    result.ifPresent(a::setResult);
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION)
        .setCompleteWorkflowExecutionCommandAttributes(a)
        .build();
  }

  static Command failWorkflow(Failure failure) {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION)
        .setFailWorkflowExecutionCommandAttributes(
            FailWorkflowExecutionCommandAttributes.newBuilder().setFailure(failure))
        .build();
  }
}
