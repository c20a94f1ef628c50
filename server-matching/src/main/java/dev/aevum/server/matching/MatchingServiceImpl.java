package dev.aevum.server.matching;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.aevum.proto.matching.AddTaskRequest;
import dev.aevum.proto.matching.AddTaskResponse;
import dev.aevum.proto.matching.DescribeTaskQueueRequest;
import dev.aevum.proto.matching.MatchingServiceGrpc;
import dev.aevum.proto.matching.PollResponse;
import dev.aevum.proto.matching.QueryTaskRequest;
import dev.aevum.proto.matching.QueryTaskResponse;
import dev.aevum.proto.matching.RespondQueryTaskRequest;
import dev.aevum.proto.matching.RespondQueryTaskResponse;
import dev.aevum.proto.matching.StickyWorkerShutDownRequest;
import dev.aevum.proto.matching.StickyWorkerShutDownResponse;
import dev.aevum.proto.persistence.BacklogTask;
import dev.aevum.proto.token.TaskToken;
import dev.aevum.server.common.Errors;
import dev.aevum.server.common.Rpc;
import dev.aevum.server.common.api.CallScope;
import dev.aevum.server.common.api.TaskPollApi;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.util.UUID;

/** The gRPC edge of matching: validates and decodes requests, then hands them to the engine. */
final class MatchingServiceImpl extends MatchingServiceGrpc.MatchingServiceImplBase {
  private final MatchingEngine engine;

  MatchingServiceImpl(MatchingEngine engine) {
    this.engine = engine;
  }

  @Override
  public void addWorkflowTask(AddTaskRequest request, StreamObserver<AddTaskResponse> observer) {
    addTask(TaskType.WORKFLOW, request, observer);
  }

  @Override
  public void addActivityTask(AddTaskRequest request, StreamObserver<AddTaskResponse> observer) {
    addTask(TaskType.ACTIVITY, request, observer);
  }

  /** The long polls ({@link TaskPollApi}), a service of their own with the public messages. */
  ServerServiceDefinition pollService() {
    var service =
        ServerServiceDefinition.builder(TaskPollApi.descriptor())
            .addMethod(
                TaskPollApi.POLL_WORKFLOW_TASK_QUEUE,
                ServerCalls.asyncUnaryCall(
                    (PollWorkflowTaskQueueRequest request,
                        StreamObserver<PollWorkflowTaskQueueResponse> observer) ->
                        poll(
                            TaskType.WORKFLOW,
                            request.getTaskQueue(),
                            request.getIdentity(),
                            RecentPollers.DEFAULT_RATE_PER_SECOND,
                            observer,
                            PollWorkflowTaskQueueResponse.getDefaultInstance())))
            .addMethod(
                TaskPollApi.POLL_ACTIVITY_TASK_QUEUE,
                ServerCalls.asyncUnaryCall(
                    (PollActivityTaskQueueRequest request,
                        StreamObserver<PollActivityTaskQueueResponse> observer) ->
                        poll(
                            TaskType.ACTIVITY,
                            request.getTaskQueue(),
                            request.getIdentity(),
                            request.getTaskQueueMetadata().hasMaxTasksPerSecond()
                                ? request.getTaskQueueMetadata().getMaxTasksPerSecond().getValue()
                                : RecentPollers.DEFAULT_RATE_PER_SECOND,
                            observer,
                            PollActivityTaskQueueResponse.getDefaultInstance())))
            .build();
    return ServerInterceptors.intercept(service, CallScope.serverInterceptor());
  }

  @Override
  public void queryWorkflow(QueryTaskRequest request, StreamObserver<QueryTaskResponse> observer) {
    try {
      requireNonEmpty(request.getNamespaceId(), "namespace_id");
      requireNonEmpty(request.getTaskQueue(), "task_queue");
      requireNonEmpty(request.getWorkflowId(), "workflow_id");
      boolean sticky = sticky(request.getTaskQueueKind(), "task_queue_kind");
      PollWorkflowTaskQueueResponse prepared;
      try {
        prepared = PollWorkflowTaskQueueResponse.parseFrom(request.getPollResponse());
      } catch (InvalidProtocolBufferException e) {
        throw Errors.invalidArgument(
            "poll_response: not a valid PollWorkflowTaskQueueResponse: " + e.getMessage());
      }
      String queryTaskId = UUID.randomUUID().toString();
      TaskToken token =
          TaskToken.newBuilder()
              .setKind(TaskToken.Kind.QUERY_TASK)
              .setNamespaceId(request.getNamespaceId())
              .setWorkflowId(request.getWorkflowId())
              .setRunId(request.getRunId())
              .setQueryTaskId(queryTaskId)
              .build();
      QueryTask task =
          new QueryTask(
              queryTaskId,
              request.getNamespaceId(),
              prepared.toBuilder().setTaskToken(token.toByteString()).build(),
              observer);
      QueueId id =
          new QueueId(request.getNamespaceId(), request.getTaskQueue(), TaskType.WORKFLOW, sticky);
      engine.query(id, task, (ServerCallStreamObserver<QueryTaskResponse>) observer);
    } catch (Throwable t) {
      Rpc.fail(observer, t);
    }
  }

