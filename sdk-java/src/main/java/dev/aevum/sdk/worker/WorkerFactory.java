package dev.aevum.sdk.worker;

import dev.aevum.sdk.AevumClient;
import dev.aevum.sdk.internal.common.Validate;
import dev.aevum.sdk.internal.worker.TaskQueueWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Creates workers on one client and starts and stops them together. */
public final class WorkerFactory implements AutoCloseable {
  private enum State {
    NEW,
    STARTED,
    SHUTDOWN
  }

  private final AevumClient client;
  private final List<Worker> workers = new ArrayList<>();
  private State state = State.NEW;

  private WorkerFactory(AevumClient client) {
    this.client = client;
  }

  public static WorkerFactory newInstance(AevumClient client) {
    return new WorkerFactory(Objects.requireNonNull(client, "client"));
  }

  public Worker newWorker(String taskQueue) {
    return newWorker(taskQueue, WorkerOptions.defaults());
  }

  public synchronized Worker newWorker(String taskQueue, WorkerOptions options) {
    Validate.notBlank(taskQueue, "taskQueue");
    Objects.requireNonNull(options, "options");
    if (state != State.NEW) {
      throw new IllegalStateException(
          "newWorker: factory is " + state + "; create workers before start()");
    }
    TaskQueueWorker.Limits limits =
        new TaskQueueWorker.Limits(
            options.workflowPollers(),
            options.activityPollers(),
            options.maxConcurrentWorkflowTasks(),
            options.maxConcurrentActivities(),
            options.maxConcurrentLocalActivities(),
            options.deadlockTimeout(),
            options.workflowCacheSize(),
            options.stickyScheduleToStartTimeout());
    Worker worker =
        new Worker(
            taskQueue,
            new TaskQueueWorker(
                client.connection().rpc(),
                client.options(),
                taskQueue,
                limits,
                options.interceptors()));
    workers.add(worker);
    return worker;
  }

  public synchronized void start() {
    if (state != State.NEW) {
      throw new IllegalStateException("start: factory is " + state);
    }
    state = State.STARTED;
    workers.forEach(Worker::start);
  }

  /**
   * Stops polling; tasks already running complete. Use {@link #awaitTermination} to wait for them.
   */
  public synchronized void shutdown() {
    if (state == State.STARTED) {
      workers.forEach(w -> w.delegate().shutdown());
    }
    state = State.SHUTDOWN;
  }

  /** Waits for running tasks after {@link #shutdown}; true if all finished in time. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean done = true;
    for (Worker worker : List.copyOf(workers)) {
      done &=
          worker
              .delegate()
              .awaitTermination(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    return done;
  }

  /** Shuts down and waits up to 10 s for running tasks. */
  @Override
  public void close() {
    shutdown();
    try {
      awaitTermination(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
