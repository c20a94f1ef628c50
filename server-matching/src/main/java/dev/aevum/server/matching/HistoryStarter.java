package dev.aevum.server.matching;

import com.google.protobuf.ByteString;
import dev.aevum.proto.history.HistoryServiceGrpc;
import dev.aevum.proto.history.RawResponse;
import dev.aevum.proto.history.RecordTaskStartedRequest;
import io.grpc.Channel;
import io.grpc.Status;
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

  private final HistoryServiceGrpc.HistoryServiceStub stub;
  private final Duration timeout;

  HistoryStarter(Channel history, Duration timeout) {
    this.stub = HistoryServiceGrpc.newStub(history);
    this.timeout = timeout;
  }

  /** Completes with the public poll response bytes, or fails with the call's status. */
  CompletableFuture<ByteString> start(TaskType type, String taskQueue, QueuedTask task, Poller poller) {
    String namespace = poller.namespace().isEmpty() ? task.namespace() : poller.namespace();
    RecordTaskStartedRequest request = RecordTaskStartedRequest.newBuilder()
        .setNamespaceId(task.data().getNamespaceId())
        .setNamespace(namespace)
        .setWorkflowId(task.data().getWorkflowId())
        .setRunId(task.data().getRunId())
        .setScheduledEventId(task.data().getScheduledEventId())
        .setAttempt(task.data().getAttempt())
        .setRequestId(poller.pollerId().isEmpty() ? UUID.randomUUID().toString() : poller.pollerId())
        .setIdentity(poller.identity())
        .setTaskQueue(taskQueue)
        .setPollRequest(poller.pollRequest())
        .build();
    CompletableFuture<ByteString> result = new CompletableFuture<>();
    StreamObserver<RawResponse> observer = new StreamObserver<>() {
      @Override
      public void onNext(RawResponse value) {
        result.complete(value.getResponse());
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        result.completeExceptionally(
            Status.INTERNAL.withDescription("history answered no response").asRuntimeException());
      }
    };
    HistoryServiceGrpc.HistoryServiceStub call = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    // The start must outlive whichever inbound call (an AddTask, a poll) happens to trigger it: a
    // forked context keeps that call's completion from cancelling a start history may commit.
    io.grpc.Context.current().fork().run(() -> {
      try {
        if (type == TaskType.WORKFLOW) {
          call.recordWorkflowTaskStarted(request, observer);
        } else {
          call.recordActivityTaskStarted(request, observer);
        }
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  static Failure classify(Throwable t) {
    if (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    Status.Code code = t instanceof StatusRuntimeException s ? s.getStatus().getCode()
        : t instanceof io.grpc.StatusException s ? s.getStatus().getCode()
        : Status.Code.UNKNOWN;
    return switch (code) {
      case NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION -> Failure.STALE;
      default -> Failure.TRANSIENT;
    };
  }
}
