package dev.aevum.server.history.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.aevum.proto.history.RecordTaskStartedRequest;
import dev.aevum.proto.token.TaskToken;
import dev.aevum.server.common.Errors;
import dev.aevum.server.common.Rpc;
import dev.aevum.server.common.Shards;
import dev.aevum.server.common.api.CallScope;
import dev.aevum.server.common.api.HistoryApi;
import dev.aevum.server.history.HistorySettings;
import dev.aevum.server.history.internal.activity.ActivityHandler;
import dev.aevum.server.history.internal.activity.ActivityOperations;
import dev.aevum.server.history.internal.commands.WorkflowTaskHandler;
import dev.aevum.server.history.internal.execution.RunWatchers;
import dev.aevum.server.history.internal.execution.ShardContext;
import dev.aevum.server.history.internal.query.QueryCalls;
import dev.aevum.server.history.internal.read.HistoryLongPoll;
import dev.aevum.server.history.internal.read.ReadHandlers;
import dev.aevum.server.history.internal.reset.ResetWorkflow;
import dev.aevum.server.history.internal.signal.Signals;
import dev.aevum.server.history.internal.standalone.ActivityControl;
import dev.aevum.server.history.internal.standalone.ActivityExecutions;
import dev.aevum.server.history.internal.standalone.ActivityResults;
import dev.aevum.server.history.internal.standalone.StartActivity;
import dev.aevum.server.history.internal.update.UpdateCalls;
import dev.aevum.server.history.internal.update.UpdateWithStart;
import dev.aevum.server.history.internal.workflow.StartWorkflow;
import dev.aevum.server.history.internal.workflow.WorkflowEnd;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.workflowservice.v1.DeleteActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.DeleteActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.DescribeActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationRequest;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryReverseRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryReverseResponse;
import io.temporal.api.workflowservice.v1.PauseActivityRequest;
import io.temporal.api.workflowservice.v1.PauseActivityResponse;
import io.temporal.api.workflowservice.v1.PollActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.PollActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowExecutionUpdateRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowExecutionUpdateResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatResponse;
import io.temporal.api.workflowservice.v1.RequestCancelActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.RequestCancelActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.ResetActivityRequest;
import io.temporal.api.workflowservice.v1.ResetActivityResponse;
import io.temporal.api.workflowservice.v1.ResetStickyTaskQueueRequest;
import io.temporal.api.workflowservice.v1.ResetStickyTaskQueueResponse;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedResponse;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedResponse;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedResponse;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.StartActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.StartActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.TerminateActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.UnpauseActivityRequest;
import io.temporal.api.workflowservice.v1.UnpauseActivityResponse;
import io.temporal.api.workflowservice.v1.UpdateActivityOptionsRequest;
import io.temporal.api.workflowservice.v1.UpdateActivityOptionsResponse;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionResponse;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The gRPC edge of the history role ({@link HistoryApi}): picks the shard from the call's scope and
 * hands the typed request to its handler.
 */
public final class HistoryGrpcService {
  private final HistorySettings settings;
  private final IntFunction<ShardContext> shards;
  private final RunWatchers watchers;
  private final ScheduledExecutorService executor;
  private final StartWorkflow start;
  private final ReadHandlers reads;
  private final WorkflowTaskHandler workflowTasks;
  private final ActivityHandler activities;
  private final UpdateCalls updates;
  private final UpdateWithStart updateWithStart;
  private final QueryCalls queries;
  private final ResetWorkflow reset;
  private final ActivityResults activityResults;

  /** What each call is handed to; built, like the rest of the role, in {@code HistoryRole}. */
  public record Handlers(
      StartWorkflow start,
      ReadHandlers reads,
      WorkflowTaskHandler workflowTasks,
      ActivityHandler activities,
      UpdateCalls updates,
      UpdateWithStart updateWithStart,
      QueryCalls queries,
      ResetWorkflow reset,
      ActivityResults activityResults) {}

  public HistoryGrpcService(
      HistorySettings settings,
      IntFunction<ShardContext> shards,
      RunWatchers watchers,
      ScheduledExecutorService executor,
      Handlers handlers) {
    this.settings = settings;
    this.shards = shards;
    this.watchers = watchers;
    this.executor = executor;
    this.start = handlers.start();
    this.reads = handlers.reads();
    this.workflowTasks = handlers.workflowTasks();
    this.activities = handlers.activities();
    this.updates = handlers.updates();
    this.updateWithStart = handlers.updateWithStart();
    this.queries = handlers.queries();
    this.reset = handlers.reset();
    this.activityResults = handlers.activityResults();
  }

