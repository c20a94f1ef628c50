package dev.aevum.server.history.internal.update;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aevum.proto.persistence.UpdateRecord;
import dev.aevum.server.common.Errors;
import dev.aevum.server.common.Rpc;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.ShardContext;
import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
import io.temporal.api.update.v1.Outcome;
import io.temporal.api.update.v1.UpdateRef;
import io.temporal.api.workflowservice.v1.PollWorkflowExecutionUpdateRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowExecutionUpdateResponse;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * UpdateWorkflowExecution and PollWorkflowExecutionUpdate: admit the update, make sure a workflow
 * task will carry it to a worker, and wait (without a thread) for the stage the caller asked for.
 * At the deadline the caller gets the stage reached so far and polls again, as with Temporal.
 */
public final class UpdateCalls {
  private static final UpdateWorkflowExecutionLifecycleStage ADMITTED =
      UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED;
  private static final UpdateWorkflowExecutionLifecycleStage ACCEPTED =
      UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED;
  private static final UpdateWorkflowExecutionLifecycleStage COMPLETED =
      UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED;

  private final UpdateRegistry registry;
  private final SpeculativeTasks speculative;
  private final ScheduledExecutorService executor;
  private final Duration maxWait;

  public UpdateCalls(
      UpdateRegistry registry,
      SpeculativeTasks speculative,
      ScheduledExecutorService executor,
      Duration maxWait) {
    this.registry = registry;
    this.speculative = speculative;
    this.executor = executor;
    this.maxWait = maxWait;
  }

  /** The stage an update reached and its outcome when completed. */
  private record Progress(
      RunKey key,
      String updateId,
      UpdateWorkflowExecutionLifecycleStage stage,
      Outcome outcome,
      UpdateRegistry.Update pending) {}

  public void update(
      ShardContext shard,
      String namespaceId,
      UpdateWorkflowExecutionRequest request,
      Deadline deadline,
      Consumer<Throwable> onError,
      Consumer<UpdateWorkflowExecutionResponse> onResponse) {
    Progress progress;
    try {
      progress = admit(shard, namespaceId, request);
    } catch (Throwable t) {
      onError.accept(t);
      return;
    }
    awaitResponse(progress, request, deadline, onError, onResponse);
  }

  /**
   * Waits, as {@link #update} does, for an update admitted by other means: update-with-start admits
   * it in the transition that creates the run.
   */
  public void awaitAdmitted(
      RunKey key,
      UpdateRegistry.Update admitted,
      UpdateWorkflowExecutionRequest request,
      Deadline deadline,
      Consumer<Throwable> onError,
      Consumer<UpdateWorkflowExecutionResponse> onResponse) {
    awaitResponse(
        new Progress(key, admitted.id, ADMITTED, null, admitted),
        request,
        deadline,
        onError,
        onResponse);
  }

  private void awaitResponse(
      Progress progress,
      UpdateWorkflowExecutionRequest request,
      Deadline deadline,
      Consumer<Throwable> onError,
      Consumer<UpdateWorkflowExecutionResponse> onResponse) {
    await(
        progress,
        request.getWaitPolicy().getLifecycleStage(),
        deadline,
        onError,
        p -> {
          var response =
              UpdateWorkflowExecutionResponse.newBuilder().setUpdateRef(ref(p)).setStage(p.stage);
          if (p.outcome != null) {
            response.setOutcome(p.outcome);
          }
          onResponse.accept(response.build());
        });
  }

  public void poll(
      ShardContext shard,
      String namespaceId,
      PollWorkflowExecutionUpdateRequest request,
      Deadline deadline,
      Consumer<Throwable> onError,
      Consumer<PollWorkflowExecutionUpdateResponse> onResponse) {
    Progress progress;
    try {
      var ref = request.getUpdateRef();
      RunKey key =
          shard.resolve(
              namespaceId,
              ref.getWorkflowExecution().getWorkflowId(),
              ref.getWorkflowExecution().getRunId());
      progress =
          shard.update(
              key,
              tx -> {
                String id = ref.getUpdateId();
                UpdateRecord record = tx.read().getUpdatesMap().get(id);
                if (record != null) {
                  return recorded(key, record, id);
                }
                return registry
                    .find(key, id)
                    .map(u -> new Progress(key, id, ADMITTED, null, u))
                    .orElseThrow(() -> Errors.notFound("update \"" + id + "\" not found"));
              });
    } catch (Throwable t) {
      onError.accept(t);
      return;
    }
    await(
        progress,
        request.getWaitPolicy().getLifecycleStage(),
        deadline,
        onError,
        p -> {
          var response =
              PollWorkflowExecutionUpdateResponse.newBuilder()
                  .setUpdateRef(ref(p))
                  .setStage(p.stage);
          if (p.outcome != null) {
            response.setOutcome(p.outcome);
          }
          onResponse.accept(response.build());
        });
  }

