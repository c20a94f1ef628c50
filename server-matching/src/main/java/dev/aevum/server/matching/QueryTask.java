package dev.aevum.server.matching;

import com.google.protobuf.ByteString;
import dev.aevum.proto.matching.QueryTaskResponse;
import dev.aevum.server.common.Rpc;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One query task: lives in memory only, from QueryWorkflow until the worker's answer, the deadline,
 * or the caller's cancellation. It answers its QueryWorkflow call exactly once (or never, when
 * dropped because the caller went away). PENDING means it waits in a queue for a poller, DISPATCHED
 * that a poller got it and the worker's answer is awaited.
 */
final class QueryTask {
  private static final Logger log = LoggerFactory.getLogger(QueryTask.class);

  private enum State {
    PENDING,
    DISPATCHED,
    DONE
  }

  private final String id;
  private final String namespaceId;
  private final PollWorkflowTaskQueueResponse pollResponse;
  private final StreamObserver<QueryTaskResponse> observer;
  private final AtomicReference<State> state = new AtomicReference<>(State.PENDING);
  private volatile Runnable onDone = () -> {};
  private volatile ScheduledFuture<?> timer;

  QueryTask(
      String id,
      String namespaceId,
      PollWorkflowTaskQueueResponse pollResponse,
      StreamObserver<QueryTaskResponse> observer) {
    this.id = id;
    this.namespaceId = namespaceId;
    this.pollResponse = pollResponse;
    this.observer = observer;
  }

  String id() {
    return id;
  }

  String namespaceId() {
    return namespaceId;
  }

  /** The public poll response handed to the poller, task token included. */
  PollWorkflowTaskQueueResponse pollResponse() {
    return pollResponse;
  }

  /** Runs once when the task ends, however it ends (the engine forgets it there). */
  void onDone(Runnable action) {
    this.onDone = action;
  }

  void setTimer(ScheduledFuture<?> timer) {
    this.timer = timer;
    if (state.get() == State.DONE) {
      timer.cancel(false);
    }
  }

  boolean isPending() {
    return state.get() == State.PENDING;
  }

  boolean isDispatched() {
    return state.get() == State.DISPATCHED;
  }

  /** Takes the task for a poller; false if it ended meanwhile. */
  boolean markDispatched() {
    return state.compareAndSet(State.PENDING, State.DISPATCHED);
  }

  /**
   * Puts the task back after its poller went away before it got it; false if it ended meanwhile.
   */
  boolean markPending() {
    return state.compareAndSet(State.DISPATCHED, State.PENDING);
  }

  /** Answers the QueryWorkflow call with the worker's completion; false if it already ended. */
  boolean answer(ByteString completion) {
    if (!end(null)) {
      return false;
    }
    try {
      observer.onNext(QueryTaskResponse.newBuilder().setCompletion(completion).build());
      observer.onCompleted();
    } catch (RuntimeException e) {
      log.debug("could not answer query task {}", id, e);
    }
    return true;
  }

  /** Fails the call, whatever state the task is in; false if it already ended. */
  boolean fail(Throwable t) {
    return end(null) && send(t);
  }

  /** Fails the call only if no poller took the task yet. */
  boolean failIfPending(Throwable t) {
    return end(State.PENDING) && send(t);
  }

  /** Fails the call only if a poller took the task and the answer is still awaited. */
  boolean failIfDispatched(Throwable t) {
    return end(State.DISPATCHED) && send(t);
  }

  /** Ends the task without answering (its caller is gone). */
  boolean drop() {
    return end(null);
  }

  /** Moves to DONE from {@code from} (any live state when null); true if this call did it. */
  private boolean end(State from) {
    while (true) {
      State current = state.get();
      if (current == State.DONE || (from != null && current != from)) {
        return false;
      }
      if (state.compareAndSet(current, State.DONE)) {
        ScheduledFuture<?> t = timer;
        if (t != null) {
          t.cancel(false);
        }
        onDone.run();
        return true;
      }
    }
  }

  private boolean send(Throwable t) {
    try {
      Rpc.fail(observer, t);
    } catch (RuntimeException e) {
      log.debug("could not fail query task {}", id, e);
    }
    return true;
  }
}