  private ShardContext shard(String namespaceId, String workflowId) {
    if (namespaceId.isEmpty() || workflowId.isEmpty()) {
      throw Errors.invalidArgument("namespace_id and workflow_id are required for history calls");
    }
    return shards.apply(Shards.shardOf(namespaceId, workflowId, settings.numHistoryShards()));
  }

  private ShardContext shard(CallScope scope) {
    return shard(scope.namespaceId(), scope.workflowId());
  }

  /** The service to bind: every method of {@link HistoryApi}, each reading its call's scope. */
  public ServerServiceDefinition definition() {
    var service =
        ServerServiceDefinition.builder(HistoryApi.descriptor())
            .addMethod(
                HistoryApi.START_WORKFLOW_EXECUTION,
                ServerCalls.asyncUnaryCall(this::startWorkflowExecution))
            .addMethod(
                HistoryApi.SIGNAL_WITH_START_WORKFLOW_EXECUTION,
                ServerCalls.asyncUnaryCall(this::signalWithStartWorkflowExecution))
            .addMethod(
                HistoryApi.SIGNAL_WORKFLOW_EXECUTION,
                ServerCalls.asyncUnaryCall(this::signalWorkflowExecution))
            .addMethod(HistoryApi.QUERY_WORKFLOW, ServerCalls.asyncUnaryCall(this::queryWorkflow))
            .addMethod(
                HistoryApi.UPDATE_WORKFLOW_EXECUTION,
                ServerCalls.asyncUnaryCall(this::updateWorkflowExecution))
            .addMethod(
                HistoryApi.POLL_WORKFLOW_EXECUTION_UPDATE,
                ServerCalls.asyncUnaryCall(this::pollWorkflowExecutionUpdate))
            .addMethod(
                HistoryApi.EXECUTE_MULTI_OPERATION,
                ServerCalls.asyncUnaryCall(this::executeMultiOperation))
            .addMethod(
                HistoryApi.RESET_WORKFLOW_EXECUTION,
                ServerCalls.asyncUnaryCall(this::resetWorkflowExecution))
            .addMethod(
                HistoryApi.DELETE_WORKFLOW_EXECUTION,
                ServerCalls.asyncUnaryCall(this::deleteWorkflowExecution))
            .addMethod(
                HistoryApi.REQUEST_CANCEL_WORKFLOW_EXECUTION,
                ServerCalls.asyncUnaryCall(this::requestCancelWorkflowExecution))
            .addMethod(
                HistoryApi.DESCRIBE_WORKFLOW_EXECUTION,
                ServerCalls.asyncUnaryCall(this::describeWorkflowExecution))
            .addMethod(
                HistoryApi.GET_WORKFLOW_EXECUTION_HISTORY,
                ServerCalls.asyncUnaryCall(this::getWorkflowExecutionHistory))
            .addMethod(
                HistoryApi.GET_WORKFLOW_EXECUTION_HISTORY_REVERSE,
                ServerCalls.asyncUnaryCall(this::getWorkflowExecutionHistoryReverse))
            .addMethod(
                HistoryApi.TERMINATE_WORKFLOW_EXECUTION,
                ServerCalls.asyncUnaryCall(this::terminateWorkflowExecution))
            .addMethod(
                HistoryApi.RESET_STICKY_TASK_QUEUE,
                ServerCalls.asyncUnaryCall(this::resetStickyTaskQueue))
            .addMethod(
                HistoryApi.RESPOND_WORKFLOW_TASK_COMPLETED,
                ServerCalls.asyncUnaryCall(this::respondWorkflowTaskCompleted))
            .addMethod(
                HistoryApi.RESPOND_WORKFLOW_TASK_FAILED,
                ServerCalls.asyncUnaryCall(this::respondWorkflowTaskFailed))
            .addMethod(
                HistoryApi.RECORD_ACTIVITY_TASK_HEARTBEAT,
                ServerCalls.asyncUnaryCall(this::recordActivityTaskHeartbeat))
            .addMethod(
                HistoryApi.RESPOND_ACTIVITY_TASK_COMPLETED,
                ServerCalls.asyncUnaryCall(this::respondActivityTaskCompleted))
            .addMethod(
                HistoryApi.RESPOND_ACTIVITY_TASK_FAILED,
                ServerCalls.asyncUnaryCall(this::respondActivityTaskFailed))
            .addMethod(
                HistoryApi.RESPOND_ACTIVITY_TASK_CANCELED,
                ServerCalls.asyncUnaryCall(this::respondActivityTaskCanceled))
            .addMethod(HistoryApi.PAUSE_ACTIVITY, ServerCalls.asyncUnaryCall(this::pauseActivity))
            .addMethod(
                HistoryApi.UNPAUSE_ACTIVITY, ServerCalls.asyncUnaryCall(this::unpauseActivity))
            .addMethod(HistoryApi.RESET_ACTIVITY, ServerCalls.asyncUnaryCall(this::resetActivity))
            .addMethod(
                HistoryApi.UPDATE_ACTIVITY_OPTIONS,
                ServerCalls.asyncUnaryCall(this::updateActivityOptions))
            .addMethod(
                HistoryApi.START_ACTIVITY_EXECUTION,
                ServerCalls.asyncUnaryCall(this::startActivityExecution))
            .addMethod(
                HistoryApi.DESCRIBE_ACTIVITY_EXECUTION,
                ServerCalls.asyncUnaryCall(this::describeActivityExecution))
            .addMethod(
                HistoryApi.POLL_ACTIVITY_EXECUTION,
                ServerCalls.asyncUnaryCall(this::pollActivityExecution))
            .addMethod(
                HistoryApi.REQUEST_CANCEL_ACTIVITY_EXECUTION,
                ServerCalls.asyncUnaryCall(this::requestCancelActivityExecution))
            .addMethod(
                HistoryApi.TERMINATE_ACTIVITY_EXECUTION,
                ServerCalls.asyncUnaryCall(this::terminateActivityExecution))
            .addMethod(
                HistoryApi.DELETE_ACTIVITY_EXECUTION,
                ServerCalls.asyncUnaryCall(this::deleteActivityExecution))
            .addMethod(
                HistoryApi.RECORD_WORKFLOW_TASK_STARTED,
                ServerCalls.asyncUnaryCall(this::recordWorkflowTaskStarted))
            .addMethod(
                HistoryApi.RECORD_ACTIVITY_TASK_STARTED,
                ServerCalls.asyncUnaryCall(this::recordActivityTaskStarted))
            .build();
    return ServerInterceptors.intercept(service, CallScope.serverInterceptor());
  }

