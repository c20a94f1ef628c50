package dev.aevum.server.history.internal.commands;

import static io.temporal.api.enums.v1.WorkflowTaskFailedCause.*;

import com.google.protobuf.Duration;
import dev.aevum.server.common.ServiceException;
import dev.aevum.server.common.searchattributes.SearchAttributeRules;
import dev.aevum.server.common.validation.Ids;
import dev.aevum.server.common.validation.MessageScan;
import dev.aevum.server.common.validation.RetryPolicyRules;
import dev.aevum.server.history.internal.retry.RetryPolicies;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.ContinueAsNewWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.RequestCancelExternalWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.ScheduleActivityTaskCommandAttributes;
import io.temporal.api.command.v1.SignalExternalWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.StartChildWorkflowExecutionCommandAttributes;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.taskqueue.v1.TaskQueue;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Temporal's checks of command attributes (service/history/api/command_attr_validator.go) that need
 * no mutable state, plus the structural scan every request gets at the frontend. A bad command
 * fails the workflow task with the cause Temporal gives; nothing it names is stored.
 */
final class CommandChecks {
  static final int MAX_ID_LENGTH = Ids.MAX_ID_LENGTH;
  static final String RESERVED_TASK_QUEUE_PREFIX = "/_sys/";
  static final String INTERNAL_PER_NAMESPACE_QUEUE = "temporal-sys-per-ns-tq";

  private CommandChecks() {}

  /** The cause a bad command of this type fails its task with. */
  static WorkflowTaskFailedCause causeOf(CommandType type) {
    return switch (type) {
      case COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK ->
          WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES;
      case COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK ->
          WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES;
      case COMMAND_TYPE_START_TIMER -> WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES;
      case COMMAND_TYPE_CANCEL_TIMER -> WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES;
      case COMMAND_TYPE_RECORD_MARKER -> WORKFLOW_TASK_FAILED_CAUSE_BAD_RECORD_MARKER_ATTRIBUTES;
      case COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION ->
          WORKFLOW_TASK_FAILED_CAUSE_BAD_COMPLETE_WORKFLOW_EXECUTION_ATTRIBUTES;
      case COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION ->
          WORKFLOW_TASK_FAILED_CAUSE_BAD_FAIL_WORKFLOW_EXECUTION_ATTRIBUTES;
      case COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION ->
          WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_WORKFLOW_EXECUTION_ATTRIBUTES;
      case COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION ->
          WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_ATTRIBUTES;
      case COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION ->
          WORKFLOW_TASK_FAILED_CAUSE_BAD_CONTINUE_AS_NEW_ATTRIBUTES;
      case COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION ->
          WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES;
      case COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION ->
          WORKFLOW_TASK_FAILED_CAUSE_BAD_SIGNAL_WORKFLOW_EXECUTION_ATTRIBUTES;
      case COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES ->
          WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES;
      case COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES ->
          WORKFLOW_TASK_FAILED_CAUSE_BAD_MODIFY_WORKFLOW_PROPERTIES_ATTRIBUTES;
      case COMMAND_TYPE_PROTOCOL_MESSAGE ->
          WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE;
      default -> WORKFLOW_TASK_FAILED_CAUSE_UNSPECIFIED;
    };
  }

  /**
   * NUL characters, broken durations and timestamps, over-deep nesting: what the frontend scans in
   * other requests.
   */
  static void scan(Command command) {
    MessageScan.problem(command)
        .ifPresent(
            problem -> {
              throw new CommandFailure(causeOf(command.getCommandType()), problem);
            });
  }

  static void scheduleActivity(ScheduleActivityTaskCommandAttributes a) {
    var cause = WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES;
    if (Ids.utf8Length(a.getActivityType().getName()) > MAX_ID_LENGTH) {
      throw new CommandFailure(cause, "ActivityType exceeds length limit.");
    }
    if (a.hasTaskQueue() && !a.getTaskQueue().getName().isEmpty()) {
      taskQueue(a.getTaskQueue(), cause, "ScheduleActivityTaskCommand");
    }
    if (a.hasRetryPolicy()) {
      retryPolicy(a.getRetryPolicy(), cause, "ScheduleActivityTaskCommand");
    }
  }

  static void timerId(String timerId, WorkflowTaskFailedCause cause, String command) {
    if (timerId.isEmpty()) {
      throw new CommandFailure(cause, "TimerId is not set on " + command + ".");
    }
    int length = Ids.utf8Length(timerId);
    if (length > MAX_ID_LENGTH) {
      throw new CommandFailure(
          cause,
          "TimerId on "
              + command
              + " exceeds length limit. TimerId="
              + timerId
              + " Length="
              + length
              + " Limit="
              + MAX_ID_LENGTH);
    }
  }