  @Override
  public void respondQueryTaskCompleted(
      RespondQueryTaskRequest request, StreamObserver<RespondQueryTaskResponse> observer) {
    Rpc.unary(
        observer,
        () -> {
          requireNonEmpty(request.getNamespaceId(), "namespace_id");
          requireNonEmpty(request.getQueryTaskId(), "query_task_id");
          engine.respondQuery(
              request.getNamespaceId(), request.getQueryTaskId(), request.getCompletion());
          return RespondQueryTaskResponse.getDefaultInstance();
        });
  }

  @Override
  public void describeTaskQueue(
      DescribeTaskQueueRequest request, StreamObserver<PollResponse> observer) {
    Rpc.unary(
        observer,
        () -> {
          requireNonEmpty(request.getNamespaceId(), "namespace_id");
          io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest describe;
          try {
            describe =
                io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest.parseFrom(
                    request.getRequest());
          } catch (InvalidProtocolBufferException e) {
            throw Errors.invalidArgument(
                "request: not a valid DescribeTaskQueueRequest: " + e.getMessage());
          }
          requireNonEmpty(describe.getTaskQueue().getName(), "task_queue.name");
          boolean sticky = sticky(describe.getTaskQueue().getKindValue(), "task_queue.kind");
          DescribeTaskQueueResponse response =
              TaskQueueDescriber.describe(engine, request.getNamespaceId(), sticky, describe);
          return PollResponse.newBuilder().setResponse(response.toByteString()).build();
        });
  }

  @Override
  public void stickyWorkerShutDown(
      StickyWorkerShutDownRequest request, StreamObserver<StickyWorkerShutDownResponse> observer) {
    Rpc.unary(
        observer,
        () -> {
          requireNonEmpty(request.getNamespaceId(), "namespace_id");
          requireNonEmpty(request.getTaskQueue(), "task_queue");
          engine.workerShutDown(
              new QueueId(
                  request.getNamespaceId(), request.getTaskQueue(), TaskType.WORKFLOW, true));
          return StickyWorkerShutDownResponse.getDefaultInstance();
        });
  }

  private void addTask(
      TaskType type, AddTaskRequest request, StreamObserver<AddTaskResponse> observer) {
    Reply reply = new Reply(observer);
    try {
      requireNonEmpty(request.getNamespaceId(), "namespace_id");
      requireNonEmpty(request.getTaskQueue(), "task_queue");
      requireNonEmpty(request.getWorkflowId(), "workflow_id");
      requireNonEmpty(request.getRunId(), "run_id");
      if (request.getScheduledEventId() <= 0) {
        throw Errors.invalidArgument(
            "scheduled_event_id must be positive, got " + request.getScheduledEventId());
      }
      if (request.getScheduleToStartTimeoutMs() < 0) {
        throw Errors.invalidArgument(
            "schedule_to_start_timeout_ms must not be negative, got "
                + request.getScheduleToStartTimeoutMs());
      }
      boolean sticky = sticky(request.getTaskQueueKind(), "task_queue_kind");
      if (sticky && type == TaskType.ACTIVITY) {
        throw Errors.invalidArgument("task_queue_kind: activity task queues cannot be sticky");
      }
      long now = engine.env().clock().millis();
      long timeout = request.getScheduleToStartTimeoutMs();
      BacklogTask data =
          BacklogTask.newBuilder()
              .setNamespaceId(request.getNamespaceId())
              .setWorkflowId(request.getWorkflowId())
              .setRunId(request.getRunId())
              .setScheduledEventId(request.getScheduledEventId())
              .setAttempt(request.getAttempt())
              .setCreateTimeMs(now)
              .setExpiryTimeMs(timeout > 0 ? now + timeout : 0)
              .build();
      QueueId id = new QueueId(request.getNamespaceId(), request.getTaskQueue(), type, sticky);
      engine.addTask(id, data, request.getNamespace(), reply);
    } catch (Throwable t) {
      reply.fail(t);
    }
  }

  private <R extends Message> void poll(
      TaskType type,
      TaskQueue taskQueue,
      String identity,
      double ratePerSecond,
      StreamObserver<R> observer,
      R empty) {
    try {
      CallScope scope = CallScope.current();
      requireNonEmpty(scope.namespaceId(), "namespace_id");
      requireNonEmpty(taskQueue.getName(), "task_queue.name");
      boolean sticky =
          type == TaskType.WORKFLOW && sticky(taskQueue.getKindValue(), "task_queue.kind");
      Poller poller =
          new Poller(observer, empty, scope.pollerId(), identity, scope.namespace(), ratePerSecond);
      QueueId id = new QueueId(scope.namespaceId(), taskQueue.getName(), type, sticky);
      engine.poll(id, poller, (ServerCallStreamObserver<R>) observer);
    } catch (Throwable t) {
      Rpc.fail(observer, t);
    }
  }

  private static boolean sticky(int kind, String field) {
    if (kind == TaskQueueKind.TASK_QUEUE_KIND_STICKY_VALUE) {
      return true;
    }
    if (kind == TaskQueueKind.TASK_QUEUE_KIND_NORMAL_VALUE
        || kind == TaskQueueKind.TASK_QUEUE_KIND_UNSPECIFIED_VALUE) {
      return false;
    }
    throw Errors.invalidArgument(field + ": unknown task queue kind " + kind);
  }

  private static void requireNonEmpty(String value, String field) {
    if (value.isEmpty()) {
      throw Errors.invalidArgument(field + " is not set.");
    }
  }
}