  private static TaskToken token(ByteString bytes) {
    try {
      TaskToken token = TaskToken.parseFrom(bytes);
      if (token.getNamespaceId().isEmpty() || token.getWorkflowId().isEmpty()) {
        throw Errors.invalidArgument("Invalid TaskToken.");
      }
      return token;
    } catch (InvalidProtocolBufferException e) {
      throw Errors.invalidArgument("Error deserializing task token.");
    }
  }

  private void startWorkflowExecution(
      StartWorkflowExecutionRequest request,
      StreamObserver<StartWorkflowExecutionResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(observer, () -> start.start(shard(scope), scope.namespaceId(), request));
  }

  private void signalWithStartWorkflowExecution(
      SignalWithStartWorkflowExecutionRequest request,
      StreamObserver<SignalWithStartWorkflowExecutionResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(observer, () -> start.signalWithStart(shard(scope), scope.namespaceId(), request));
  }

  private void signalWorkflowExecution(
      SignalWorkflowExecutionRequest request,
      StreamObserver<SignalWorkflowExecutionResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(
        observer,
        () -> {
          Signals.signal(shard(scope), scope.namespaceId(), request);
          return SignalWorkflowExecutionResponse.getDefaultInstance();
        });
  }

  private void pauseActivity(
      PauseActivityRequest request, StreamObserver<PauseActivityResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(observer, () -> ActivityOperations.pause(shard(scope), scope.namespaceId(), request));
  }

  private void unpauseActivity(
      UnpauseActivityRequest request, StreamObserver<UnpauseActivityResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(
        observer, () -> ActivityOperations.unpause(shard(scope), scope.namespaceId(), request));
  }

  private void resetActivity(
      ResetActivityRequest request, StreamObserver<ResetActivityResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(observer, () -> ActivityOperations.reset(shard(scope), scope.namespaceId(), request));
  }

  private void updateActivityOptions(
      UpdateActivityOptionsRequest request,
      StreamObserver<UpdateActivityOptionsResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(
        observer,
        () -> ActivityOperations.updateOptions(shard(scope), scope.namespaceId(), request));
  }

