package dev.aevum.sdk.internal.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs the threads of one workflow execution one at a time, in creation order, each until it
 * blocks. The order never depends on the OS scheduler, so a replay makes the same calls in the same
 * order as the original run.
 *
 * <p>Only one workflow thread holds the turn at any moment; the caller of {@link #runUntilBlocked}
 * waits meanwhile. Every hand-off goes through a semaphore, which also publishes the state the
 * threads share.
 */
public final class DeterministicScheduler {
  private final String name;
  private final Duration deadlockTimeout;
  private final List<WorkflowThread> threads = new ArrayList<>();
  private final Semaphore schedulerTurn = new Semaphore(0);
  private Throwable failure;
  private WorkflowThread failedThread;
  private boolean destroyed;
  private Object attachment;

  /**
   * @param deadlockTimeout how long one thread may run without yielding before the scheduler gives
   *     up on it (workflow code must not block on I/O, locks or sleeps)
   */
  public DeterministicScheduler(String name, Duration deadlockTimeout) {
    this.name = name;
    this.deadlockTimeout = deadlockTimeout;
  }

  /**
   * An object every thread of this scheduler can reach, such as the execution's workflow context.
   */
  public void attach(Object value) {
    this.attachment = value;
  }

  /**
   * The attachment of the scheduler running the calling workflow thread, or null outside workflow
   * code.
   */
  public static Object currentAttachment() {
    WorkflowThread thread = WorkflowThread.current();
    return thread == null ? null : thread.scheduler().attachment;
  }

  /** Adds a thread; it first runs during the next {@link #runUntilBlocked} pass. */
  public void newThread(String threadName, Runnable body) {
    if (destroyed) {
      throw new IllegalStateException("scheduler " + name + " is destroyed");
    }
    threads.add(new WorkflowThread(this, name + "/" + threadName, body));
  }

  /**
   * Runs every thread that can make progress, repeatedly, until all remaining threads wait on unmet
   * conditions or a thread fails. Conditions are evaluated here, between slices.
   */
  public void runUntilBlocked() {
    boolean progress = true;
    while (progress && failure == null) {
      progress = false;
      // Indexed loop: threads started during this pass run in the same pass, after their parents.
      for (int i = 0; i < threads.size() && failure == null; i++) {
        WorkflowThread thread = threads.get(i);
        if (thread.isRunnable()) {
          runSlice(thread);
          progress = true;
        }
      }
    }
    threads.removeIf(WorkflowThread::isDone);
  }

  private void runSlice(WorkflowThread thread) {
    thread.resume();
    awaitYield(thread);
    if (thread.isDone() && thread.failure() != null) {
      failure = thread.failure();
      failedThread = thread;
    }
  }

  private void awaitYield(WorkflowThread thread) {
    try {
      if (!schedulerTurn.tryAcquire(deadlockTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        failure =
            new PotentialDeadlockException(
                thread.name(), deadlockTimeout, thread.javaThread().getStackTrace());
        failedThread = thread;
        thread.javaThread().interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while workflow thread " + thread.name() + " ran", e);
    }
  }

  /** Called on a workflow thread when it blocks or ends: hands the turn back. */
  void threadYielded() {
    schedulerTurn.release();
  }

  /** The first uncaught failure of any thread, if one failed. */
  public Throwable failure() {
    return failure;
  }

  public String failedThreadName() {
    return failedThread == null ? "" : failedThread.name();
  }

  /** True when every thread has finished. */
  public boolean isDone() {
    return threads.stream().allMatch(WorkflowThread::isDone);
  }

  /** What each live thread waits for; useful in error messages and a future stack-trace query. */
  public List<String> blockedThreads() {
    List<String> result = new ArrayList<>();
    for (WorkflowThread thread : threads) {
      if (!thread.isDone()) {
        result.add(thread.name() + ": " + thread.blockedOn());
      }
    }
    return result;
  }

  /** Unwinds every live thread. Safe to call more than once. */
  public void destroy() {
    if (destroyed) {
      return;
    }
    destroyed = true;
    if (failure instanceof PotentialDeadlockException) {
      return; // A thread still holds the turn; it was interrupted and is abandoned.
    }
    for (WorkflowThread thread : threads) {
      if (!thread.isDone() && thread.requestDestroy()) {
        awaitYield(thread);
      }
    }
    threads.clear();
  }

  /** Blocks the current workflow thread until {@code condition} holds. */
  public static void yieldUntil(BooleanSupplier condition, String reason) {
    WorkflowThread thread = WorkflowThread.current();
    if (thread == null) {
      throw new IllegalStateException(
          "workflow API called outside workflow code ("
              + reason
              + "); use it only from a workflow method");
    }
    thread.yieldUntil(condition, reason);
  }

  /** Starts a new thread in the calling workflow thread's execution. */
  public static void spawn(String threadName, Runnable body) {
    WorkflowThread thread = WorkflowThread.current();
    if (thread == null) {
      throw new IllegalStateException("cannot start a workflow thread outside workflow code");
    }
    thread.scheduler().newThread(threadName, body);
  }

  /** True on a thread that runs workflow code. */
  public static boolean isWorkflowThread() {
    return WorkflowThread.current() != null;
  }
}
