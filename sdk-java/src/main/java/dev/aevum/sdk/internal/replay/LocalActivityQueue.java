package dev.aevum.sdk.internal.replay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local activity calls of one execution that wait for their outcomes. Calls queued while the
 * workflow code runs form one batch, resolved together in call order once all have finished: the
 * batch is the same on replay, so its markers land at the same place among the commands whichever
 * workflow task they end up in.
 */
final class LocalActivityQueue {

  /** One call waiting for its outcome. */
  static final class Call {
    final LocalActivityExecutor.Request request;
    CompletableFuture<LocalActivityExecutor.Outcome> running;
    LocalActivityExecutor.Outcome outcome;

    Call(LocalActivityExecutor.Request request) {
      this.request = request;
    }
  }

  private final Deque<Call> calls = new ArrayDeque<>();

  void add(Call call) {
    calls.addLast(call);
  }

  boolean isEmpty() {
    return calls.isEmpty();
  }

  Call first() {
    return calls.getFirst();
  }

  /** Removes and returns the whole batch, in call order. */
  List<Call> drain() {
    List<Call> batch = new ArrayList<>(calls);
    calls.clear();
    return batch;
  }

  /** Starts the calls not running yet; those started in an earlier task keep running. */
  void startAll(LocalActivityExecutor executor) {
    for (Call call : calls) {
      if (call.running == null) {
        call.running = executor.start(call.request);
      }
    }
  }

  /**
   * Waits until every started call has finished or {@code deadlineNanos} passes; true when all have
   * finished.
   */
  boolean awaitAll(long deadlineNanos) {
    CompletableFuture<?>[] running =
        calls.stream().map(c -> c.running).toArray(CompletableFuture<?>[]::new);
    try {
      CompletableFuture.allOf(running)
          .get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true; // the failed call reports its failure when it is resolved
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for local activities", e);
    }
  }

  /**
   * The outcome of a finished call; a failure of the executor itself (not of the activity) is
   * rethrown.
   */
  static LocalActivityExecutor.Outcome outcomeOf(Call call) {
    try {
      return call.running.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }
}
