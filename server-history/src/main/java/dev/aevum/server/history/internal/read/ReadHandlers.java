package dev.aevum.server.history.internal.read;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import dev.aevum.proto.persistence.ActivityInfo;
import dev.aevum.proto.persistence.MutableState;
import dev.aevum.server.common.Errors;
import dev.aevum.server.history.HistorySettings;
import dev.aevum.server.history.internal.execution.HistoryReader;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.ShardContext;
import dev.aevum.server.history.internal.execution.Visibility;
import io.temporal.api.activity.v1.ActivityOptions;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.enums.v1.PendingWorkflowTaskState;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.sdk.v1.UserMetadata;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflow.v1.PendingWorkflowTaskInfo;
import io.temporal.api.workflow.v1.WorkflowExecutionConfig;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryReverseRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryReverseResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Read-only calls: history pages (with the long-poll decision left to the caller) and describe. */
public final class ReadHandlers {
  private final HistorySettings settings;

  public ReadHandlers(HistorySettings settings) {
    this.settings = settings;
  }

  /** What a history read found, and whether a long poll should wait and read again. */
  public record HistoryRead(
      GetWorkflowExecutionHistoryResponse response, Optional<RunKey> waitOn) {}

  public HistoryRead history(
      ShardContext shard,
      String namespaceId,
      GetWorkflowExecutionHistoryRequest request,
      boolean mayWait) {
    var execution = request.getExecution();
    Optional<PageToken> token =
        request.getNextPageToken().isEmpty()
            ? Optional.empty()
            : Optional.of(decode(request.getNextPageToken()));
    RunKey key =
        shard.resolve(namespaceId, execution.getWorkflowId(), runOf(execution.getRunId(), token));
    MutableState state =
        shard.read(key).orElseThrow(() -> Errors.notFound("workflow execution not found"));
    boolean running =
        state.getExecution().getStatus()
            == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE;
    boolean wait = mayWait && request.getWaitNewEvent() && running;
    if (request.getHistoryEventFilterType()
        == HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT) {
      if (!running) {
        long closeId = state.getExecution().getCloseEventId();
        List<HistoryEvent> close = HistoryReader.read(shard, key, closeId, closeId + 1);
        return new HistoryRead(
            GetWorkflowExecutionHistoryResponse.newBuilder()
                .setHistory(History.newBuilder().addAllEvents(close))
                .build(),
            Optional.empty());
      }
      return new HistoryRead(
          GetWorkflowExecutionHistoryResponse.newBuilder()
              .setHistory(History.getDefaultInstance())
              .setNextPageToken(token(state.getNextEventId(), key))
              .build(),
          wait ? Optional.of(key) : Optional.empty());
    }
    long from = token.map(PageToken::eventId).orElse(1L);
    if (from > state.getNextEventId()) {
      throw Errors.invalidArgument("Invalid NextPageToken.");
    }
    if (from == state.getNextEventId() && wait) {
      return new HistoryRead(
          GetWorkflowExecutionHistoryResponse.newBuilder()
              .setHistory(History.getDefaultInstance())
              .setNextPageToken(token(from, key))
              .build(),
          Optional.of(key));
    }
    int pageSize = pageSize(request.getMaximumPageSize());
    var page = HistoryReader.page(shard, key, from, state.getNextEventId(), pageSize);
    GetWorkflowExecutionHistoryResponse.Builder response =
        GetWorkflowExecutionHistoryResponse.newBuilder()
            .setHistory(History.newBuilder().addAllEvents(page.events()));
    if (page.nextEventId() != 0) {
      response.setNextPageToken(token(page.nextEventId(), key));
    } else if (request.getWaitNewEvent() && running) {
      response.setNextPageToken(token(state.getNextEventId(), key));
    }
    return new HistoryRead(response.build(), Optional.empty());
  }

