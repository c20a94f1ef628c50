package dev.aevum.server.frontend.internal.tasks;

import dev.aevum.server.common.Errors;
import dev.aevum.server.common.activity.StandaloneActivityIds;
import dev.aevum.server.frontend.FrontendSettings;
import dev.aevum.server.frontend.internal.validation.BlobSizes;
import dev.aevum.server.frontend.internal.validation.Fields;
import dev.aevum.server.frontend.internal.validation.TaskQueues;
import io.grpc.Deadline;
import io.temporal.api.enums.v1.DescribeTaskQueueMode;
import io.temporal.api.enums.v1.QueryResultType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.ShutdownWorkerRequest;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Validation of worker-facing requests (polls and task responses), following Temporal's frontend.
 */
public final class TaskRequests {
  /** Temporal's common.MinLongPollTimeout: a poll with less time than this is refused. */
  static final long MIN_LONG_POLL_MILLIS = 2_000;

  /** Temporal's longPollTailRoom: with less time left than this, answer empty without polling. */
  static final long LONG_POLL_TAIL_ROOM_MILLIS = 1_000;

  /** The range of google.protobuf.Duration (about 10 000 years). */
  static final long MAX_PROTO_DURATION_SECONDS = 315_576_000_000L;

  /** Temporal's common.ErrBlobSizeExceedsLimit. */
  static final String BLOB_SIZE_EXCEEDS_LIMIT = "Blob data size exceeds limit.";

  private final FrontendSettings settings;

  public TaskRequests(FrontendSettings settings) {
    this.settings = settings;
  }

  public PollWorkflowTaskQueueRequest pollWorkflow(PollWorkflowTaskQueueRequest request) {
    Fields.namespace(request.getNamespace(), settings.maxIdLength());
    Fields.identity(request.getIdentity(), settings.maxIdLength());
    return request.toBuilder()
        .setTaskQueue(
            TaskQueues.forPoll(
                request.hasTaskQueue(), request.getTaskQueue(), settings.maxIdLength()))
        .build();
  }

  public PollActivityTaskQueueRequest pollActivity(PollActivityTaskQueueRequest request) {
    Fields.namespace(request.getNamespace(), settings.maxIdLength());
    Fields.identity(request.getIdentity(), settings.maxIdLength());
    return request.toBuilder()
        .setTaskQueue(
            TaskQueues.forPoll(
                request.hasTaskQueue(), request.getTaskQueue(), settings.maxIdLength()))
        .build();
  }

  /**
   * Checks the caller's deadline of a long poll.
   *
   * @return true when so little time is left that the poll should answer empty at once
   */
  public static boolean pollNearDeadline(Optional<Deadline> deadline) {
    if (deadline.isEmpty()) {
      throw Errors.invalidArgument("Context timeout is not set.");
    }
    long remaining = deadline.get().timeRemaining(TimeUnit.MILLISECONDS);
    if (remaining < MIN_LONG_POLL_MILLIS) {
      throw Errors.failedPrecondition("Context timeout is too short.");
    }
    return remaining < LONG_POLL_TAIL_ROOM_MILLIS;
  }

  /**
   * Temporal's defaults: the legacy mode describes the workflow queue, and both types are reported.
   */
  public DescribeTaskQueueRequest describeTaskQueue(DescribeTaskQueueRequest request) {
    Fields.namespace(request.getNamespace(), settings.maxIdLength());
    DescribeTaskQueueRequest.Builder out =
        request.toBuilder()
            .setTaskQueue(
                TaskQueues.forPoll(
                    request.hasTaskQueue(), request.getTaskQueue(), settings.maxIdLength()));
    boolean enhanced =
        request.getApiMode() == DescribeTaskQueueMode.DESCRIBE_TASK_QUEUE_MODE_ENHANCED;
    if (request.getTaskQueueType() == TaskQueueType.TASK_QUEUE_TYPE_UNSPECIFIED || enhanced) {
      out.setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW);
    }
    if (request.getTaskQueueTypesCount() == 0) {
      out.addTaskQueueTypes(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
          .addTaskQueueTypes(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY);
    }
    if (enhanced && request.getTaskQueue().getKind() == TaskQueueKind.TASK_QUEUE_KIND_STICKY) {
      throw Errors.invalidArgument(
          "Enhanced DescribeTaskQueue is not valid for a sticky queue, "
              + "use api_mode=UNSPECIFIED or a normal queue.");
    }
    return out.build();
  }

  /**
   * As Temporal, only the namespace is required: a worker that never cached a workflow names no
   * sticky queue, and its shutdown is fine.
   */
  public ShutdownWorkerRequest shutdownWorker(ShutdownWorkerRequest request) {
    Fields.namespace(request.getNamespace(), settings.maxIdLength());
    if (Fields.utf8Length(request.getStickyTaskQueue()) > settings.maxIdLength()) {
      throw Errors.invalidArgument("StickyTaskQueue length exceeds limit");
    }
    return request;
  }

  /**
   * Like Temporal, an oversized query result becomes a failed answer instead of an error to the
   * worker.
   */
  public RespondQueryTaskCompletedRequest queryCompletion(
      RespondQueryTaskCompletedRequest request) {
    if (BlobSizes.exceeds(
        request.getQueryResult().getSerializedSize(), settings.blobSizeLimitError())) {
      return RespondQueryTaskCompletedRequest.newBuilder()
          .setTaskToken(request.getTaskToken())
          .setNamespace(request.getNamespace())
          .setCompletedType(QueryResultType.QUERY_RESULT_TYPE_FAILED)
          .setErrorMessage(BLOB_SIZE_EXCEEDS_LIMIT)
          .build();
    }
    return request;
  }

  public void identity(String identity) {
    Fields.identity(identity, settings.maxIdLength());
  }

  /** The *ById calls name the activity instead of carrying a token. */
  /**
   * @return the workflow id of the run that holds the activity: {@code workflowId}, or without one
   *     the run of the standalone activity {@code activityId}
   */
  public String activityById(
      String namespace, String workflowId, String activityId, String identity) {
    Fields.namespace(namespace, settings.maxIdLength());
    if (activityId.isEmpty()) {
      throw Errors.invalidArgument("ActivityId is not set on request.");
    }
    Fields.identity(identity, settings.maxIdLength());
    if (workflowId.isEmpty()) {
      return StandaloneActivityIds.runWorkflowId(activityId);
    }
    Fields.workflowId(workflowId, settings.maxIdLength());
    return workflowId;
  }

  /**
   * An activity failure reported by a worker must be an application failure with valid retry
   * delays.
   */
  public static void activityFailure(boolean present, Failure failure) {
    if (present && !failure.hasApplicationFailureInfo()) {
      throw Errors.invalidArgument("Failure must have ApplicationFailureInfo.");
    }
    for (Failure current = failure; ; current = current.getCause()) {
      if (current.getApplicationFailureInfo().hasNextRetryDelay()) {
        var delay = current.getApplicationFailureInfo().getNextRetryDelay();
        boolean mixedSigns =
            (delay.getSeconds() > 0 && delay.getNanos() < 0)
                || (delay.getSeconds() < 0 && delay.getNanos() > 0);
        if (mixedSigns
            || Math.abs(delay.getSeconds()) > MAX_PROTO_DURATION_SECONDS
            || Math.abs(delay.getNanos()) >= 1_000_000_000) {
          throw Errors.invalidArgument(
              "NextRetryDelay is not a valid duration: "
                  + delay.getSeconds()
                  + "s "
                  + delay.getNanos()
                  + "ns");
        }
      }
      if (!current.hasCause()) {
        break;
      }
    }
  }
}
