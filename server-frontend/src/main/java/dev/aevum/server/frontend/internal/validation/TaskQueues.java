package dev.aevum.server.frontend.internal.validation;

import dev.aevum.server.common.Errors;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.taskqueue.v1.TaskQueue;

/** Task queue validation and defaults, following Temporal's tqid.NormalizeAndValidate. */
public final class TaskQueues {
  /** Partition names live under this prefix; users may not name a queue like that. */
  static final String RESERVED_PREFIX = "/_sys/";

  /** The queue of Temporal's per-namespace system workers. */
  static final String INTERNAL_PER_NAMESPACE_QUEUE = "temporal-sys-per-ns-tq";

  private TaskQueues() {}

  /**
   * A queue named by a user (start, schedule activity): like {@link #forPoll} plus no system
   * queues.
   */
  public static TaskQueue userDefined(boolean present, TaskQueue taskQueue, int maxIdLength) {
    TaskQueue normalized = forPoll(present, taskQueue, maxIdLength);
    if (normalized.getName().equals(INTERNAL_PER_NAMESPACE_QUEUE)) {
      throw Errors.invalidArgument(
          "cannot use internal per-namespace task queue:" + INTERNAL_PER_NAMESPACE_QUEUE);
    }
    return normalized;
  }

  /** A queue a worker polls: a root queue or a sticky queue; kind defaults to NORMAL. */
  public static TaskQueue forPoll(boolean present, TaskQueue taskQueue, int maxIdLength) {
    if (!present) {
      throw Errors.invalidArgument("taskQueue is not set");
    }
    if (taskQueue.getName().isEmpty()) {
      throw Errors.invalidArgument("missing task queue name");
    }
    name(taskQueue.getName(), maxIdLength, true);
    TaskQueue.Builder normalized = taskQueue.toBuilder();
    if (taskQueue.getKind() == TaskQueueKind.TASK_QUEUE_KIND_UNSPECIFIED) {
      normalized.setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL);
    }
    if (taskQueue.getKind() == TaskQueueKind.TASK_QUEUE_KIND_STICKY
        && !taskQueue.getNormalName().isEmpty()) {
      // Old SDKs send no normal name; Temporal accepts that.
      name(taskQueue.getNormalName(), maxIdLength, false);
    }
    return normalized.build();
  }

  private static void name(String name, int maxIdLength, boolean root) {
    if (Fields.utf8Length(name) > maxIdLength) {
      throw Errors.invalidArgument("taskQueue length exceeds limit");
    }
    if (root && name.startsWith(RESERVED_PREFIX)) {
      throw Errors.invalidArgument(
          "task queue name cannot start with reserved prefix " + RESERVED_PREFIX);
    }
  }
}
