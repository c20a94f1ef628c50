package dev.aevum.server.history.internal.standalone;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import dev.aevum.proto.persistence.ActivityInfo;
import dev.aevum.proto.persistence.MutableState;
import dev.aevum.server.common.Errors;
import dev.aevum.server.common.activity.StandaloneActivityIds;
import dev.aevum.server.history.internal.execution.HistoryReader;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.ShardContext;
import io.temporal.api.activity.v1.ActivityExecutionInfo;
import io.temporal.api.activity.v1.ActivityExecutionOutcome;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.enums.v1.ActivityExecutionStatus;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.failure.v1.CanceledFailureInfo;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.failure.v1.TerminatedFailureInfo;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeActivityExecutionResponse;
import java.util.Optional;

/** What a standalone activity's run shows: its description and, once closed, its outcome. */
public final class ActivityExecutions {
  private ActivityExecutions() {}

  /** The run an activity id (and optional run id) names; NotFound when there is none. */
  public static RunKey resolve(
      ShardContext shard, String namespaceId, String activityId, String runId) {
    String workflowId = StandaloneActivityIds.runWorkflowId(activityId);
    if (!runId.isEmpty()) {
      return new RunKey(namespaceId, workflowId, runId);
    }
    return shard
        .current(namespaceId, workflowId)
        .map(c -> new RunKey(namespaceId, workflowId, c.runId()))
        .orElseThrow(() -> notFound(activityId));
  }

  public static MutableState read(ShardContext shard, RunKey key) {
    return shard
        .read(key)
        .orElseThrow(() -> notFound(StandaloneActivityIds.activityId(key.workflowId())));
  }

  static RuntimeException notFound(String activityId) {
    return Errors.notFound("activity execution not found for activity ID \"" + activityId + "\"");
  }

  public static DescribeActivityExecutionResponse describe(
      ShardContext shard, String namespaceId, DescribeActivityExecutionRequest request) {
    RunKey key = resolve(shard, namespaceId, request.getActivityId(), request.getRunId());
    MutableState state = read(shard, key);
    HistoryEvent scheduled = scheduledEvent(shard, key);
    var attributes = scheduled.getActivityTaskScheduledEventAttributes();
    var execution = state.getExecution();
    Optional<ActivityInfo> pending =
        state.getActivitiesMap().values().stream().findFirst(); // the run's one activity
    ActivityExecutionStatus status = StandaloneActivityIds.status(execution.getStatus());
    ActivityExecutionInfo.Builder info =
        ActivityExecutionInfo.newBuilder()
            .setActivityId(attributes.getActivityId())
            .setRunId(key.runId())
            .setActivityType(attributes.getActivityType())
            .setStatus(status)
            .setTaskQueue(attributes.getTaskQueue().getName())
            .setScheduleToCloseTimeout(attributes.getScheduleToCloseTimeout())
            .setScheduleToStartTimeout(attributes.getScheduleToStartTimeout())
            .setStartToCloseTimeout(attributes.getStartToCloseTimeout())
            .setHeartbeatTimeout(attributes.getHeartbeatTimeout())
            .setRetryPolicy(attributes.getRetryPolicy())
            .setScheduleTime(Timestamps.fromMillis(execution.getStartTimeMs()))
            .setExecutionTime(Timestamps.fromMillis(execution.getExecutionTimeMs()))
            .setStateTransitionCount(execution.getStateTransitionCount())
            .setStateSizeBytes(state.getSerializedSize())
            .setSearchAttributes(parse(execution.getSearchAttributes(), SearchAttributes.parser()))
            .setHeader(attributes.getHeader())
            .setPriority(attributes.getPriority());
    if (scheduled.hasUserMetadata()) {
      info.setUserMetadata(scheduled.getUserMetadata());
    }
    long startDelay = execution.getExecutionTimeMs() - execution.getStartTimeMs();
    if (startDelay > 0) {
      info.setStartDelay(Durations.fromMillis(startDelay));
    }
    if (execution.getCloseTimeMs() > 0) {
      info.setCloseTime(Timestamps.fromMillis(execution.getCloseTimeMs()))
          .setExecutionDuration(
              Durations.fromMillis(
                  Math.max(0, execution.getCloseTimeMs() - execution.getExecutionTimeMs())));
    }
    pending.ifPresent(a -> attempt(info, a, status, request.getIncludeHeartbeatDetails()));
    DescribeActivityExecutionResponse.Builder response =
        DescribeActivityExecutionResponse.newBuilder().setRunId(key.runId()).setInfo(info);
    if (request.getIncludeInput()) {
      response.setInput(attributes.getInput());
    }
    if (request.getIncludeOutcome()) {
      outcome(shard, key, state).ifPresent(response::setOutcome);
    }
    return response.build();
  }

