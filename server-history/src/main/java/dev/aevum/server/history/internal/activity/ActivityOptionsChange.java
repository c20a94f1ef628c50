package dev.aevum.server.history.internal.activity;

import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Durations;
import dev.aevum.proto.persistence.ActivityInfo;
import dev.aevum.server.common.Errors;
import dev.aevum.server.common.validation.RetryPolicyRules;
import io.temporal.api.activity.v1.ActivityOptions;
import io.temporal.api.common.v1.Priority;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.TaskQueue;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * UpdateActivityOptions on one pending activity: the options a field mask names, taken from the
 * request (or all of them restored to what the ActivityTaskScheduled event recorded), normalised as
 * a ScheduleActivityTask command's would be. The mask's paths are those of Temporal's, in
 * snake_case or camelCase.
 */
final class ActivityOptionsChange {
  /** The paths Temporal's server applies. */
  static final List<String> PATHS =
      List.of(
          "taskQueue.name",
          "scheduleToCloseTimeout",
          "scheduleToStartTimeout",
          "startToCloseTimeout",
          "heartbeatTimeout",
          "priority",
          "priority.priorityKey",
          "priority.fairnessKey",
          "priority.fairnessWeight",
          "retryPolicy",
          "retryPolicy.initialInterval",
          "retryPolicy.backoffCoefficient",
          "retryPolicy.maximumInterval",
          "retryPolicy.maximumAttempts",
          // Meaningless for an activity already scheduled; accepted and left alone, as Temporal.
          "startDelay");

  private ActivityOptionsChange() {}

  /**
   * The mask's paths in camelCase.
   *
   * @throws dev.aevum.server.common.ServiceException INVALID_ARGUMENT naming an unknown path
   */
  static Set<String> paths(FieldMask mask) {
    Set<String> paths = new LinkedHashSet<>();
    for (String path : mask.getPathsList()) {
      String camel = camelCase(path);
      if (!PATHS.contains(camel)) {
        throw Errors.invalidArgument(
            "UpdateMask path \"" + path + "\" is not an activity option; known: " + PATHS + ".");
      }
      paths.add(camel);
    }
    if (paths.isEmpty()) {
      throw Errors.invalidArgument("UpdateMask is not provided");
    }
    return paths;
  }

  /** The activity's options now. */
  static ActivityOptions current(ActivityInfo info) {
    ActivityOptions.Builder options =
        ActivityOptions.newBuilder()
            .setTaskQueue(taskQueue(info.getTaskQueue()))
            .setScheduleToCloseTimeout(Durations.fromMillis(info.getScheduleToCloseTimeoutMs()))
            .setScheduleToStartTimeout(Durations.fromMillis(info.getScheduleToStartTimeoutMs()))
            .setStartToCloseTimeout(Durations.fromMillis(info.getStartToCloseTimeoutMs()))
            .setHeartbeatTimeout(Durations.fromMillis(info.getHeartbeatTimeoutMs()))
            .setRetryPolicy(Activities.policy(info));
    ActivityTaskScheduledEventAttributes scheduled = scheduledAttributes(info.getScheduledEvent());
    if (scheduled.hasPriority()) {
      options.setPriority(scheduled.getPriority());
    }
    return options.build();
  }

  /** The options an ActivityTaskScheduled event recorded: what RestoreOriginal goes back to. */
  static ActivityOptions original(HistoryEvent scheduledEvent) {
    var a = scheduledEvent.getActivityTaskScheduledEventAttributes();
    ActivityOptions.Builder options =
        ActivityOptions.newBuilder()
            .setTaskQueue(taskQueue(a.getTaskQueue().getName()))
            .setScheduleToCloseTimeout(a.getScheduleToCloseTimeout())
            .setScheduleToStartTimeout(a.getScheduleToStartTimeout())
            .setStartToCloseTimeout(a.getStartToCloseTimeout())
            .setHeartbeatTimeout(a.getHeartbeatTimeout())
            .setRetryPolicy(a.getRetryPolicy());
    if (a.hasPriority()) {
      options.setPriority(a.getPriority());
    }
    return options.build();
  }

  /** {@code into} with the fields {@code paths} names taken from {@code from}. */
  static ActivityOptions merge(ActivityOptions into, ActivityOptions from, Set<String> paths) {
    // As Temporal: a path into a message the request does not carry is an error.
    requireFor(paths, "taskQueue.", from.hasTaskQueue(), "TaskQueue");
    requireFor(paths, "priority.", from.hasPriority(), "Priority");
    requireFor(paths, "retryPolicy", from.hasRetryPolicy(), "RetryPolicy");
    ActivityOptions.Builder merged = into.toBuilder();
    Priority priority = from.getPriority();
    RetryPolicy retry = from.getRetryPolicy();
    for (String path : paths) {
      switch (path) {
        case "taskQueue.name" -> merged.setTaskQueue(taskQueue(from.getTaskQueue().getName()));
        case "scheduleToCloseTimeout" ->
            merged.setScheduleToCloseTimeout(from.getScheduleToCloseTimeout());
        case "scheduleToStartTimeout" ->
            merged.setScheduleToStartTimeout(from.getScheduleToStartTimeout());
        case "startToCloseTimeout" -> merged.setStartToCloseTimeout(from.getStartToCloseTimeout());
        case "heartbeatTimeout" -> merged.setHeartbeatTimeout(from.getHeartbeatTimeout());
        case "priority" -> merged.setPriority(priority);
        case "priority.priorityKey" ->
            merged.getPriorityBuilder().setPriorityKey(priority.getPriorityKey());
        case "priority.fairnessKey" ->
            merged.getPriorityBuilder().setFairnessKey(priority.getFairnessKey());
        case "priority.fairnessWeight" ->
            merged.getPriorityBuilder().setFairnessWeight(priority.getFairnessWeight());
        case "retryPolicy" -> merged.setRetryPolicy(retry);
        case "retryPolicy.initialInterval" ->
            merged.getRetryPolicyBuilder().setInitialInterval(retry.getInitialInterval());
        case "retryPolicy.backoffCoefficient" ->
            merged.getRetryPolicyBuilder().setBackoffCoefficient(retry.getBackoffCoefficient());
        case "retryPolicy.maximumInterval" ->
            merged.getRetryPolicyBuilder().setMaximumInterval(retry.getMaximumInterval());
        case "retryPolicy.maximumAttempts" ->
            merged.getRetryPolicyBuilder().setMaximumAttempts(retry.getMaximumAttempts());
        default -> {} // startDelay
      }
    }
    return merged.build();
  }

