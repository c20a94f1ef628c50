package dev.aevum.server.matching;

import com.google.protobuf.Message;
import dev.aevum.proto.history.RecordTaskStartedRequest;
import dev.aevum.server.common.Errors;
import dev.aevum.server.common.api.CallScope;
import dev.aevum.server.common.api.HistoryApi;
import dev.aevum.server.common.api.InternalCalls;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/** Asks history to record that a poller took a task; history answers with the poll response. */
final class HistoryStarter {

  /** How a failed start is settled. */
  enum Failure {
    /** History no longer wants the task (gone, already started, obsolete): drop it. */
    STALE,
    /** Anything else: keep the task and try again later. */
    TRANSIENT
  }

  private final Channel history;
  private final Duration timeout;

  HistoryStarter(Channel history, Duration timeout) {
    this.history = history;
    this.timeout = timeout;
  }

  /**
   * Completes with the poll response history built for the poller, or fails with the call's status.
   */
  CompletableFuture<Message> start(
      TaskType type, String taskQueue, QueuedTask task, Poller poller) {
    String namespace = poller.namespace().isEmpty() ? task.namespace() : poller.namespace();
    RecordTaskStartedRequest request =
        RecordTaskStartedRequest.newBuilder()
            .setNamespaceId(task.data().getNamespaceId())
            .setNamespace(namespace)
            .setWorkflowId(task.data().getWorkflowId())
            .setRunId(task.data().getRunId())
            .setScheduledEventId(task.data().getScheduledEventId())
            .setAttempt(task.data().getAttempt())
            .setRequestId(
                poller.pollerId().isEmpty() ? UUID.randomUUID().toString() : poller.pollerId())
            .setIdentity(poller.identity())
            .setTaskQueue(taskQueue)
            .build();
    CompletableFuture<Message> result = new CompletableFuture<>();
    CallScope scope =
        CallScope.of(task.data().getNamespaceId(), namespace, task.data().getWorkflowId());
    // The start must outlive whichever inbound call (an AddTask, a poll) happens to trigger it: a
    // forked context keeps that call's completion from cancelling a start history may commit.
    Context.current()
        .fork()
        .run(
            () -> {
              try {
                if (type == TaskType.WORKFLOW) {
                  InternalCalls.call(
                      history,
                      HistoryApi.RECORD_WORKFLOW_TASK_STARTED,
                      scope,
                      timeout.toMillis(),
                      TimeUnit.MILLISECONDS,
                      request,
                      completing(result));
                } else {
                  InternalCalls.call(
                      history,
                      HistoryApi.RECORD_ACTIVITY_TASK_STARTED,
                      scope,
                      timeout.toMillis(),
                      TimeUnit.MILLISECONDS,
                      request,
                      completing(result));
                }
              } catch (RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }

  private static <R extends Message> StreamObserver<R> completing(
      CompletableFuture<Message> result) {
    return new StreamObserver<>() {
      @Override
      public void onNext(R value) {
        result.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        result.completeExceptionally(
            Errors.internal("history answered no response").toStatusRuntimeException());
      }
    };
  }

  static Failure classify(Throwable t) {
    if (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    Status.Code code =
        t instanceof StatusRuntimeException s
            ? s.getStatus().getCode()
            : t instanceof StatusException s ? s.getStatus().getCode() : Status.Code.UNKNOWN;
    return switch (code) {
      case NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION -> Failure.STALE;
      default -> Failure.TRANSIENT;
    };
  }
}