  public GetWorkflowExecutionHistoryReverseResponse historyReverse(
      ShardContext shard, String namespaceId, GetWorkflowExecutionHistoryReverseRequest request) {
    var execution = request.getExecution();
    Optional<PageToken> token =
        request.getNextPageToken().isEmpty()
            ? Optional.empty()
            : Optional.of(decode(request.getNextPageToken()));
    RunKey key =
        shard.resolve(namespaceId, execution.getWorkflowId(), runOf(execution.getRunId(), token));
    MutableState state =
        shard.read(key).orElseThrow(() -> Errors.notFound("workflow execution not found"));
    long max = token.map(PageToken::eventId).orElse(state.getNextEventId() - 1);
    if (max >= state.getNextEventId()) {
      throw Errors.invalidArgument("Invalid NextPageToken.");
    }
    var page = HistoryReader.pageReverse(shard, key, max, pageSize(request.getMaximumPageSize()));
    var response =
        GetWorkflowExecutionHistoryReverseResponse.newBuilder()
            .setHistory(History.newBuilder().addAllEvents(page.events()));
    if (page.nextEventId() != 0) {
      response.setNextPageToken(token(page.nextEventId(), key));
    }
    return response.build();
  }

  public DescribeWorkflowExecutionResponse describe(
      ShardContext shard, String namespaceId, DescribeWorkflowExecutionRequest request) {
    var execution = request.getExecution();
    RunKey key = shard.resolve(namespaceId, execution.getWorkflowId(), execution.getRunId());
    MutableState state =
        shard.read(key).orElseThrow(() -> Errors.notFound("workflow execution not found"));
    var e = state.getExecution();
    WorkflowExecutionInfo.Builder info = Visibility.info(key, state);
    DescribeWorkflowExecutionResponse.Builder response =
        DescribeWorkflowExecutionResponse.newBuilder()
            .setExecutionConfig(
                WorkflowExecutionConfig.newBuilder()
                    .setTaskQueue(
                        TaskQueue.newBuilder()
                            .setName(e.getTaskQueue())
                            .setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL))
                    .setWorkflowExecutionTimeout(
                        Durations.fromMillis(e.getWorkflowExecutionTimeoutMs()))
                    .setWorkflowRunTimeout(Durations.fromMillis(e.getWorkflowRunTimeoutMs()))
                    .setDefaultWorkflowTaskTimeout(
                        Durations.fromMillis(e.getDefaultWorkflowTaskTimeoutMs())))
            .setWorkflowExecutionInfo(info);
    if (!e.getUserMetadata().isEmpty()) {
      try {
        response
            .getExecutionConfigBuilder()
            .setUserMetadata(UserMetadata.parseFrom(e.getUserMetadata()));
      } catch (InvalidProtocolBufferException corrupt) {
        throw new IllegalStateException("corrupt user metadata of " + key, corrupt);
      }
    }
    for (ActivityInfo a : state.getActivitiesMap().values()) {
      response.addPendingActivities(pendingActivity(a));
    }
    if (state.hasWorkflowTask()) {
      var t = state.getWorkflowTask();
      PendingWorkflowTaskInfo.Builder task =
          PendingWorkflowTaskInfo.newBuilder()
              .setState(
                  t.getStartedEventId() != 0
                      ? PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED
                      : PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED)
              .setScheduledTime(Timestamps.fromMillis(t.getScheduledTimeMs()))
              .setOriginalScheduledTime(Timestamps.fromMillis(t.getOriginalScheduledTimeMs()))
              .setAttempt(t.getAttempt());
      if (t.getStartedTimeMs() > 0) {
        task.setStartedTime(Timestamps.fromMillis(t.getStartedTimeMs()));
      }
      response.setPendingWorkflowTask(task);
    }
    return response.build();
  }

  private static PendingActivityInfo pendingActivity(ActivityInfo a) {
    HistoryEvent scheduled = parse(a.getScheduledEvent(), HistoryEvent.parser());
    RetryPolicy policy = parse(a.getRetryPolicy(), RetryPolicy.parser());
    PendingActivityInfo.Builder p =
        PendingActivityInfo.newBuilder()
            .setActivityId(a.getActivityId())
            .setActivityType(scheduled.getActivityTaskScheduledEventAttributes().getActivityType())
            .setState(
                a.getCancelRequested()
                    ? PendingActivityState.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED
                    : a.getStartedTimeMs() > 0
                        ? PendingActivityState.PENDING_ACTIVITY_STATE_STARTED
                        : PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED)
            .setAttempt(a.getAttempt())
            .setPaused(a.getPaused())
            .setMaximumAttempts(policy.getMaximumAttempts())
            .setScheduledTime(Timestamps.fromMillis(a.getScheduledTimeMs()))
            .setLastWorkerIdentity(
                a.getStartedIdentity().isEmpty()
                    ? a.getLastWorkerIdentity()
                    : a.getStartedIdentity());
    var scheduledAttributes = scheduled.getActivityTaskScheduledEventAttributes();
    // The options it runs with now (UpdateActivityOptions keeps the stored copy current).
    ActivityOptions.Builder options =
        ActivityOptions.newBuilder()
            .setTaskQueue(scheduledAttributes.getTaskQueue())
            .setScheduleToCloseTimeout(scheduledAttributes.getScheduleToCloseTimeout())
            .setScheduleToStartTimeout(scheduledAttributes.getScheduleToStartTimeout())
            .setStartToCloseTimeout(scheduledAttributes.getStartToCloseTimeout())
            .setHeartbeatTimeout(scheduledAttributes.getHeartbeatTimeout())
            .setRetryPolicy(policy);
    if (scheduledAttributes.hasPriority()) {
      options.setPriority(scheduledAttributes.getPriority());
      p.setPriority(scheduledAttributes.getPriority());
    }
    p.setActivityOptions(options);
    if (a.getLastHeartbeatDetails().size() > 0) {
      p.setHeartbeatDetails(parse(a.getLastHeartbeatDetails(), Payloads.parser()));
    }
    if (a.getLastHeartbeatTimeMs() > 0) {
      p.setLastHeartbeatTime(Timestamps.fromMillis(a.getLastHeartbeatTimeMs()));
    }
    if (a.getStartedTimeMs() > 0) {
      p.setLastStartedTime(Timestamps.fromMillis(a.getStartedTimeMs()));
    }
    if (a.getLastFailure().size() > 0) {
      p.setLastFailure(parse(a.getLastFailure(), Failure.parser()));
    }
    if (a.getScheduleToCloseTimeoutMs() > 0) {
      p.setExpirationTime(
          Timestamps.fromMillis(a.getFirstScheduledTimeMs() + a.getScheduleToCloseTimeoutMs()));
    }
    return p.build();
  }

  private int pageSize(int requested) {
    return requested <= 0
        ? settings.historyMaxPageSize()
        : Math.min(requested, settings.historyMaxPageSize());
  }

  /**
   * A history page token: the next event id to read and the run it belongs to, so that the next
   * page of a call without run id stays on the run of the first page (as Temporal's token does).
   */
  private record PageToken(long eventId, String runId) {}

  private static ByteString token(long eventId, RunKey key) {
    byte[] run = key.runId().getBytes(StandardCharsets.UTF_8);
    return ByteString.copyFrom(
        ByteBuffer.allocate(8 + run.length).putLong(eventId).put(run).array());
  }

  private static PageToken decode(ByteString token) {
    if (token.size() < 8) {
      throw Errors.invalidArgument("Invalid NextPageToken.");
    }
    ByteBuffer buffer = token.asReadOnlyByteBuffer();
    long id = buffer.getLong();
    if (id < 1) {
      throw Errors.invalidArgument("Invalid NextPageToken.");
    }
    byte[] run = new byte[buffer.remaining()];
    buffer.get(run);
    return new PageToken(id, new String(run, StandardCharsets.UTF_8));
  }

  /** The run a read is for: the request's, else the page token's (empty: the current run). */
  private static String runOf(String requested, Optional<PageToken> token) {
    String fromToken = token.map(PageToken::runId).orElse("");
    if (!requested.isEmpty() && !fromToken.isEmpty() && !requested.equals(fromToken)) {
      throw Errors.invalidArgument("RunId in the request does not match the NextPageToken.");
    }
    return requested.isEmpty() ? fromToken : requested;
  }

  private static <T> T parse(ByteString bytes, Parser<T> parser) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException ex) {
      throw new IllegalStateException("corrupt stored blob", ex);
    }
  }
}
