package dev.aevum.server.history.internal.activity;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import dev.aevum.proto.history.RecordTaskStartedRequest;
import dev.aevum.proto.persistence.ActivityInfo;
import dev.aevum.proto.token.TaskToken;
import dev.aevum.server.common.Errors;
import dev.aevum.server.common.activity.StandaloneActivityIds;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.ShardContext;
import dev.aevum.server.history.internal.execution.Transaction;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedResponse;

/** The worker-facing activity calls: start (from matching), heartbeat and the three outcomes. */
public final class ActivityHandler {
  private final int blobSizeLimitBytes;

  public ActivityHandler(int blobSizeLimitBytes) {
    this.blobSizeLimitBytes = blobSizeLimitBytes;
  }

  public PollActivityTaskQueueResponse recordStarted(
      ShardContext shard, RecordTaskStartedRequest request) {
    RunKey key = new RunKey(request.getNamespaceId(), request.getWorkflowId(), request.getRunId());
    return shard.update(
        key,
        tx -> {
          ActivityInfo info = tx.read().getActivitiesMap().get(request.getScheduledEventId());
          if (!tx.isRunning()
              || info == null
              || (request.getAttempt() != 0 && info.getAttempt() != request.getAttempt())
              // queued before UpdateActivityOptions moved the activity to another task queue
              || (!request.getTaskQueue().isEmpty()
                  && !request.getTaskQueue().equals(info.getTaskQueue()))) {
            throw Errors.notFound("Activity task not found.");
          }
          if (info.getStartedTimeMs() != 0) {
            if (!info.getRequestId().equals(request.getRequestId())) {
              throw Errors.alreadyExists("Activity task already started.");
            }
          } else if (info.getScheduledTimeMs() > tx.nowMs() || info.getPaused()) {
            // A retry whose backoff has not elapsed yet, or a paused activity, is not dispatchable.
            throw Errors.notFound("Activity task not found.");
          } else {
            info = Activities.start(tx, info, request.getRequestId(), request.getIdentity());
          }
          return pollResponse(tx.key(), tx.read().getExecution().getWorkflowType(), info);
        });
  }

  /** The task a worker gets for a started activity attempt (from a poll, or eagerly). */
  public static PollActivityTaskQueueResponse pollResponse(
      RunKey key, String workflowType, ActivityInfo info) {
    HistoryEvent scheduled;
    try {
      scheduled = HistoryEvent.parseFrom(info.getScheduledEvent());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(
          "corrupt scheduled event of activity " + info.getActivityId(), e);
    }
    return pollResponse(
        key, workflowType, info, scheduled.getActivityTaskScheduledEventAttributes());
  }

  /**
   * As {@link #pollResponse(RunKey, String, ActivityInfo)} with the scheduled event's attributes
   * {@code a}.
   */
  public static PollActivityTaskQueueResponse pollResponse(
      RunKey key, String workflowType, ActivityInfo info, ActivityTaskScheduledEventAttributes a) {
    TaskToken token =
        TaskToken.newBuilder()
            .setKind(TaskToken.Kind.ACTIVITY_TASK)
            .setNamespaceId(key.namespaceId())
            .setWorkflowId(key.workflowId())
            .setRunId(key.runId())
            .setScheduledEventId(info.getScheduledEventId())
            .setAttempt(info.getAttempt())
            .setActivityId(info.getActivityId())
            .setStartedTimeMs(info.getStartedTimeMs())
            .build();
    PollActivityTaskQueueResponse.Builder response =
        PollActivityTaskQueueResponse.newBuilder()
            .setTaskToken(ByteString.copyFrom(token.toByteArray()))
            .setActivityType(a.getActivityType())
            .setActivityId(a.getActivityId())
            .setInput(a.getInput())
            .setScheduledTime(Timestamps.fromMillis(info.getFirstScheduledTimeMs()))
            .setCurrentAttemptScheduledTime(Timestamps.fromMillis(info.getScheduledTimeMs()))
            .setStartedTime(Timestamps.fromMillis(info.getStartedTimeMs()))
            .setAttempt(info.getAttempt())
            .setScheduleToCloseTimeout(a.getScheduleToCloseTimeout())
            .setStartToCloseTimeout(a.getStartToCloseTimeout())
            .setHeartbeatTimeout(a.getHeartbeatTimeout())
            .setRetryPolicy(a.getRetryPolicy());
    if (StandaloneActivityIds.isStandalone(key.workflowId())) {
      // No workflow: the worker's activity info names the activity's own run instead.
      response.setActivityRunId(key.runId());
    } else {
      response
          .setWorkflowType(WorkflowType.newBuilder().setName(workflowType))
          .setWorkflowExecution(
              WorkflowExecution.newBuilder().setWorkflowId(key.workflowId()).setRunId(key.runId()));
    }
    if (a.hasHeader()) {
      response.setHeader(a.getHeader());
    }
    if (info.getLastHeartbeatDetails().size() > 0) {
      response.setHeartbeatDetails(Activities.payloads(info.getLastHeartbeatDetails()));
    }
    if (a.hasPriority()) {
      response.setPriority(a.getPriority());
    }
    if (Durations.toMillis(a.getScheduleToCloseTimeout()) == 0) {
      response.clearScheduleToCloseTimeout();
    }
    return response.build();
  }

