package dev.aevum.sdk.worker;

import dev.aevum.sdk.internal.worker.TaskQueueWorker;
import java.util.Objects;

/**
 * Hosts workflow and activity implementations for one task queue. Created by {@link WorkerFactory}.
 */
public final class Worker {
  private final String taskQueue;
  private final TaskQueueWorker delegate;
  private volatile boolean started;

  Worker(String taskQueue, TaskQueueWorker delegate) {
    this.taskQueue = taskQueue;
    this.delegate = delegate;
  }

  public String taskQueue() {
    return taskQueue;
  }

  /** Registers workflow implementation classes; each needs a no-argument constructor. */
  public Worker registerWorkflowImplementationTypes(Class<?>... implementations) {
    requireNotStarted();
    for (Class<?> implementation : implementations) {
      delegate.registerWorkflow(Objects.requireNonNull(implementation, "implementation"));
    }
    return this;
  }

  /** Registers activity objects; they are shared by all attempts, so they must be thread-safe. */
  public Worker registerActivitiesImplementations(Object... implementations) {
    requireNotStarted();
    for (Object implementation : implementations) {
      delegate.registerActivities(Objects.requireNonNull(implementation, "implementation"));
    }
    return this;
  }

  private void requireNotStarted() {
    if (started) {
      throw new IllegalStateException(
          "worker for " + taskQueue + " is started; register before WorkerFactory.start()");
    }
  }

  void start() {
    started = true;
    delegate.start();
  }

  TaskQueueWorker delegate() {
    return delegate;
  }
}
