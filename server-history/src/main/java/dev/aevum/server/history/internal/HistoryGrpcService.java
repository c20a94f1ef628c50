package dev.aevum.server.history.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.aevum.proto.history.ExecutionRequest;
import dev.aevum.proto.history.HistoryServiceGrpc;
import dev.aevum.proto.history.RawResponse;
import dev.aevum.proto.history.RecordTaskStartedRequest;
import dev.aevum.proto.token.TaskToken;
import dev.aevum.server.common.Errors;
import dev.aevum.server.common.Rpc;
import dev.aevum.server.history.HistorySettings;
import dev.aevum.server.history.internal.activity.ActivityHandler;
import dev.aevum.server.history.internal.execution.RunWatchers;
import dev.aevum.server.history.internal.execution.ShardContext;
import dev.aevum.server.history.internal.workflow.ReadHandlers;
import dev.aevum.server.history.internal.workflow.StartWorkflow;
import dev.aevum.server.history.internal.workflow.TerminateWorkflow;
import dev.aevum.server.history.internal.workflowtask.WorkflowTaskHandler;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryReverseRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import io.temporal.api.workflowservice.v1.ResetStickyTaskQueueRequest;
import io.temporal.api.workflowservice.v1.ResetStickyTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import dev.aevum.server.history.internal.update.SpeculativeTasks;
import dev.aevum.server.history.internal.update.UpdateCalls;
import dev.aevum.server.history.internal.update.UpdateWithStart;
import dev.aevum.server.history.internal.update.UpdateRegistry;
import dev.aevum.server.history.internal.workflow.HistoryLongPoll;
import dev.aevum.server.history.internal.workflow.QueryBuffer;
import dev.aevum.server.history.internal.workflow.QueryCalls;
import dev.aevum.server.history.internal.workflow.ResetWorkflow;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationRequest;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowExecutionUpdateRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import dev.aevum.server.history.internal.workflow.Signals;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionResponse;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** The gRPC edge of the history role: decodes requests, picks the shard, encodes responses. */
public final class HistoryGrpcService extends HistoryServiceGrpc.HistoryServiceImplBase {
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

  public HistoryGrpcService(HistorySettings settings, IntFunction<ShardContext> shards, RunWatchers watchers,
      ScheduledExecutorService executor, io.grpc.Channel matching, StartWorkflow start, UpdateRegistry registry,
      QueryBuffer queryBuffer, dev.aevum.server.history.internal.workflowtask.CommandNamespaces namespaceIds) {
    SpeculativeTasks speculative = new SpeculativeTasks(registry, matching, executor);
    this.updates = new UpdateCalls(registry, speculative, executor, settings.longPollExpiration());
    this.updateWithStart = new UpdateWithStart(start, registry, updates);
    this.queries = new QueryCalls(matching, watchers, executor, queryBuffer);
    this.reset = new ResetWorkflow(settings);
    this.settings = settings;
    this.shards = shards;
    this.watchers = watchers;
    this.executor = executor;
    this.start = start;
    this.reads = new ReadHandlers(settings);
    this.workflowTasks = new WorkflowTaskHandler(settings, registry, speculative, queryBuffer, namespaceIds);
    this.activities = new ActivityHandler(settings.blobSizeLimitBytes());
  }

  private ShardContext shard(String namespaceId, String workflowId) {
    if (namespaceId.isEmpty() || workflowId.isEmpty()) {
      throw Errors.invalidArgument("namespace_id and workflow_id are required for history calls");
    }
    return shards.apply(dev.aevum.server.common.Shards.shardOf(namespaceId, workflowId, settings.numHistoryShards()));
  }

  private ShardContext shard(ExecutionRequest request) {
    return shard(request.getNamespaceId(), request.getWorkflowId());
  }

  static RawResponse raw(Message message) {
    return RawResponse.newBuilder().setResponse(message.toByteString()).build();
  }