  private void startActivityExecution(
      StartActivityExecutionRequest request,
      StreamObserver<StartActivityExecutionResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(
        observer,
        () -> StartActivity.start(shard(scope), scope.namespaceId(), scope.namespace(), request));
  }

  private void describeActivityExecution(
      DescribeActivityExecutionRequest request,
      StreamObserver<DescribeActivityExecutionResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(
        observer, () -> ActivityExecutions.describe(shard(scope), scope.namespaceId(), request));
  }

  private void pollActivityExecution(
      PollActivityExecutionRequest request,
      StreamObserver<PollActivityExecutionResponse> observer) {
    CallScope scope = CallScope.current();
    try {
      ShardContext shard = shard(scope);
      Deadline deadline = callDeadline();
      activityResults.poll(
          shard,
          scope.namespaceId(),
          request,
          deadline,
          t -> Rpc.fail(observer, t),
          r -> respond(observer, r));
    } catch (Throwable t) {
      Rpc.fail(observer, t);
    }
  }

  private void requestCancelActivityExecution(
      RequestCancelActivityExecutionRequest request,
      StreamObserver<RequestCancelActivityExecutionResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(
        observer,
        () -> {
          ActivityControl.requestCancel(shard(scope), scope.namespaceId(), request);
          return RequestCancelActivityExecutionResponse.getDefaultInstance();
        });
  }

  private void terminateActivityExecution(
      TerminateActivityExecutionRequest request,
      StreamObserver<TerminateActivityExecutionResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(
        observer,
        () -> {
          ActivityControl.terminate(shard(scope), scope.namespaceId(), request);
          return TerminateActivityExecutionResponse.getDefaultInstance();
        });
  }

  private void deleteActivityExecution(
      DeleteActivityExecutionRequest request,
      StreamObserver<DeleteActivityExecutionResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(
        observer,
        () -> {
          ActivityControl.delete(shard(scope), scope.namespaceId(), request);
          return DeleteActivityExecutionResponse.getDefaultInstance();
        });
  }

  private void queryWorkflow(
      QueryWorkflowRequest request, StreamObserver<QueryWorkflowResponse> observer) {
    CallScope scope = CallScope.current();
    try {
      var query = request;
      ShardContext shard = shard(scope);
      Deadline deadline = callDeadline();
      Context.current()
          .fork()
          .run(
              () ->
                  queries.query(
                      shard,
                      scope.namespaceId(),
                      scope.namespace(),
                      query,
                      deadline,
                      t -> Rpc.fail(observer, t),
                      r -> respond(observer, r)));
    } catch (Throwable t) {
      Rpc.fail(observer, t);
    }
  }

  private void updateWorkflowExecution(
      UpdateWorkflowExecutionRequest request,
      StreamObserver<UpdateWorkflowExecutionResponse> observer) {
    CallScope scope = CallScope.current();
    try {
      var update = request;
      ShardContext shard = shard(scope);
      Deadline deadline = callDeadline();
      Context.current()
          .fork()
          .run(
              () ->
                  updates.update(
                      shard,
                      scope.namespaceId(),
                      update,
                      deadline,
                      t -> Rpc.fail(observer, t),
                      r -> respond(observer, r)));
    } catch (Throwable t) {
      Rpc.fail(observer, t);
    }
  }

  private void pollWorkflowExecutionUpdate(
      PollWorkflowExecutionUpdateRequest request,
      StreamObserver<PollWorkflowExecutionUpdateResponse> observer) {
    CallScope scope = CallScope.current();
    try {
      var poll = request;
      ShardContext shard = shard(scope);
      Deadline deadline = callDeadline();
      Context.current()
          .fork()
          .run(
              () ->
                  updates.poll(
                      shard,
                      scope.namespaceId(),
                      poll,
                      deadline,
                      t -> Rpc.fail(observer, t),
                      r -> respond(observer, r)));
    } catch (Throwable t) {
      Rpc.fail(observer, t);
    }
  }

  /**
   * Update-with-start: the update is admitted with the start, or goes to the run that is reused
   * ({@link UpdateWithStart}).
   */
  private void executeMultiOperation(
      ExecuteMultiOperationRequest request,
      StreamObserver<ExecuteMultiOperationResponse> observer) {
    CallScope scope = CallScope.current();
    try {
      var multi = request;
      if (multi.getOperationsCount() != 2
          || !multi.getOperations(0).hasStartWorkflow()
          || !multi.getOperations(1).hasUpdateWorkflow()) {
        throw Errors.invalidArgument("Operations have to be exactly [Start, Update].");
      }
      ShardContext shard = shard(scope);
      Deadline deadline = callDeadline();
      Context.current()
          .fork()
          .run(
              () ->
                  updateWithStart.execute(
                      shard,
                      scope.namespaceId(),
                      multi,
                      deadline,
                      t -> Rpc.fail(observer, t),
                      r -> respond(observer, r)));
    } catch (Throwable t) {
      Rpc.fail(observer, t);
    }
  }

