package dev.aevum.server.common.activity;

import io.temporal.api.enums.v1.ActivityExecutionStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;

/**
 * Where a standalone activity lives. It is a run of its own, in the namespace that started it,
 * whose workflow id is the activity id behind a prefix no workflow id may take; so activity ids and
 * workflow ids never collide, and tokens, shards and matching route it as any run. Its visibility
 * row sits under a namespace id of its own, so workflow listings never show it.
 */
public final class StandaloneActivityIds {
  /** Begins the run's workflow id. Workflow ids from clients may not begin with it. */
  public static final String PREFIX = "\u0001activity:";

  private static final String VISIBILITY_SUFFIX = "/activities";

  private StandaloneActivityIds() {}

  public static String runWorkflowId(String activityId) {
    return PREFIX + activityId;
  }

  public static boolean isStandalone(String workflowId) {
    return workflowId.startsWith(PREFIX);
  }

  /** The activity id of a standalone activity's run. */
  public static String activityId(String runWorkflowId) {
    return runWorkflowId.substring(PREFIX.length());
  }

  /** The namespace id its visibility rows are listed under. */
  public static String visibilityNamespaceId(String namespaceId) {
    return namespaceId + VISIBILITY_SUFFIX;
  }

  /** The activity status of a run status (the run of a standalone activity never continues). */
  public static ActivityExecutionStatus status(int workflowStatus) {
    WorkflowExecutionStatus status = WorkflowExecutionStatus.forNumber(workflowStatus);
    if (status == null) {
      return ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_UNSPECIFIED;
    }
    return switch (status) {
      case WORKFLOW_EXECUTION_STATUS_RUNNING ->
          ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_RUNNING;
      case WORKFLOW_EXECUTION_STATUS_COMPLETED ->
          ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_COMPLETED;
      case WORKFLOW_EXECUTION_STATUS_FAILED ->
          ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_FAILED;
      case WORKFLOW_EXECUTION_STATUS_CANCELED ->
          ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_CANCELED;
      case WORKFLOW_EXECUTION_STATUS_TERMINATED ->
          ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_TERMINATED;
      case WORKFLOW_EXECUTION_STATUS_TIMED_OUT ->
          ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_TIMED_OUT;
      default -> ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_UNSPECIFIED;
    };
  }
}
