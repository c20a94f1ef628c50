package dev.aevum.sdk.internal.replay;

import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

/**
 * One thread of workflow code. It runs only while it holds the turn handed to it by its {@link
 * DeterministicScheduler}; every blocking workflow call goes through {@link #yieldUntil}.
 */
final class WorkflowThread {
  private static final ThreadLocal<WorkflowThread> CURRENT = new ThreadLocal<>();

  private final DeterministicScheduler scheduler;
  private final String name;
  private final Runnable body;
  private final Semaphore turn = new Semaphore(0);
  private final Thread thread;
  // Fields below are touched by the scheduler and this thread, always across a semaphore hand-off.
  private BooleanSupplier unblockWhen;
  private String blockedOn = "";
  private boolean started;
  private boolean done;
  private boolean destroyRequested;
  private Throwable failure;

  WorkflowThread(DeterministicScheduler scheduler, String name, Runnable body) {
    this.scheduler = scheduler;
    this.name = name;
    this.body = body;
    this.thread = JavaThreads.unstarted(name, this::run);
  }

  /** The workflow thread running on the calling Java thread, or null outside workflow code. */
  static WorkflowThread current() {
    return CURRENT.get();
  }

  DeterministicScheduler scheduler() {
    return scheduler;
  }

  String name() {
    return name;
  }

  boolean isDone() {
    return done;
  }

  Throwable failure() {
    return failure;
  }

  String blockedOn() {
    return blockedOn;
  }

  /** Called by the scheduler: may this thread make progress now? */
  boolean isRunnable() {
    return !done && (unblockWhen == null || unblockWhen.getAsBoolean());
  }

  /** Called by the scheduler: run until this thread blocks or ends. */
  void resume() {
    unblockWhen = null;
    if (!started) {
      started = true;
      thread.start();
    } else {
      turn.release();
    }
  }

  /** Called by the scheduler: unwind the thread's stack. Returns false if it never started. */
  boolean requestDestroy() {
    destroyRequested = true;
    if (!started) {
      done = true;
      return false;
    }
    turn.release();
    return true;
  }

  /** The Java thread carrying this workflow thread (virtual on Java 21+). */
  Thread javaThread() {
    return thread;
  }

  /** Blocks the calling workflow thread until {@code condition} holds, letting others run. */
  void yieldUntil(BooleanSupplier condition, String reason) {
    if (destroyRequested) {
      throw new DestroyWorkflowThreadError();
    }
    if (condition.getAsBoolean()) {
      return;
    }
    unblockWhen = condition;
    blockedOn = reason;
    scheduler.threadYielded();
    turn.acquireUninterruptibly();
    blockedOn = "";
    if (destroyRequested) {
      throw new DestroyWorkflowThreadError();
    }
  }

  private void run() {
    CURRENT.set(this);
    try {
      body.run();
    } catch (DestroyWorkflowThreadError expected) {
      // The execution is being evicted; unwinding the stack is all that is left to do.
    } catch (Throwable e) {
      failure = e;
    } finally {
      done = true;
      CURRENT.remove();
      scheduler.threadYielded();
    }
  }

  /**
   * Unwinds a workflow thread's stack; an Error so that workflow code's catch blocks let it pass.
   */
  static final class DestroyWorkflowThreadError extends Error {
    private static final long serialVersionUID = 1L;

    DestroyWorkflowThreadError() {
      super("workflow thread destroyed", null, false, false);
    }
  }
}
