package dev.aevum.sdk.workflow;

import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.internal.replay.ActivityStubs;
import dev.aevum.sdk.internal.replay.WorkflowContext;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The API workflow code uses instead of the JDK's clocks, threads and randomness, so that a replay
 * from history takes the same decisions as the original run.
 */
public final class Workflow {
  private Workflow() {}

  /** A stub whose methods schedule activities and block until they finish. */
  public static <T> T newActivityStub(Class<T> activityInterface, ActivityOptions options) {
    Objects.requireNonNull(activityInterface, "activityInterface");
    Objects.requireNonNull(options, "options");
    return ActivityStubs.newStub(activityInterface, options);
  }

  /** Durable sleep: a server-side timer, so the workflow survives worker restarts while it waits. */
  public static void sleep(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration: must not be negative, was " + duration);
    }
    WorkflowContext.current().sleep(duration);
  }

  /** Blocks until {@code condition} is true; it is re-evaluated whenever workflow state changes. */
  public static void await(BooleanSupplier condition) {
    Objects.requireNonNull(condition, "condition");
    WorkflowContext.current().await(condition, "await");
  }

  /**
   * Ends this run and starts a fresh one of the same workflow type and task queue with
   * {@code args}, with an empty history. Use it to keep long-running workflows' histories small.
   * Never returns. The client's {@code getResult} follows the chain to its last run.
   */
  public static void continueAsNew(Object... args) {
    WorkflowContext.current().continueAsNew(args == null ? new Object[0] : args);
  }

  /**
   * Runs {@code function} once, records its result in history, and returns the recorded result on
   * every replay. For small non-deterministic values (a generated id, a config flag). It must not
   * fail or have effects outside the workflow; use an activity for that.
   */
  public static <R> R sideEffect(Class<R> resultClass, Supplier<R> function) {
    Objects.requireNonNull(resultClass, "resultClass");
    Objects.requireNonNull(function, "function");
    @SuppressWarnings("unchecked")
    R result = (R) WorkflowContext.current().sideEffect(resultClass, resultClass, function);
    return result;
  }

  /** The time of the current workflow task, identical on replay. */
  public static long currentTimeMillis() {
    return WorkflowContext.current().currentTimeMillis();
  }

  /** True while old history is being replayed; use it to silence side effects such as logging. */
  public static boolean isReplaying() {
    return WorkflowContext.current().isReplaying();
  }

  public static WorkflowInfo getInfo() {
    return WorkflowContext.current().info();
  }

  /** A random generator seeded from the execution, identical on replay. */
  public static Random newRandom() {
    return new Random(WorkflowContext.current().random().nextLong());
  }

  /** A version-4 UUID drawn from the execution's deterministic random source. */
  public static UUID randomUUID() {
    Random random = WorkflowContext.current().random();
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