  /** What the current (or last) attempt shows. */
  private static void attempt(
      ActivityExecutionInfo.Builder info,
      ActivityInfo a,
      ActivityExecutionStatus status,
      boolean heartbeatDetails) {
    info.setAttempt(a.getAttempt());
    if (a.getFirstScheduledTimeMs() > 0 && a.getScheduleToCloseTimeoutMs() > 0) {
      info.setExpirationTime(
          Timestamps.fromMillis(a.getFirstScheduledTimeMs() + a.getScheduleToCloseTimeoutMs()));
    }
    if (a.getStartedTimeMs() > 0) {
      info.setLastStartedTime(Timestamps.fromMillis(a.getStartedTimeMs()));
    }
    if (a.getLastHeartbeatTimeMs() > 0) {
      info.setLastHeartbeatTime(Timestamps.fromMillis(a.getLastHeartbeatTimeMs()));
    }
    if (heartbeatDetails && a.getLastHeartbeatDetails().size() > 0) {
      info.setHeartbeatDetails(parse(a.getLastHeartbeatDetails(), Payloads.parser()));
    }
    if (a.getLastFailure().size() > 0) {
      info.setLastFailure(parse(a.getLastFailure(), Failure.parser()));
    }
    String worker =
        a.getStartedIdentity().isEmpty() ? a.getLastWorkerIdentity() : a.getStartedIdentity();
    info.setLastWorkerIdentity(worker);
    if (status != ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_RUNNING) {
      return;
    }
    if (a.getCancelRequested()) {
      info.setRunState(PendingActivityState.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED);
    } else if (a.getStartedTimeMs() > 0) {
      info.setRunState(PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
    } else {
      info.setRunState(PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED);
      info.setNextAttemptScheduleTime(Timestamps.fromMillis(a.getScheduledTimeMs()));
    }
  }

  /** The outcome of a closed run, read from its close event; empty while it runs. */
  public static Optional<ActivityExecutionOutcome> outcome(
      ShardContext shard, RunKey key, MutableState state) {
    long closeEventId = state.getExecution().getCloseEventId();
    if (state.getExecution().getCloseTimeMs() == 0 || closeEventId == 0) {
      return Optional.empty();
    }
    var events = HistoryReader.read(shard, key, closeEventId, closeEventId + 1);
    if (events.isEmpty()) {
      throw new IllegalStateException("close event " + closeEventId + " of " + key + " is missing");
    }
    HistoryEvent close = events.get(0);
    ActivityExecutionOutcome.Builder outcome = ActivityExecutionOutcome.newBuilder();
    switch (close.getEventType()) {
      case EVENT_TYPE_ACTIVITY_TASK_COMPLETED ->
          outcome.setResult(close.getActivityTaskCompletedEventAttributes().getResult());
      case EVENT_TYPE_ACTIVITY_TASK_FAILED ->
          outcome.setFailure(close.getActivityTaskFailedEventAttributes().getFailure());
      case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT ->
          outcome.setFailure(close.getActivityTaskTimedOutEventAttributes().getFailure());
      case EVENT_TYPE_ACTIVITY_TASK_CANCELED ->
          outcome.setFailure(
              Failure.newBuilder()
                  .setMessage("activity canceled")
                  .setSource("Server")
                  .setCanceledFailureInfo(
                      CanceledFailureInfo.newBuilder()
                          .setDetails(
                              close.getActivityTaskCanceledEventAttributes().getDetails())));
      case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED ->
          outcome.setFailure(
              Failure.newBuilder()
                  .setMessage(close.getWorkflowExecutionTerminatedEventAttributes().getReason())
                  .setSource("Server")
                  .setTerminatedFailureInfo(TerminatedFailureInfo.getDefaultInstance()));
      default ->
          throw new IllegalStateException(
              "unexpected close event " + close.getEventType() + " of " + key);
    }
    return Optional.of(outcome.build());
  }

  private static HistoryEvent scheduledEvent(ShardContext shard, RunKey key) {
    var events = HistoryReader.read(shard, key, 1, 2);
    if (events.isEmpty() || !events.get(0).hasActivityTaskScheduledEventAttributes()) {
      throw new IllegalStateException("the run " + key + " holds no standalone activity");
    }
    return events.get(0);
  }

  private static <T> T parse(ByteString bytes, Parser<T> parser) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt standalone activity state", e);
    }
  }
}
