package dev.aevum.server.history.internal.standalone;

import com.google.protobuf.util.Durations;
import dev.aevum.persistence.CurrentExecution;
import dev.aevum.persistence.CurrentExecutionConditionFailedException;
import dev.aevum.persistence.ExecutionRecord;
import dev.aevum.proto.persistence.ExecutionInfo;
import dev.aevum.server.common.Errors;
import dev.aevum.server.common.activity.StandaloneActivityIds;
import dev.aevum.server.history.internal.activity.Activities;
import dev.aevum.server.history.internal.activity.ActivityTimeouts;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.ShardContext;
import dev.aevum.server.history.internal.execution.Transaction;
import dev.aevum.server.history.internal.retry.RetryPolicies;
import io.temporal.api.enums.v1.ActivityIdConflictPolicy;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.StartActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.StartActivityExecutionResponse;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * StartActivityExecution: a new run holding the one activity, under Temporal's id conflict and
 * reuse policies for activity ids (the same rules as for workflow ids).
 */
public final class StartActivity {
  private static final Set<Integer> FAILED_STATUSES =
      Set.of(
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED_VALUE,
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED_VALUE,
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED_VALUE,
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT_VALUE);

  private StartActivity() {}

  public static StartActivityExecutionResponse start(
      ShardContext shard,
      String namespaceId,
      String namespace,
      StartActivityExecutionRequest request) {
    ActivityTimeouts timeouts;
    try {
      timeouts =
          ActivityTimeouts.normalize(
              Durations.toMillis(request.getScheduleToCloseTimeout()),
              Durations.toMillis(request.getScheduleToStartTimeout()),
              Durations.toMillis(request.getStartToCloseTimeout()),
              Durations.toMillis(request.getHeartbeatTimeout()),
              0,
              "StartActivityExecutionRequest");
    } catch (ActivityTimeouts.Invalid e) {
      throw Errors.invalidArgument(e.getMessage());
    }
    String workflowId = StandaloneActivityIds.runWorkflowId(request.getActivityId());
    for (int round = 0; ; round++) {
      Optional<CurrentExecution> current = shard.current(namespaceId, workflowId);
      Optional<String> expectedCurrent = Optional.empty();
      if (current.isPresent()) {
        CurrentExecution c = current.get();
        if (!request.getRequestId().isEmpty()
            && request.getRequestId().equals(c.createRequestId())) {
          return response(c.runId(), true);
        }
        if (c.state() == ExecutionRecord.STATE_RUNNING) {
          if (request.getIdConflictPolicy()
              == ActivityIdConflictPolicy.ACTIVITY_ID_CONFLICT_POLICY_USE_EXISTING) {
            return response(c.runId(), false);
          }
          throw alreadyStarted("Activity execution is already running.", request, c);
        }
        switch (request.getIdReusePolicy()) {
          case ACTIVITY_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY -> {
            if (!FAILED_STATUSES.contains(c.status())) {
              throw alreadyStarted(
                  "Activity execution already finished successfully; id reuse policy: allow"
                      + " duplicate activity id if last run failed.",
                  request,
                  c);
            }
          }
          case ACTIVITY_ID_REUSE_POLICY_REJECT_DUPLICATE ->
              throw alreadyStarted(
                  "Activity execution already finished; id reuse policy: reject duplicate"
                      + " activity id.",
                  request,
                  c);
          default -> {}
        }
        expectedCurrent = Optional.of(c.runId());
      }
      String runId = UUID.randomUUID().toString();
      try {
        shard.create(
            new RunKey(namespaceId, workflowId, runId),
            expectedCurrent,
            tx -> {
              initialize(tx, namespace, request, timeouts);
              return null;
            });
        return response(runId, true);
      } catch (CurrentExecutionConditionFailedException e) {
        if (round >= 3) {
          throw Errors.unavailable(
              "activity id " + request.getActivityId() + " is being started concurrently, retry");
        }
      }
    }
  }

  private static void initialize(
      Transaction tx,
      String namespace,
      StartActivityExecutionRequest request,
      ActivityTimeouts timeouts) {
    long now = tx.nowMs();
    long delay = Math.max(0, Durations.toMillis(request.getStartDelay()));
    RunKey key = tx.key();
    tx.state()
        .setExecution(
            ExecutionInfo.newBuilder()
                .setNamespaceId(key.namespaceId())
                .setNamespace(namespace)
                .setWorkflowId(key.workflowId())
                .setRunId(key.runId())
                .setFirstExecutionRunId(key.runId())
                .setOriginalExecutionRunId(key.runId())
                .setWorkflowType(request.getActivityType().getName())
                .setTaskQueue(request.getTaskQueue().getName())
                .setStatus(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE)
                .setCreateRequestId(
                    request.getRequestId().isEmpty()
                        ? UUID.randomUUID().toString()
                        : request.getRequestId())
                .setAttempt(1)
                .setSearchAttributes(request.getSearchAttributes().toByteString())
                .setHeader(request.getHeader().toByteString())
                .setStartTimeMs(now)
                .setExecutionTimeMs(now + delay));
    ActivityTaskScheduledEventAttributes.Builder attributes =
        ActivityTaskScheduledEventAttributes.newBuilder()
            .setActivityId(request.getActivityId())
            .setActivityType(request.getActivityType())
            .setTaskQueue(
                TaskQueue.newBuilder()
                    .setName(request.getTaskQueue().getName())
                    .setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL))
            .setInput(request.getInput())
            .setScheduleToCloseTimeout(Durations.fromMillis(timeouts.scheduleToCloseMs()))
            .setScheduleToStartTimeout(Durations.fromMillis(timeouts.scheduleToStartMs()))
            .setStartToCloseTimeout(Durations.fromMillis(timeouts.startToCloseMs()))
            .setHeartbeatTimeout(Durations.fromMillis(timeouts.heartbeatMs()))
            .setRetryPolicy(RetryPolicies.withDefaults(request.getRetryPolicy()));
    if (request.hasHeader()) {
      attributes.setHeader(request.getHeader());
    }
    if (request.hasPriority()) {
      attributes.setPriority(request.getPriority());
    }
    Activities.scheduleStandalone(tx, attributes, request.getUserMetadata(), delay);
  }

  private static StartActivityExecutionResponse response(String runId, boolean started) {
    return StartActivityExecutionResponse.newBuilder().setRunId(runId).setStarted(started).build();
  }

  private static RuntimeException alreadyStarted(
      String message, StartActivityExecutionRequest request, CurrentExecution c) {
    return Errors.activityAlreadyStarted(
        String.format(
            Locale.ROOT,
            "%s ActivityId: %s, RunId: %s.",
            message,
            request.getActivityId(),
            c.runId()),
        c.createRequestId(),
        c.runId());
  }
}
