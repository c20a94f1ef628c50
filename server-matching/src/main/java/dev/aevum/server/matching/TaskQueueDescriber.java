package dev.aevum.server.matching;

import dev.aevum.server.common.Errors;
import io.temporal.api.enums.v1.DescribeTaskQueueMode;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueueTypeInfo;
import io.temporal.api.taskqueue.v1.TaskQueueVersionInfo;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueResponse;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * DescribeTaskQueue: the pollers seen lately, in the legacy fields or per build id and type in the
 * enhanced mode. Backlog stats, reachability and task queue status are not reported yet.
 */
final class TaskQueueDescriber {
  private TaskQueueDescriber() {}

  static DescribeTaskQueueResponse describe(
      MatchingEngine engine,
      String namespaceId,
      boolean sticky,
      DescribeTaskQueueRequest describe) {
    String name = describe.getTaskQueue().getName();
    DescribeTaskQueueResponse.Builder response = DescribeTaskQueueResponse.newBuilder();
    if (describe.getApiMode() == DescribeTaskQueueMode.DESCRIBE_TASK_QUEUE_MODE_ENHANCED) {
      // Per build id and type; every poller is unversioned here, so only the "" build id has any.
      Set<String> buildIds = new LinkedHashSet<>();
      if (!describe.hasVersions()
          || describe.getVersions().getUnversioned()
          || describe.getVersions().getAllActive()) {
        buildIds.add("");
      }
      buildIds.addAll(describe.getVersions().getBuildIdsList());
      for (String buildId : buildIds) {
        TaskQueueVersionInfo.Builder version = TaskQueueVersionInfo.newBuilder();
        for (int typeValue : describe.getTaskQueueTypesValueList()) {
          TaskQueueTypeInfo.Builder info = TaskQueueTypeInfo.newBuilder();
          if (buildId.isEmpty() && describe.getReportPollers()) {
            taskType(typeValue, "task_queue_types")
                .ifPresent(
                    type ->
                        info.addAllPollers(
                            engine.recentPollers(new QueueId(namespaceId, name, type, sticky))));
          }
          version.putTypesInfo(typeValue, info.build());
        }
        response.putVersionsInfo(buildId, version.build());
      }
    } else {
      taskType(describe.getTaskQueueTypeValue(), "task_queue_type")
          .ifPresent(
              type ->
                  response.addAllPollers(
                      engine.recentPollers(new QueueId(namespaceId, name, type, sticky))));
    }
    return response.build();
  }

  /**
   * The queue type asked for: unspecified means workflow (as in Temporal); none for Nexus queues,
   * which are not served yet.
   */
  private static Optional<TaskType> taskType(int value, String field) {
    if (value == TaskQueueType.TASK_QUEUE_TYPE_UNSPECIFIED_VALUE
        || value == TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW_VALUE) {
      return Optional.of(TaskType.WORKFLOW);
    }
    if (value == TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY_VALUE) {
      return Optional.of(TaskType.ACTIVITY);
    }
    if (value == TaskQueueType.TASK_QUEUE_TYPE_NEXUS_VALUE) {
      return Optional.empty();
    }
    throw Errors.invalidArgument(field + ": unknown task queue type " + value);
  }
}