  private Progress admit(
      ShardContext shard, String namespaceId, UpdateWorkflowExecutionRequest request) {
    var execution = request.getWorkflowExecution();
    RunKey key = shard.resolve(namespaceId, execution.getWorkflowId(), execution.getRunId());
    String id = request.getRequest().getMeta().getUpdateId();
    Progress progress =
        shard.update(
            key,
            tx -> {
              if (!request.getFirstExecutionRunId().isEmpty()
                  && !request
                      .getFirstExecutionRunId()
                      .equals(tx.read().getExecution().getFirstExecutionRunId())) {
                throw Errors.notFound("workflow execution not found");
              }
              UpdateRecord record = tx.read().getUpdatesMap().get(id);
              if (record != null) {
                return recorded(key, record, id);
              }
              if (!tx.isRunning()) {
                throw Errors.notFound("workflow execution already completed");
              }
              UpdateRegistry.Update update = registry.admit(key, request.getRequest());
              return new Progress(key, id, ADMITTED, null, update);
            });
    if (progress.stage == ADMITTED && !progress.pending.durable()) {
      // No workflow task to ride on: a speculative one carries the update (a run still waiting out
      // its first-task backoff gets it with that first task).
      shard
          .read(key)
          .filter(s -> s.getExecution().getFirstWorkflowTaskDueMs() == 0)
          .ifPresent(s -> speculative.ensure(shard, key, s, shard.clock().millis()));
    }
    return progress;
  }

  /** Where an update the run's mutable state records stands: completed, accepted, or admitted. */
  private Progress recorded(RunKey key, UpdateRecord record, String id) {
    if (record.getCompletedEventId() != 0) {
      return new Progress(key, id, COMPLETED, outcome(record), null);
    }
    if (record.getAcceptedEventId() != 0) {
      return new Progress(key, id, ACCEPTED, null, registry.trackAccepted(key, id));
    }
    return new Progress(key, id, ADMITTED, null, registry.trackDurablyAdmitted(key, id));
  }

  private void await(
      Progress progress,
      UpdateWorkflowExecutionLifecycleStage wanted,
      Deadline deadline,
      Consumer<Throwable> onError,
      Consumer<Progress> onProgress) {
    boolean reached =
        progress.stage == COMPLETED || (progress.stage == ACCEPTED && wanted == ACCEPTED);
    if (progress.pending == null
        || reached
        || wanted == ADMITTED
        || wanted
            == UpdateWorkflowExecutionLifecycleStage
                .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_UNSPECIFIED) {
      onProgress.accept(progress);
      return;
    }
    UpdateRegistry.Update pending = progress.pending;
    CompletableFuture<?> target = wanted == ACCEPTED ? pending.accepted() : pending.completed();
    long waitMs =
        Math.max(
            0, Math.min(maxWait.toMillis(), deadline.timeRemaining(TimeUnit.MILLISECONDS) - 1000));
    // The update's futures are shared by every caller waiting for it: this caller only watches
    // them, and its deadline completes a future of its own, never theirs.
    CompletableFuture<Void> woken = new CompletableFuture<>();
    target.whenComplete((value, error) -> woken.complete(null));
    ScheduledFuture<?> timer =
        executor.schedule(() -> woken.complete(null), waitMs, TimeUnit.MILLISECONDS);
    woken.thenRunAsync(
        () -> {
          timer.cancel(false);
          try {
            report(progress, pending, onError, onProgress);
          } catch (Throwable t) {
            onError.accept(t);
          }
        },
        executor);
  }

  /**
   * Reports where the update is now: completed, accepted, or still admitted at the caller's
   * deadline.
   */
  private static void report(
      Progress progress,
      UpdateRegistry.Update pending,
      Consumer<Throwable> onError,
      Consumer<Progress> onProgress) {
    Optional<Throwable> failed = failure(pending.completed()).or(() -> failure(pending.accepted()));
    if (failed.isPresent()) {
      onError.accept(failed.get());
    } else if (pending.completed().isDone()) {
      onProgress.accept(
          new Progress(
              progress.key, progress.updateId, COMPLETED, pending.completed().join(), pending));
    } else if (pending.accepted().isDone()) {
      onProgress.accept(new Progress(progress.key, progress.updateId, ACCEPTED, null, pending));
    } else {
      onProgress.accept(new Progress(progress.key, progress.updateId, ADMITTED, null, pending));
    }
  }

  /** Why a future failed, when it did (an update that ended without an outcome: its run closed). */
  private static Optional<Throwable> failure(CompletableFuture<?> future) {
    if (!future.isCompletedExceptionally()) {
      return Optional.empty();
    }
    try {
      future.join();
      return Optional.empty();
    } catch (CompletionException e) {
      return Optional.of(e.getCause() != null ? e.getCause() : e);
    } catch (CancellationException e) {
      return Optional.of(e);
    }
  }

  private static UpdateRef ref(Progress p) {
    return UpdateRef.newBuilder()
        .setWorkflowExecution(
            WorkflowExecution.newBuilder()
                .setWorkflowId(p.key.workflowId())
                .setRunId(p.key.runId()))
        .setUpdateId(p.updateId)
        .build();
  }

  private static Outcome outcome(UpdateRecord record) {
    try {
      return Outcome.parseFrom(record.getOutcome());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt update outcome", e);
    }
  }

  /** Maps a failure the way every history RPC does. */
  public static void fail(StreamObserver<?> observer, Throwable t) {
    Rpc.fail(observer, t);
  }
}