  private static <T> T parse(ByteString bytes, com.google.protobuf.Parser<T> parser) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw Errors.invalidArgument("malformed request: " + e.getMessage());
    }
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

  @Override
  public void startWorkflowExecution(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    Rpc.unary(observer, () -> raw(start.start(shard(request), request.getNamespaceId(),
        parse(request.getRequest(), StartWorkflowExecutionRequest.parser()))));
  }

  @Override
  public void signalWithStartWorkflowExecution(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    Rpc.unary(observer, () -> raw(start.signalWithStart(shard(request), request.getNamespaceId(),
        parse(request.getRequest(), SignalWithStartWorkflowExecutionRequest.parser()))));
  }

  @Override
  public void signalWorkflowExecution(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    Rpc.unary(observer, () -> {
      Signals.signal(shard(request), request.getNamespaceId(),
          parse(request.getRequest(), SignalWorkflowExecutionRequest.parser()));
      return raw(SignalWorkflowExecutionResponse.getDefaultInstance());
    });
  }

  @Override
  public void queryWorkflow(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    try {
      var query = parse(request.getRequest(), QueryWorkflowRequest.parser());
      ShardContext shard = shard(request);
      io.grpc.Deadline deadline = callDeadline();
      Context.current().fork().run(() -> queries.query(shard, request.getNamespaceId(), request.getNamespace(), query,
          deadline, t -> Rpc.fail(observer, t), r -> respond(observer, r)));
    } catch (Throwable t) {
      Rpc.fail(observer, t);
    }
  }

  @Override
  public void updateWorkflowExecution(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    try {
      var update = parse(request.getRequest(), UpdateWorkflowExecutionRequest.parser());
      ShardContext shard = shard(request);
      io.grpc.Deadline deadline = callDeadline();
      Context.current().fork().run(() -> updates.update(shard, request.getNamespaceId(), update, deadline,
          t -> Rpc.fail(observer, t), r -> respond(observer, r)));
    } catch (Throwable t) {
      Rpc.fail(observer, t);
    }
  }

  @Override
  public void pollWorkflowExecutionUpdate(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    try {
      var poll = parse(request.getRequest(), PollWorkflowExecutionUpdateRequest.parser());
      ShardContext shard = shard(request);
      io.grpc.Deadline deadline = callDeadline();
      Context.current().fork().run(() -> updates.poll(shard, request.getNamespaceId(), poll, deadline,
          t -> Rpc.fail(observer, t), r -> respond(observer, r)));
    } catch (Throwable t) {
      Rpc.fail(observer, t);
    }
  }

  /** Update-with-start: the update is admitted with the start, or goes to the run that is reused ({@link UpdateWithStart}). */
  @Override
  public void executeMultiOperation(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    try {
      var multi = parse(request.getRequest(), ExecuteMultiOperationRequest.parser());
      if (multi.getOperationsCount() != 2 || !multi.getOperations(0).hasStartWorkflow()
          || !multi.getOperations(1).hasUpdateWorkflow()) {
        throw Errors.invalidArgument("Operations have to be exactly [Start, Update].");
      }
      ShardContext shard = shard(request);
      io.grpc.Deadline deadline = callDeadline();
      Context.current().fork().run(() -> updateWithStart.execute(shard, request.getNamespaceId(), multi, deadline,
          t -> Rpc.fail(observer, t), r -> respond(observer, r)));
    } catch (Throwable t) {
      Rpc.fail(observer, t);
    }
  }

  private static io.grpc.Deadline callDeadline() {
    var deadline = Context.current().getDeadline();
    return deadline != null ? deadline : io.grpc.Deadline.after(60, TimeUnit.SECONDS);
  }

  private static void respond(StreamObserver<RawResponse> observer, Message response) {
    observer.onNext(raw(response));
    observer.onCompleted();
  }

  @Override
  public void resetWorkflowExecution(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    Rpc.unary(observer, () -> raw(reset.reset(shard(request), request.getNamespaceId(),
        parse(request.getRequest(), ResetWorkflowExecutionRequest.parser()))));
  }

  /** Deletes a run (terminating it first when it still runs), as Temporal does. */
  @Override
  public void deleteWorkflowExecution(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    Rpc.unary(observer, () -> {
      var delete = parse(request.getRequest(), DeleteWorkflowExecutionRequest.parser());
      ShardContext shard = shard(request);
      var key = shard.resolve(request.getNamespaceId(), delete.getWorkflowExecution().getWorkflowId(),
          delete.getWorkflowExecution().getRunId());
      shard.update(key, tx -> {
        if (tx.isRunning()) {
          TerminateWorkflow.terminate(tx, "Delete workflow execution", io.temporal.api.common.v1.Payloads.getDefaultInstance(),
              "history-service");
        }
        return null;
      });
      shard.delete(key);
      return raw(DeleteWorkflowExecutionResponse.getDefaultInstance());
    });
  }

  @Override
  public void requestCancelWorkflowExecution(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    Rpc.unary(observer, () -> {
      Signals.requestCancel(shard(request), request.getNamespaceId(),
          parse(request.getRequest(), RequestCancelWorkflowExecutionRequest.parser()));
      return raw(RequestCancelWorkflowExecutionResponse.getDefaultInstance());
    });
  }

  @Override
  public void describeWorkflowExecution(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    Rpc.unary(observer, () -> raw(reads.describe(shard(request), request.getNamespaceId(),
        parse(request.getRequest(), DescribeWorkflowExecutionRequest.parser()))));
  }

  @Override
  public void getWorkflowExecutionHistory(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    GetWorkflowExecutionHistoryRequest history;
    ShardContext shard;
    ReadHandlers.HistoryRead first;
    try {
      history = parse(request.getRequest(), GetWorkflowExecutionHistoryRequest.parser());
      shard = shard(request);
      first = reads.history(shard, request.getNamespaceId(), history, true);
    } catch (Throwable t) {
      Rpc.fail(observer, t);
      return;
    }
    if (first.waitOn().isEmpty()) {
      observer.onNext(raw(first.response()));
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
    new HistoryLongPoll(reads, watchers, executor, shard, request.getNamespaceId(), history, first.waitOn().get(),
        observer, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, waitMs))).start();
  }

  @Override
  public void getWorkflowExecutionHistoryReverse(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    Rpc.unary(observer, () -> raw(reads.historyReverse(shard(request), request.getNamespaceId(),
        parse(request.getRequest(), GetWorkflowExecutionHistoryReverseRequest.parser()))));
  }

  @Override
  public void terminateWorkflowExecution(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    Rpc.unary(observer, () -> {
      var r = parse(request.getRequest(), TerminateWorkflowExecutionRequest.parser());
      ShardContext shard = shard(request);
      // With a first execution run id the call is for the current run of that chain, whatever
      // run id it names (Temporal's rule); a current run of another chain is not found.
      var key = shard.resolve(request.getNamespaceId(), r.getWorkflowExecution().getWorkflowId(),
          r.getFirstExecutionRunId().isEmpty() ? r.getWorkflowExecution().getRunId() : "");
      shard.update(key, tx -> {
        if (tx.isRunning() && !r.getFirstExecutionRunId().isEmpty()
            && !r.getFirstExecutionRunId().equals(tx.read().getExecution().getFirstExecutionRunId())) {
          throw Errors.notFound("workflow execution not found");
        }
        TerminateWorkflow.terminate(tx, r.getReason(), r.getDetails(), r.getIdentity());
        return null;
      });
      return raw(TerminateWorkflowExecutionResponse.getDefaultInstance());
    });
  }

  @Override
  public void resetStickyTaskQueue(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    Rpc.unary(observer, () -> {
      var r = parse(request.getRequest(), ResetStickyTaskQueueRequest.parser());
      ShardContext shard = shard(request);
      var key = shard.resolve(request.getNamespaceId(), r.getExecution().getWorkflowId(), r.getExecution().getRunId());
      shard.update(key, tx -> {
        if (!tx.isRunning()) {
          throw Errors.notFound("workflow execution already completed");
        }
        if (!tx.read().getStickyTaskQueue().isEmpty()) {
          tx.state().clearStickyTaskQueue().clearStickyScheduleToStartTimeoutMs();
        }
        return null;
      });
      return raw(ResetStickyTaskQueueResponse.getDefaultInstance());
    });
  }

  @Override
  public void respondWorkflowTaskCompleted(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    Rpc.unary(observer, () -> {
      TaskToken token = token(parse(request.getRequest(), RespondWorkflowTaskCompletedRequest.parser()).getTaskToken());
      return raw(workflowTasks.complete(shard(token.getNamespaceId(), token.getWorkflowId()), token,
          request.getRequest().toByteArray()));
    });
  }

  @Override
  public void respondWorkflowTaskFailed(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    Rpc.unary(observer, () -> {
      TaskToken token = token(parse(request.getRequest(), RespondWorkflowTaskFailedRequest.parser()).getTaskToken());
      return raw(workflowTasks.fail(shard(token.getNamespaceId(), token.getWorkflowId()), token,
          request.getRequest().toByteArray()));
    });
  }

  @Override
  public void recordActivityTaskHeartbeat(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    Rpc.unary(observer, () -> {
      TaskToken token = token(parse(request.getRequest(), RecordActivityTaskHeartbeatRequest.parser()).getTaskToken());
      return raw(activities.heartbeat(shard(token.getNamespaceId(), token.getWorkflowId()), token,
          request.getRequest().toByteArray()));
    });
  }

  @Override
  public void respondActivityTaskCompleted(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    Rpc.unary(observer, () -> {
      TaskToken token = token(parse(request.getRequest(), RespondActivityTaskCompletedRequest.parser()).getTaskToken());
      return raw(activities.complete(shard(token.getNamespaceId(), token.getWorkflowId()), token,
          request.getRequest().toByteArray()));
    });
  }

  @Override
  public void respondActivityTaskFailed(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    Rpc.unary(observer, () -> {
      TaskToken token = token(parse(request.getRequest(), RespondActivityTaskFailedRequest.parser()).getTaskToken());
      return raw(activities.fail(shard(token.getNamespaceId(), token.getWorkflowId()), token,
          request.getRequest().toByteArray()));
    });
  }

  @Override
  public void respondActivityTaskCanceled(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    Rpc.unary(observer, () -> {
      TaskToken token = token(parse(request.getRequest(), RespondActivityTaskCanceledRequest.parser()).getTaskToken());
      return raw(activities.cancel(shard(token.getNamespaceId(), token.getWorkflowId()), token,
          request.getRequest().toByteArray()));
    });
  }

  @Override
  public void recordWorkflowTaskStarted(RecordTaskStartedRequest request, StreamObserver<RawResponse> observer) {
    Rpc.unary(observer, () -> raw(workflowTasks.recordStarted(shard(request.getNamespaceId(), request.getWorkflowId()),
        request)));
  }

  @Override
  public void recordActivityTaskStarted(RecordTaskStartedRequest request, StreamObserver<RawResponse> observer) {
    Rpc.unary(observer, () -> raw(activities.recordStarted(shard(request.getNamespaceId(), request.getWorkflowId()),
        request)));
  }
}
