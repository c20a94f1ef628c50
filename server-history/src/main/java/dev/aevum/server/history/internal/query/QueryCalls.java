package dev.aevum.server.history.internal.query;

import com.google.common.util.concurrent.ListenableFuture;
import dev.aevum.proto.matching.MatchingServiceGrpc;
import dev.aevum.proto.matching.QueryTaskResponse;
import dev.aevum.server.common.Errors;
import dev.aevum.server.history.internal.execution.RunWatchers;
import dev.aevum.server.history.internal.execution.ShardContext;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Deadline;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * QueryWorkflow without holding a thread: wait for the first workflow task if needed, then ask the
 * sticky worker and fall back to the normal queue when that worker is gone.
 */
public final class QueryCalls {
  private final MatchingServiceGrpc.MatchingServiceFutureStub matching;
  private final RunWatchers watchers;
  private final ScheduledExecutorService executor;
  private final QueryBuffer buffer;

  public QueryCalls(
      Channel matching,
      RunWatchers watchers,
      ScheduledExecutorService executor,
      QueryBuffer buffer) {
    this.buffer = buffer;
    this.matching = MatchingServiceGrpc.newFutureStub(matching);
    this.watchers = watchers;
    this.executor = executor;
  }

  public void query(
      ShardContext shard,
      String namespaceId,
      String namespace,
      QueryWorkflowRequest query,
      Deadline deadline,
      Consumer<Throwable> onError,
      Consumer<QueryWorkflowResponse> onAnswer) {
    Queries.Plan plan;
    try {
      plan = Queries.plan(shard, namespaceId, namespace, query);
    } catch (Throwable t) {
      onError.accept(t);
      return;
    }
    if (plan.rejected().isPresent()) {
      onAnswer.accept(plan.rejected().get());
      return;
    }
    if (plan.firstTaskPending()) {
      if (deadline.isExpired()) {
        onError.accept(
            Errors.workflowNotReady("Workflow has not completed its first workflow task yet."));
        return;
      }
      AtomicBoolean retried = new AtomicBoolean();
      Runnable again =
          () -> {
            if (retried.compareAndSet(false, true)) {
              executor.execute(
                  () -> query(shard, namespaceId, namespace, query, deadline, onError, onAnswer));
            }
          };
      watchers.watch(plan.key(), again);
      executor.schedule(
          again,
          Math.max(0, deadline.timeRemaining(TimeUnit.MILLISECONDS) - 500),
          TimeUnit.MILLISECONDS);
      return;
    }
    if (plan.taskScheduled()) {
      Context call = Context.current();
      var q = query.getQuery();
      var carried =
          WorkflowQuery.newBuilder()
              .setQueryType(q.getQueryType())
              .setQueryArgs(q.getQueryArgs())
              .setHeader(q.getHeader())
              .build();
      var id =
          buffer.buffer(
              plan.key(),
              carried,
              onAnswer,
              onError,
              // The fallback runs after another call's commit: ask matching in this call's
              // context, not in that call's, which ends (and cancels its calls) right after.
              () -> call.run(() -> dispatch(plan, deadline, onError, onAnswer)));
      if (id.isPresent()) {
        // The task may have started between the plan and the buffering: then take the query back
        // and ask a worker directly.
        var state = shard.read(plan.key());
        boolean stillScheduled =
            state.isPresent()
                && state.get().hasWorkflowTask()
                && state.get().getWorkflowTask().getStartedEventId() == 0;
        if (stillScheduled || !buffer.takeBackUndelivered(plan.key(), id.get())) {
          return;
        }
      }
    }
    dispatch(plan, deadline, onError, onAnswer);
  }

  /**
   * Asks a worker through a query task: the sticky one first, any worker of the normal queue after.
   */
  private void dispatch(
      Queries.Plan plan,
      Deadline deadline,
      Consumer<Throwable> onError,
      Consumer<QueryWorkflowResponse> onAnswer) {
    var stub = matching.withDeadline(deadline);
    ListenableFuture<QueryTaskResponse> first =
        stub.queryWorkflow(plan.sticky().orElse(plan.normal()));
    first.addListener(
        () -> {
          try {
            onAnswer.accept(Queries.answer(first.get().getCompletion()));
          } catch (ExecutionException e) {
            if (plan.sticky().isPresent() && Errors.isStickyWorkerUnavailable(e.getCause())) {
              ListenableFuture<QueryTaskResponse> fallback = stub.queryWorkflow(plan.normal());
              fallback.addListener(() -> answer(fallback, onError, onAnswer), executor);
            } else {
              onError.accept(e.getCause());
            }
          } catch (Throwable t) {
            onError.accept(t);
          }
        },
        executor);
  }

  private static void answer(
      ListenableFuture<QueryTaskResponse> response,
      Consumer<Throwable> onError,
      Consumer<QueryWorkflowResponse> onAnswer) {
    try {
      onAnswer.accept(Queries.answer(response.get().getCompletion()));
    } catch (ExecutionException e) {
      onError.accept(e.getCause());
    } catch (Throwable t) {
      onError.accept(t);
    }
  }
}