  static void signalExternal(SignalExternalWorkflowExecutionCommandAttributes a) {
    var cause = WORKFLOW_TASK_FAILED_CAUSE_BAD_SIGNAL_WORKFLOW_EXECUTION_ATTRIBUTES;
    String command = "SignalExternalWorkflowExecutionCommand";
    if (!a.hasExecution()) {
      throw new CommandFailure(cause, "Execution is not set on " + command + ".");
    }
    target(
        a.getExecution().getWorkflowId(),
        a.getExecution().getRunId(),
        a.getNamespace(),
        cause,
        command);
    if (a.getSignalName().isEmpty()) {
      throw new CommandFailure(
          cause,
          "SignalName is not set on "
              + command
              + ". WorkflowId="
              + a.getExecution().getWorkflowId());
    }
    if (Ids.utf8Length(a.getSignalName()) > MAX_ID_LENGTH) {
      throw new CommandFailure(cause, "SignalName on " + command + " exceeds length limit.");
    }
  }

  static void cancelExternal(RequestCancelExternalWorkflowExecutionCommandAttributes a) {
    target(
        a.getWorkflowId(),
        a.getRunId(),
        a.getNamespace(),
        WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_ATTRIBUTES,
        "RequestCancelExternalWorkflowExecutionCommand");
  }

  /** The workflow an external signal or cancel names. */
  private static void target(
      String workflowId,
      String runId,
      String namespace,
      WorkflowTaskFailedCause cause,
      String command) {
    if (workflowId.isEmpty()) {
      throw new CommandFailure(
          cause,
          "WorkflowId is not set on " + command + ". Namespace=" + namespace + " RunId=" + runId);
    }
    if (Ids.utf8Length(namespace) > MAX_ID_LENGTH) {
      throw new CommandFailure(cause, "Namespace on " + command + " exceeds length limit.");
    }
    int length = Ids.utf8Length(workflowId);
    if (length > MAX_ID_LENGTH) {
      throw new CommandFailure(
          cause,
          "WorkflowId on "
              + command
              + " exceeds length limit. Length="
              + length
              + " Limit="
              + MAX_ID_LENGTH);
    }
    if (!runId.isEmpty() && !Ids.isRunId(runId)) {
      throw new CommandFailure(
          cause,
          "Invalid RunId set on " + command + ". WorkflowId=" + workflowId + " RunId=" + runId);
    }
  }

  /**
   * Checks a child's start and returns it with its search attributes typed by the target namespace.
   */
  static StartChildWorkflowExecutionCommandAttributes startChild(
      StartChildWorkflowExecutionCommandAttributes a,
      Supplier<Map<String, IndexedValueType>> targetAttributes) {
    var cause = WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES;
    String command = "StartChildWorkflowExecutionCommand";
    String where =
        ". WorkflowId="
            + a.getWorkflowId()
            + " WorkflowType="
            + a.getWorkflowType().getName()
            + " Namespace="
            + a.getNamespace();
    if (a.getWorkflowId().isEmpty()) {
      throw new CommandFailure(cause, "Required field WorkflowId is not set on " + command + where);
    }
    if (a.getWorkflowType().getName().isEmpty()) {
      throw new CommandFailure(
          cause, "Required field WorkflowType is not set on " + command + where);
    }
    if (Ids.utf8Length(a.getNamespace()) > MAX_ID_LENGTH) {
      throw new CommandFailure(cause, "Namespace on " + command + " exceeds length limit" + where);
    }
    if (Ids.utf8Length(a.getWorkflowId()) > MAX_ID_LENGTH) {
      throw new CommandFailure(cause, "WorkflowId on " + command + " exceeds length limit" + where);
    }
    if (Ids.utf8Length(a.getWorkflowType().getName()) > MAX_ID_LENGTH) {
      throw new CommandFailure(
          cause, "WorkflowType on " + command + " exceeds length limit" + where);
    }
    timeout("WorkflowExecutionTimeout", a.getWorkflowExecutionTimeout(), cause, command, where);
    timeout("WorkflowRunTimeout", a.getWorkflowRunTimeout(), cause, command, where);
    timeout("WorkflowTaskTimeout", a.getWorkflowTaskTimeout(), cause, command, where);
    if (a.hasRetryPolicy()) {
      retryPolicy(a.getRetryPolicy(), cause, command);
    }
    if (a.hasTaskQueue() && !a.getTaskQueue().getName().isEmpty()) {
      taskQueue(a.getTaskQueue(), cause, command);
    }
    if (!a.hasSearchAttributes()) {
      return a;
    }
    SearchAttributes typed =
        searchAttributes(
            a.getSearchAttributes(),
            targetAttributes,
            "invalid SearchAttributes on StartChildWorkflowCommand: ",
            where);
    return a.toBuilder().setSearchAttributes(typed).build();
  }