  private static Deadline callDeadline() {
    var deadline = Context.current().getDeadline();
    return deadline != null ? deadline : Deadline.after(60, TimeUnit.SECONDS);
  }

  @SuppressWarnings("unchecked")
  private static <R> void respond(StreamObserver<R> observer, Object response) {
    observer.onNext((R) response);
    observer.onCompleted();
  }

  private void resetWorkflowExecution(
      ResetWorkflowExecutionRequest request,
      StreamObserver<ResetWorkflowExecutionResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(observer, () -> reset.reset(shard(scope), scope.namespaceId(), request));
  }

  /** Deletes a run (terminating it first when it still runs), as Temporal does. */
  private void deleteWorkflowExecution(
      DeleteWorkflowExecutionRequest request,
      StreamObserver<DeleteWorkflowExecutionResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(
        observer,
        () -> {
          var delete = request;
          ShardContext shard = shard(scope);
          var key =
              shard.resolve(
                  scope.namespaceId(),
                  delete.getWorkflowExecution().getWorkflowId(),
                  delete.getWorkflowExecution().getRunId());
          shard.update(
              key,
              tx -> {
                if (tx.isRunning()) {
                  WorkflowEnd.terminate(
                      tx,
                      "Delete workflow execution",
                      Payloads.getDefaultInstance(),
                      "history-service");
                }
                return null;
              });
          shard.delete(key);
          return DeleteWorkflowExecutionResponse.getDefaultInstance();
        });
  }

  private void requestCancelWorkflowExecution(
      RequestCancelWorkflowExecutionRequest request,
      StreamObserver<RequestCancelWorkflowExecutionResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(
        observer,
        () -> {
          Signals.requestCancel(shard(scope), scope.namespaceId(), request);
          return RequestCancelWorkflowExecutionResponse.getDefaultInstance();
        });
  }

  private void describeWorkflowExecution(
      DescribeWorkflowExecutionRequest request,
      StreamObserver<DescribeWorkflowExecutionResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(observer, () -> reads.describe(shard(scope), scope.namespaceId(), request));
  }

