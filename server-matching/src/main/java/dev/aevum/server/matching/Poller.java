package dev.aevum.server.matching;

import com.google.protobuf.Message;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One parked long poll. It answers exactly once: with a task, or empty when it expires or the role
 * closes. While a task is being started for it (MATCHED) neither its timer nor a cancellation
 * answers it; they only mark it, and {@link #release()} settles the mark when the start fails.
 */
final class Poller {
  private static final Logger log = LoggerFactory.getLogger(Poller.class);

  private enum State {
    WAITING,
    MATCHED,
    DONE
  }

  private final StreamObserver<Message> observer;

  /** The answer of an expired poll: the response type's default instance (no task token). */
  private final Message empty;

  private final String pollerId;
  private final String identity;
  private final String namespace;
  private final double ratePerSecond;
  private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);
  private volatile boolean expired;
  private volatile boolean cancelled;
  private volatile ScheduledFuture<?> timer;

  @SuppressWarnings("unchecked")
  <R extends Message> Poller(
      StreamObserver<R> observer,
      R empty,
      String pollerId,
      String identity,
      String namespace,
      double ratePerSecond) {
    this.observer = (StreamObserver<Message>) observer; // it is only ever given an R
    this.empty = empty;
    this.pollerId = pollerId;
    this.identity = identity;
    this.namespace = namespace;
    this.ratePerSecond = ratePerSecond;
  }

  /** The poll's id, or empty when the caller gave none. */
  String pollerId() {
    return pollerId;
  }

  String identity() {
    return identity;
  }

  String namespace() {
    return namespace;
  }

  /** The dispatch rate the worker asked for, as DescribeTaskQueue reports it. */
  double ratePerSecond() {
    return ratePerSecond;
  }

  void setTimer(ScheduledFuture<?> timer) {
    this.timer = timer;
    if (state.get() == State.DONE) {
      timer.cancel(false);
    }
  }

  boolean isWaiting() {
    return state.get() == State.WAITING;
  }

  /** The caller went away (the poller may still be reserved for a task). */
  boolean isCancelled() {
    return cancelled;
  }

  /** Takes this poller for one task; false if it is no longer waiting. */
  boolean reserve() {
    return state.compareAndSet(State.WAITING, State.MATCHED);
  }

  /**
   * Gives the poller back after its task could not be started.
   *
   * @return true if it waits again; false if it expired or was cancelled meanwhile (then it has
   *     been answered, if an answer still makes sense)
   */
  boolean release() {
    if (!state.compareAndSet(State.MATCHED, State.WAITING)) {
      return false;
    }
    if (expired || cancelled) {
      if (state.compareAndSet(State.WAITING, State.DONE)) {
        cancelTimer();
        if (!cancelled) {
          send(empty);
        }
      }
      return false;
    }
    return true;
  }

  /** Answers with the task's poll response. Only the holder of a reservation calls this. */
  void deliver(Message response) {
    state.set(State.DONE);
    cancelTimer();
    send(response);
  }

  /**
   * The poll's time is up.
   *
   * @return true if this call answered it (empty); false if it was matched or already done
   */
  boolean expire() {
    expired = true;
    if (state.compareAndSet(State.WAITING, State.DONE)) {
      cancelTimer();
      send(empty);
      return true;
    }
    return false;
  }

  /** The caller went away: never answer. */
  void cancel() {
    cancelled = true;
    if (state.compareAndSet(State.WAITING, State.DONE)) {
      cancelTimer();
    }
  }

  private void cancelTimer() {
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
  }

  private void send(Message response) {
    try {
      observer.onNext(response);
      observer.onCompleted();
    } catch (RuntimeException e) {
      // The call was cancelled or closed under us; a started task then times out in history.
      log.debug("could not answer poll {}", pollerId, e);
    }
  }
}