  public RecordActivityTaskHeartbeatResponse heartbeat(
      ShardContext shard, TaskToken token, RecordActivityTaskHeartbeatRequest request) {
    checkSize(request.getDetails(), "Details");
    return shard.update(
        key(shard, token),
        tx -> {
          ActivityInfo info = startedActivity(tx, token);
          Activities.heartbeat(tx, info, request.getDetails());
          return RecordActivityTaskHeartbeatResponse.newBuilder()
              .setCancelRequested(info.getCancelRequested())
              .setActivityPaused(info.getPaused())
              .setActivityReset(info.getResetRequested())
              .build();
        });
  }

  public RespondActivityTaskCompletedResponse complete(
      ShardContext shard, TaskToken token, RespondActivityTaskCompletedRequest request) {
    checkSize(request.getResult(), "Result");
    shard.update(
        key(shard, token),
        tx -> {
          Activities.complete(
              tx, startedActivity(tx, token), request.getResult(), request.getIdentity());
          return null;
        });
    return RespondActivityTaskCompletedResponse.getDefaultInstance();
  }

  public RespondActivityTaskFailedResponse fail(
      ShardContext shard, TaskToken token, RespondActivityTaskFailedRequest request) {
    if (request.getFailure().getSerializedSize() > blobSizeLimitBytes) {
      throw Errors.invalidArgument("Failure exceeds size limit.");
    }
    checkSize(request.getLastHeartbeatDetails(), "LastHeartbeatDetails");
    Failure failure =
        request.hasFailure()
            ? request.getFailure()
            : Failure.newBuilder().setMessage("failed").build();
    shard.update(
        key(shard, token),
        tx -> {
          Activities.fail(
              tx,
              startedActivity(tx, token),
              failure,
              request.getLastHeartbeatDetails(),
              request.getIdentity());
          return null;
        });
    return RespondActivityTaskFailedResponse.getDefaultInstance();
  }

  public RespondActivityTaskCanceledResponse cancel(
      ShardContext shard, TaskToken token, RespondActivityTaskCanceledRequest request) {
    checkSize(request.getDetails(), "Details");
    shard.update(
        key(shard, token),
        tx -> {
          Activities.canceled(
              tx, startedActivity(tx, token), request.getDetails(), request.getIdentity());
          return null;
        });
    return RespondActivityTaskCanceledResponse.getDefaultInstance();
  }

  private static RunKey key(ShardContext shard, TaskToken token) {
    return shard.resolve(token.getNamespaceId(), token.getWorkflowId(), token.getRunId());
  }

  /** The started activity a token (or, without scheduled event id, an activity id) names. */
  private static ActivityInfo startedActivity(Transaction tx, TaskToken token) {
    if (!tx.isRunning()) {
      throw Errors.notFound("workflow execution already completed");
    }
    ActivityInfo info = null;
    boolean byId = token.getScheduledEventId() == 0;
    if (byId) {
      for (ActivityInfo candidate : tx.read().getActivitiesMap().values()) {
        if (candidate.getActivityId().equals(token.getActivityId())) {
          info = candidate;
        }
      }
    } else {
      info = tx.read().getActivitiesMap().get(token.getScheduledEventId());
    }
    if (info == null
        || info.getStartedTimeMs() == 0
        || (!byId
            && (info.getAttempt() != token.getAttempt()
                || (token.getStartedTimeMs() != 0
                    && info.getStartedTimeMs() != token.getStartedTimeMs())))) {
      throw Errors.notFound("Activity task not found.");
    }
    return info;
  }

  private void checkSize(Payloads payloads, String field) {
    if (payloads.getSerializedSize() > blobSizeLimitBytes) {
      throw Errors.invalidArgument(field + " exceeds size limit.");
    }
  }
}