  /** Checks a continue-as-new and returns it with its search attributes typed. */
  static ContinueAsNewWorkflowExecutionCommandAttributes continueAsNew(
      ContinueAsNewWorkflowExecutionCommandAttributes a,
      Supplier<Map<String, IndexedValueType>> attributes) {
    var cause = WORKFLOW_TASK_FAILED_CAUSE_BAD_CONTINUE_AS_NEW_ATTRIBUTES;
    String command = "ContinueAsNewWorkflowExecutionCommand";
    String where =
        ". WorkflowType="
            + a.getWorkflowType().getName()
            + " TaskQueue="
            + a.getTaskQueue().getName();
    if (Ids.utf8Length(a.getWorkflowType().getName()) > MAX_ID_LENGTH) {
      throw new CommandFailure(
          cause, "WorkflowType on " + command + " exceeds length limit" + where);
    }
    if (a.hasTaskQueue() && !a.getTaskQueue().getName().isEmpty()) {
      taskQueue(a.getTaskQueue(), cause, command);
    }
    timeout("WorkflowRunTimeout", a.getWorkflowRunTimeout(), cause, command, where);
    timeout("WorkflowTaskTimeout", a.getWorkflowTaskTimeout(), cause, command, where);
    timeout("BackoffStartInterval", a.getBackoffStartInterval(), cause, command, where);
    if (a.hasRetryPolicy()) {
      retryPolicy(a.getRetryPolicy(), cause, command);
    }
    if (!a.hasSearchAttributes()) {
      return a;
    }
    SearchAttributes typed =
        searchAttributes(
            a.getSearchAttributes(),
            attributes,
            "invalid SearchAttributes on ContinueAsNewWorkflowExecutionCommand: ",
            where);
    return a.toBuilder().setSearchAttributes(typed).build();
  }

  /**
   * Temporal's Validate: names and value types; failing it fails the task with
   * BAD_SEARCH_ATTRIBUTES.
   */
  static SearchAttributes searchAttributes(
      SearchAttributes attributes,
      Supplier<Map<String, IndexedValueType>> registered,
      String prefix,
      String suffix) {
    try {
      return SearchAttributeRules.validate(
          attributes, registered.get(), SearchAttributeRules.Limits.defaults());
    } catch (ServiceException e) {
      throw new CommandFailure(
          WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES, prefix + e.getMessage() + suffix);
    }
  }

  /** Temporal's ValidateSize: breaking it terminates the workflow (workflow_size_checker.go). */
  static void searchAttributeSizes(SearchAttributes attributes, WorkflowTaskFailedCause cause) {
    try {
      SearchAttributeRules.validateSize(attributes, SearchAttributeRules.Limits.defaults());
    } catch (ServiceException e) {
      throw CommandFailure.terminating(cause, e.getMessage());
    }
  }

  private static void timeout(
      String name, Duration d, WorkflowTaskFailedCause cause, String command, String where) {
    RetryPolicyRules.durationProblem(d)
        .ifPresent(
            problem -> {
              throw new CommandFailure(
                  cause, "Invalid " + name + " on " + command + ": " + problem + where);
            });
  }

  /** Checked as Temporal does: after its defaults fill the fields the worker left unset. */
  private static void retryPolicy(
      RetryPolicy policy, WorkflowTaskFailedCause cause, String command) {
    try {
      RetryPolicyRules.validate(RetryPolicies.withDefaults(policy));
    } catch (ServiceException e) {
      throw new CommandFailure(cause, "invalid RetryPolicy on " + command + ": " + e.getMessage());
    }
  }

  /** Temporal's tqid.NormalizeAndValidateUserDefined for a named queue. */
  private static void taskQueue(TaskQueue queue, WorkflowTaskFailedCause cause, String command) {
    String name = queue.getName();
    if (Ids.utf8Length(name) > MAX_ID_LENGTH) {
      throw new CommandFailure(
          cause, "invalid TaskQueue on " + command + ": taskQueue length exceeds limit");
    }
    if (name.startsWith(RESERVED_TASK_QUEUE_PREFIX)) {
      throw new CommandFailure(
          cause,
          "invalid TaskQueue on "
              + command
              + ": task queue name cannot start with reserved prefix "
              + RESERVED_TASK_QUEUE_PREFIX);
    }
    if (name.equals(INTERNAL_PER_NAMESPACE_QUEUE)) {
      throw new CommandFailure(
          cause,
          "invalid TaskQueue on "
              + command
              + ": cannot use internal per-namespace task queue:"
              + INTERNAL_PER_NAMESPACE_QUEUE);
    }
  }
}
