package dev.aevum.sdk.internal.worker;

import dev.aevum.sdk.internal.common.Rpc;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Long-polls one task queue with a few threads and hands tasks to a bounded pool. A poll is only
 * issued when a slot is free, so the worker never takes a task it cannot start at once.
 */
final class Poller<T> {
  private static final System.Logger LOG = System.getLogger(Poller.class.getName());

  private final String name;
  private final int pollerCount;
  private final Supplier<Optional<T>> poll;
  private final Consumer<T> handler;
  private final Semaphore slots;
  private final ExecutorService executor;
  private final List<Thread> pollers = new ArrayList<>();
  private final Context.CancellableContext pollContext = Context.current().withCancellation();
  private volatile boolean running;

  Poller(
      String name,
      int pollerCount,
      int maxConcurrent,
      Supplier<Optional<T>> poll,
      Consumer<T> handler) {
    this.name = name;
    this.pollerCount = pollerCount;
    this.poll = poll;
    this.handler = handler;
    this.slots = new Semaphore(maxConcurrent);
    this.executor =
        new ThreadPoolExecutor(
            maxConcurrent,
            maxConcurrent,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> daemon(r, name + "-task"));
    ((ThreadPoolExecutor) executor).allowCoreThreadTimeOut(true);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  void start() {
    running = true;
    for (int i = 0; i < pollerCount; i++) {
      Thread t = daemon(pollContext.wrap(this::pollLoop), name + "-poller-" + i);
      pollers.add(t);
      t.start();
    }
  }

  private void pollLoop() {
    long backoff = 100;
    while (running) {
      slots.acquireUninterruptibly();
      boolean handedOff = false;
      try {
        Optional<T> task = poll.get();
        backoff = 100;
        if (task.isPresent() && running) {
          T value = task.get();
          executor.execute(() -> runTask(value));
          handedOff = true;
        }
      } catch (StatusRuntimeException e) {
        if (!running || e.getStatus().getCode() == Status.Code.CANCELLED) {
          return;
        }
        if (e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED) {
          LOG.log(
              Level.WARNING,
              name + " poll failed, backing off " + backoff + " ms: " + e.getStatus());
          sleepQuietly(backoff);
          backoff = Math.min(backoff * 2, 10_000);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, name + " poll failed", e);
        sleepQuietly(backoff);
        backoff = Math.min(backoff * 2, 10_000);
      } finally {
        if (!handedOff) {
          slots.release();
        }
      }
    }
  }

  private void runTask(T task) {
    try {
      handler.accept(task);
    } catch (RuntimeException e) {
      Optional<StatusRuntimeException> gone = notFound(e);
      if (gone.isPresent()) {
        // Expected: the workflow closed (terminated, timed out, reset) or the task timed out while
        // it ran.
        LOG.log(
            Level.INFO,
            name
                + " task no longer exists on the server, its answer is dropped: "
                + gone.get().getStatus().getDescription());
      } else {
        LOG.log(Level.ERROR, name + " task handler failed", e);
      }
    } finally {
      slots.release();
    }
  }

  private static Optional<StatusRuntimeException> notFound(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s
          && s.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  private void sleepQuietly(long millis) {
    if (running) {
      try {
        Rpc.sleepWithJitter(millis);
      } catch (IllegalStateException interrupted) {
        // Shutdown interrupts pollers; the loop condition ends them.
      }
    }
  }

  /** Stops polling at once (cancelling outstanding long polls) and lets running tasks finish. */
  void shutdown() {
    running = false;
    pollContext.cancel(null);
    executor.shutdown();
  }

  boolean awaitTermination(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread t : pollers) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
    return executor.awaitTermination(
        Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }
}