  private static void requireFor(Set<String> paths, String prefix, boolean present, String field) {
    if (!present && paths.stream().anyMatch(p -> p.startsWith(prefix))) {
      throw Errors.invalidArgument(field + " is not provided");
    }
  }

  /**
   * The activity with {@code options} applied (normalised as a ScheduleActivityTask command's; an
   * empty task queue means the workflow's), and the stored scheduled event's copy to match, which
   * later tasks are built from. Returns the options as applied, for the response.
   */
  static Applied apply(
      ActivityInfo info, ActivityOptions options, String workflowTaskQueue, long runTimeoutMs) {
    RetryPolicy policy = RetryPolicyRules.withDefaults(options.getRetryPolicy());
    RetryPolicyRules.validate(policy);
    ActivityTimeouts timeouts;
    try {
      timeouts =
          ActivityTimeouts.normalize(
              Durations.toMillis(options.getScheduleToCloseTimeout()),
              Durations.toMillis(options.getScheduleToStartTimeout()),
              Durations.toMillis(options.getStartToCloseTimeout()),
              Durations.toMillis(options.getHeartbeatTimeout()),
              runTimeoutMs,
              "ActivityOptions");
    } catch (ActivityTimeouts.Invalid e) {
      throw Errors.invalidArgument(e.getMessage());
    }
    String queue =
        options.getTaskQueue().getName().isEmpty()
            ? workflowTaskQueue
            : options.getTaskQueue().getName();
    ActivityOptions.Builder applied =
        ActivityOptions.newBuilder()
            .setTaskQueue(taskQueue(queue))
            .setScheduleToCloseTimeout(Durations.fromMillis(timeouts.scheduleToCloseMs()))
            .setScheduleToStartTimeout(Durations.fromMillis(timeouts.scheduleToStartMs()))
            .setStartToCloseTimeout(Durations.fromMillis(timeouts.startToCloseMs()))
            .setHeartbeatTimeout(Durations.fromMillis(timeouts.heartbeatMs()))
            .setRetryPolicy(policy);
    boolean prioritized =
        options.hasPriority() && !options.getPriority().equals(Priority.getDefaultInstance());
    if (prioritized) {
      applied.setPriority(options.getPriority());
    }
    HistoryEvent.Builder scheduled = scheduledEvent(info.getScheduledEvent()).toBuilder();
    var attributes =
        scheduled
            .getActivityTaskScheduledEventAttributesBuilder()
            .setTaskQueue(applied.getTaskQueue())
            .setScheduleToCloseTimeout(applied.getScheduleToCloseTimeout())
            .setScheduleToStartTimeout(applied.getScheduleToStartTimeout())
            .setStartToCloseTimeout(applied.getStartToCloseTimeout())
            .setHeartbeatTimeout(applied.getHeartbeatTimeout())
            .setRetryPolicy(policy);
    if (prioritized) {
      attributes.setPriority(options.getPriority());
    } else {
      attributes.clearPriority();
    }
    ActivityInfo.Builder changed =
        info.toBuilder()
            .setScheduledEvent(scheduled.build().toByteString())
            .setTaskQueue(queue)
            .setScheduleToCloseTimeoutMs(timeouts.scheduleToCloseMs())
            .setScheduleToStartTimeoutMs(timeouts.scheduleToStartMs())
            .setStartToCloseTimeoutMs(timeouts.startToCloseMs())
            .setHeartbeatTimeoutMs(timeouts.heartbeatMs())
            .setRetryPolicy(policy.toByteString());
    return new Applied(changed, applied.build());
  }

  /** An activity's changed record and the options it now runs with. */
  record Applied(ActivityInfo.Builder info, ActivityOptions options) {}

  private static TaskQueue taskQueue(String name) {
    return TaskQueue.newBuilder()
        .setName(name)
        .setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL)
        .build();
  }

  /** {@code task_queue.name} and {@code taskQueue.name} alike become {@code taskQueue.name}. */
  static String camelCase(String path) {
    StringBuilder out = new StringBuilder(path.length());
    boolean upper = false;
    for (char c : path.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  private static HistoryEvent scheduledEvent(com.google.protobuf.ByteString bytes) {
    try {
      return HistoryEvent.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt scheduled event", e);
    }
  }

  private static ActivityTaskScheduledEventAttributes scheduledAttributes(
      com.google.protobuf.ByteString bytes) {
    return scheduledEvent(bytes).getActivityTaskScheduledEventAttributes();
  }
}