  private void getWorkflowExecutionHistory(
      GetWorkflowExecutionHistoryRequest request,
      StreamObserver<GetWorkflowExecutionHistoryResponse> observer) {
    CallScope scope = CallScope.current();
    GetWorkflowExecutionHistoryRequest history;
    ShardContext shard;
    ReadHandlers.HistoryRead first;
    try {
      history = request;
      shard = shard(scope);
      first = reads.history(shard, scope.namespaceId(), history, true);
    } catch (Throwable t) {
      Rpc.fail(observer, t);
      return;
    }
    if (first.waitOn().isEmpty()) {
      observer.onNext(first.response());
      observer.onCompleted();
      return;
    }
    // Long poll without holding a thread: read again at each commit of the run until there is
    // something to answer, or answer what there is at the deadline.
    long waitMs = settings.longPollExpiration().toMillis();
    var deadline = Context.current().getDeadline();
    if (deadline != null) {
      waitMs = Math.min(waitMs, deadline.timeRemaining(TimeUnit.MILLISECONDS) - 1000);
    }
    new HistoryLongPoll(
            reads,
            watchers,
            executor,
            shard,
            scope.namespaceId(),
            history,
            first.waitOn().get(),
            observer,
            System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, waitMs)))
        .start();
  }

  private void getWorkflowExecutionHistoryReverse(
      GetWorkflowExecutionHistoryReverseRequest request,
      StreamObserver<GetWorkflowExecutionHistoryReverseResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(observer, () -> reads.historyReverse(shard(scope), scope.namespaceId(), request));
  }

  private void terminateWorkflowExecution(
      TerminateWorkflowExecutionRequest request,
      StreamObserver<TerminateWorkflowExecutionResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(
        observer,
        () -> {
          var r = request;
          ShardContext shard = shard(scope);
          // With a first execution run id the call is for the current run of that chain, whatever
          // run id it names (Temporal's rule); a current run of another chain is not found.
          var key =
              shard.resolve(
                  scope.namespaceId(),
                  r.getWorkflowExecution().getWorkflowId(),
                  r.getFirstExecutionRunId().isEmpty() ? r.getWorkflowExecution().getRunId() : "");
          shard.update(
              key,
              tx -> {
                if (tx.isRunning()
                    && !r.getFirstExecutionRunId().isEmpty()
                    && !r.getFirstExecutionRunId()
                        .equals(tx.read().getExecution().getFirstExecutionRunId())) {
                  throw Errors.notFound("workflow execution not found");
                }
                WorkflowEnd.terminate(tx, r.getReason(), r.getDetails(), r.getIdentity());
                return null;
              });
          return TerminateWorkflowExecutionResponse.getDefaultInstance();
        });
  }

  private void resetStickyTaskQueue(
      ResetStickyTaskQueueRequest request, StreamObserver<ResetStickyTaskQueueResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(
        observer,
        () -> {
          var r = request;
          ShardContext shard = shard(scope);
          var key =
              shard.resolve(
                  scope.namespaceId(),
                  r.getExecution().getWorkflowId(),
                  r.getExecution().getRunId());
          shard.update(
              key,
              tx -> {
                if (!tx.isRunning()) {
                  throw Errors.notFound("workflow execution already completed");
                }
                if (!tx.read().getStickyTaskQueue().isEmpty()) {
                  tx.state().clearStickyTaskQueue().clearStickyScheduleToStartTimeoutMs();
                }
                return null;
              });
          return ResetStickyTaskQueueResponse.getDefaultInstance();
        });
  }

  private void respondWorkflowTaskCompleted(
      RespondWorkflowTaskCompletedRequest request,
      StreamObserver<RespondWorkflowTaskCompletedResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(
        observer,
        () -> {
          TaskToken token = token(request.getTaskToken());
          return workflowTasks.complete(
              shard(token.getNamespaceId(), token.getWorkflowId()), token, request);
        });
  }

  private void respondWorkflowTaskFailed(
      RespondWorkflowTaskFailedRequest request,
      StreamObserver<RespondWorkflowTaskFailedResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(
        observer,
        () -> {
          TaskToken token = token(request.getTaskToken());
          return workflowTasks.fail(
              shard(token.getNamespaceId(), token.getWorkflowId()), token, request);
        });
  }

  private void recordActivityTaskHeartbeat(
      RecordActivityTaskHeartbeatRequest request,
      StreamObserver<RecordActivityTaskHeartbeatResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(
        observer,
        () -> {
          TaskToken token = token(request.getTaskToken());
          return activities.heartbeat(
              shard(token.getNamespaceId(), token.getWorkflowId()), token, request);
        });
  }

  private void respondActivityTaskCompleted(
      RespondActivityTaskCompletedRequest request,
      StreamObserver<RespondActivityTaskCompletedResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(
        observer,
        () -> {
          TaskToken token = token(request.getTaskToken());
          return activities.complete(
              shard(token.getNamespaceId(), token.getWorkflowId()), token, request);
        });
  }

  private void respondActivityTaskFailed(
      RespondActivityTaskFailedRequest request,
      StreamObserver<RespondActivityTaskFailedResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(
        observer,
        () -> {
          TaskToken token = token(request.getTaskToken());
          return activities.fail(
              shard(token.getNamespaceId(), token.getWorkflowId()), token, request);
        });
  }

  private void respondActivityTaskCanceled(
      RespondActivityTaskCanceledRequest request,
      StreamObserver<RespondActivityTaskCanceledResponse> observer) {
    CallScope scope = CallScope.current();
    Rpc.unary(
        observer,
        () -> {
          TaskToken token = token(request.getTaskToken());
          return activities.cancel(
              shard(token.getNamespaceId(), token.getWorkflowId()), token, request);
        });
  }

  private void recordWorkflowTaskStarted(
      RecordTaskStartedRequest request, StreamObserver<PollWorkflowTaskQueueResponse> observer) {
    Rpc.unary(
        observer,
        () ->
            workflowTasks.recordStarted(
                shard(request.getNamespaceId(), request.getWorkflowId()), request));
  }

  private void recordActivityTaskStarted(
      RecordTaskStartedRequest request, StreamObserver<PollActivityTaskQueueResponse> observer) {
    Rpc.unary(
        observer,
        () ->
            activities.recordStarted(
                shard(request.getNamespaceId(), request.getWorkflowId()), request));
  }
}
