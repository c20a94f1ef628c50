package dev.aevum.sdk.workflow;

import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.activity.LocalActivityOptions;
import dev.aevum.sdk.internal.replay.ActivityStubs;
import dev.aevum.sdk.internal.replay.ChildWorkflowStubs;
import dev.aevum.sdk.internal.replay.ExternalWorkflowStubs;
import dev.aevum.sdk.internal.replay.LocalActivityStubs;
import dev.aevum.sdk.internal.replay.PromiseImpl;
import dev.aevum.sdk.internal.replay.ReplayAwareLogger;
import dev.aevum.sdk.internal.replay.ScopeImpl;
import dev.aevum.sdk.internal.replay.WorkflowContext;
import io.temporal.api.common.v1.Payload;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The API workflow code uses instead of the JDK's clocks, threads and randomness, so that a replay
 * from history takes the same decisions as the original run.
 */
public final class Workflow {
  /** What {@link #getVersion} returns for executions that ran before the change was made. */
  public static final int DEFAULT_VERSION = -1;

  private Workflow() {}

  /**
   * A stub whose {@code @WorkflowMethod} starts a child workflow and blocks until it returns; wrap
   * the call in {@link Async#function} to run children in parallel. A failed, timed out, canceled
   * or terminated child throws {@link dev.aevum.sdk.failure.ChildWorkflowFailure}. One stub starts
   * one child.
   */
  public static <T> T newChildWorkflowStub(
      Class<T> workflowInterface, ChildWorkflowOptions options) {
    Objects.requireNonNull(workflowInterface, "workflowInterface");
    Objects.requireNonNull(options, "options");
    return ChildWorkflowStubs.newStub(workflowInterface, options);
  }

  public static <T> T newChildWorkflowStub(Class<T> workflowInterface) {
    return newChildWorkflowStub(workflowInterface, ChildWorkflowOptions.defaults());
  }

  /**
   * A stub whose {@code @SignalMethod}s signal the running workflow {@code workflowId} (its latest
   * run). Each call waits until the server delivered the signal; a missing workflow raises an
   * {@link dev.aevum.sdk.failure.ApplicationFailure} whose type is the server's cause.
   */
  public static <T> T newExternalWorkflowStub(Class<T> workflowInterface, String workflowId) {
    Objects.requireNonNull(workflowInterface, "workflowInterface");
    if (workflowId == null || workflowId.isBlank()) {
      throw new IllegalArgumentException("workflowId: must not be blank");
    }
    return ExternalWorkflowStubs.newStub(workflowInterface, workflowId, "");
  }

  /** Signals the running workflow {@code workflowId} by signal name (any SDK's workflow). */
  public static void signalExternalWorkflow(String workflowId, String signalName, Object... args) {
    if (workflowId == null || workflowId.isBlank()) {
      throw new IllegalArgumentException("workflowId: must not be blank");
    }
    if (signalName == null || signalName.isBlank()) {
      throw new IllegalArgumentException("signalName: must not be blank");
    }
    WorkflowContext.current()
        .signalExternal(workflowId, "", false, signalName, args == null ? new Object[0] : args);
  }

  /**
   * Asks the running workflow {@code workflowId} to cancel; waits until the server recorded the
   * request.
   */
  public static void cancelExternalWorkflow(String workflowId) {
    if (workflowId == null || workflowId.isBlank()) {
      throw new IllegalArgumentException("workflowId: must not be blank");
    }
    WorkflowContext.current().cancelExternal(workflowId, "");
  }

  /**
   * Completes with the child's run id once the server has started the child of {@code childStub}.
   */
  public static Promise<String> getChildWorkflowStarted(Object childStub) {
    return ChildWorkflowStubs.started(childStub);
  }

  /**
   * Receives every signal that no {@code @SignalMethod} handles (for a {@link DynamicWorkflow},
   * every signal). Signals that arrived before registration are dropped, as with no handler.
   */
  public static void registerDynamicSignalHandler(DynamicSignalHandler handler) {
    Objects.requireNonNull(handler, "handler");
    WorkflowContext.current().registerDynamicSignalHandler(handler);
  }

  /**
   * Adds or replaces search attributes of this execution (names registered on the server; values as
   * for {@code WorkflowOptions.searchAttribute}), so visibility queries can find it by them.
   */
  public static void upsertSearchAttributes(Map<String, ?> values) {
    Objects.requireNonNull(values, "values");
    if (values.isEmpty()) {
      throw new IllegalArgumentException("values: at least one search attribute is required");
    }
    values.forEach(
        (k, v) -> {
          if (k == null || k.isBlank() || v == null) {
            throw new IllegalArgumentException(
                "values: search attribute names must not be blank and values not null");
          }
        });
    WorkflowContext.current().upsertSearchAttributes(values);
  }

  /**
   * The memo value {@code key} this run was started with, decoded to {@code type}; empty when the
   * start carried no such key.
   */
  public static <T> Optional<T> getMemo(String key, Class<T> type) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("key: must not be blank");
    }
    Objects.requireNonNull(type, "type");
    WorkflowContext context = WorkflowContext.current();
    Payload payload = context.memo().get(key);
    return payload == null
        ? Optional.empty()
        : Optional.ofNullable(context.decodeMemo(payload, type));
  }

  /**
   * This run's search attributes: those it started with, merged with every {@link
   * #upsertSearchAttributes} made so far. A snapshot; later upserts do not change it.
   */
  public static Map<String, Object> getSearchAttributes() {
    return WorkflowContext.current().searchAttributes();
  }

  /** A logger that is silent while the workflow replays history, so each message is logged once. */
  public static System.Logger getLogger(Class<?> type) {
    Objects.requireNonNull(type, "type");
    return new ReplayAwareLogger(System.getLogger(type.getName()));
  }

  /**
   * Answers every query that no {@code @QueryMethod} handles. It must not block or change state.
   */
  public static void registerDynamicQueryHandler(DynamicQueryHandler handler) {
    Objects.requireNonNull(handler, "handler");
    WorkflowContext.current().registerDynamicQueryHandler(handler);
  }

  /** Handles every update that no {@code @UpdateMethod} handles, with its own validation. */
  public static void registerDynamicUpdateHandler(DynamicUpdateHandler handler) {
    Objects.requireNonNull(handler, "handler");
    WorkflowContext.current().registerDynamicUpdateHandler(handler);
  }

  /** A promise that workflow code completes, for example from a signal handler. */
  public static <T> CompletablePromise<T> newPromise() {
    return new PromiseImpl<>();
  }

  /** A durable timer as a promise; it fails with a CanceledFailure if its scope is canceled. */
  public static Promise<Void> newTimer(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    return Async.procedure(Workflow::sleep, duration);
  }

  /**
   * A scope under the current one; call {@link CancellationScope#run()} to run {@code body} in it.
   */
  public static CancellationScope newCancellationScope(Runnable body) {
    Objects.requireNonNull(body, "body");
    return ScopeImpl.newScope(body, false);
  }

  /**
   * A scope that the current scope's cancellation does not reach, for cleanup that must run after
   * the workflow was canceled.
   */
  public static CancellationScope newDetachedCancellationScope(Runnable body) {
    Objects.requireNonNull(body, "body");
    return ScopeImpl.newScope(body, true);
  }

  /**
   * Waits until {@code condition} holds or {@code timeout} of workflow time passes; returns false
   * on timeout. Throws a CanceledFailure if the current scope is canceled meanwhile.
   */
  public static boolean await(Duration timeout, BooleanSupplier condition) {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(condition, "condition");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout: must not be negative, was " + timeout);
    }
    return WorkflowContext.current().awaitWithTimeout(timeout, condition, true);
  }

  /**
   * Safely changes workflow code while executions are running. Returns the version recorded for
   * {@code changeId}: {@code maxSupported} for new executions (recorded in a Version marker),
   * {@link #DEFAULT_VERSION} for executions that ran this point before the change, the recorded
   * value on replay. A recorded version outside {@code minSupported..maxSupported} fails the
   * workflow task, so old code never runs a newer execution.
   */
  public static int getVersion(String changeId, int minSupported, int maxSupported) {
    if (changeId == null || changeId.isBlank()) {
      throw new IllegalArgumentException("changeId: must not be blank");
    }
    if (minSupported > maxSupported) {
      throw new IllegalArgumentException(
          "minSupported: " + minSupported + " is greater than maxSupported " + maxSupported);
    }
    return WorkflowContext.current().getVersion(changeId, minSupported, maxSupported);
  }

  /**
   * Like {@link #sideEffect}, but runs {@code function} on every call and records a new value only
   * when {@code updated.test(previous, current)} says it changed; replay returns the recorded
   * values. Use a distinct {@code id} per value.
   */
  public static <R> R mutableSideEffect(
      String id, Class<R> resultClass, BiPredicate<R, R> updated, Supplier<R> function) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id: must not be blank");
    }
    Objects.requireNonNull(resultClass, "resultClass");
    Objects.requireNonNull(updated, "updated");
    Objects.requireNonNull(function, "function");
    @SuppressWarnings("unchecked")
    BiPredicate<Object, Object> untyped = (a, b) -> updated.test((R) a, (R) b);
    @SuppressWarnings("unchecked")
    R result =
        (R)
            WorkflowContext.current()
                .mutableSideEffect(id, resultClass, resultClass, untyped, function);
    return result;
  }

  /** A stub whose methods schedule activities and block until they finish. */
  public static <T> T newActivityStub(Class<T> activityInterface, ActivityOptions options) {
    Objects.requireNonNull(activityInterface, "activityInterface");
    Objects.requireNonNull(options, "options");
    return ActivityStubs.newStub(activityInterface, options);
  }

  /**
   * A stub whose methods run as local activities: in this worker, without an activity task, with
   * the outcome recorded in a LocalActivity marker. For short calls where an activity task round
   * trip would cost too much. A call still running at 80% of the workflow task timeout (10 s by
   * default) keeps running while the worker heartbeats the task, and its marker lands in a later
   * task.
   */
  public static <T> T newLocalActivityStub(
      Class<T> activityInterface, LocalActivityOptions options) {
    Objects.requireNonNull(activityInterface, "activityInterface");
    Objects.requireNonNull(options, "options");
    return LocalActivityStubs.newStub(activityInterface, options);
  }

  /**
   * Durable sleep: a server-side timer, so the workflow survives worker restarts while it waits.
   */
  public static void sleep(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration: must not be negative, was " + duration);
    }
    WorkflowContext.current().sleep(duration);
  }

  /**
   * Blocks until {@code condition} is true; it is re-evaluated whenever workflow state changes.
   * Throws a CanceledFailure if the current scope is canceled first.
   */
  public static void await(BooleanSupplier condition) {
    Objects.requireNonNull(condition, "condition");
    WorkflowContext.current().await(condition, "await");
  }

  /**
   * Ends this run and starts a fresh one of the same workflow type and task queue with {@code
   * args}, with an empty history. Use it to keep long-running workflows' histories small. Never
   * returns. The client's {@code getResult} follows the chain to its last run.
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
