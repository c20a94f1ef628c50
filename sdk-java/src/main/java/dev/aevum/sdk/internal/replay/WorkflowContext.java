package dev.aevum.sdk.internal.replay;

import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.activity.LocalActivityOptions;
import dev.aevum.sdk.workflow.ChildWorkflowOptions;
import dev.aevum.sdk.workflow.DynamicQueryHandler;
import dev.aevum.sdk.workflow.DynamicSignalHandler;
import dev.aevum.sdk.workflow.DynamicUpdateHandler;
import dev.aevum.sdk.workflow.Promise;
import dev.aevum.sdk.workflow.WorkflowInfo;
import io.temporal.api.common.v1.Payload;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What the static {@code Workflow} API delegates to, for the execution of the calling thread. */
public interface WorkflowContext {

  /** The context of the calling workflow thread; fails clearly outside workflow code. */
  static WorkflowContext current() {
    Object attachment = DeterministicScheduler.currentAttachment();
    if (!(attachment instanceof WorkflowContext context)) {
      throw new IllegalStateException(
          "Workflow API called outside workflow code; call it only from a workflow method or threads it started");
    }
    return context;
  }

  long currentTimeMillis();

  boolean isReplaying();

  WorkflowInfo info();

  void sleep(Duration duration);

  void await(BooleanSupplier condition, String reason);

  Object executeActivity(
      String activityType,
      ActivityOptions options,
      Object[] args,
      Class<?> resultClass,
      Type resultType);

  Random random();

  /**
   * Runs a local activity in the worker (once all threads block) and records its outcome in a
   * marker.
   */
  Object executeLocalActivity(
      String activityType,
      LocalActivityOptions options,
      Object[] args,
      Class<?> resultClass,
      Type resultType);

  /** Runs {@code function} once and records its result; replays return the recorded result. */
  Object sideEffect(Class<?> resultClass, Type resultType, Supplier<?> function);

  /** Runs {@code body} on a new workflow thread in the current cancellation scope. */
  <R> Promise<R> async(Supplier<R> body);

  /**
   * Waits until {@code condition} holds or {@code timeout} of workflow time passes (a timer,
   * canceled if the condition wins). Returns the condition's value. When {@code cancellable},
   * cancellation of the current scope ends the wait with a CanceledFailure.
   */
  boolean awaitWithTimeout(Duration timeout, BooleanSupplier condition, boolean cancellable);

  /** Starts a child workflow and waits for its result; {@code started} gets its run id. */
  Object executeChildWorkflow(
      String workflowType,
      ChildWorkflowOptions options,
      Object[] args,
      Class<?> resultClass,
      Type resultType,
      String workflowId,
      PromiseImpl<String> started);

  /** A child workflow id drawn from the execution's deterministic random source. */
  String newChildWorkflowId();

  /**
   * Signals another workflow (or, with childOnly, a child) and waits until the server delivered it.
   */
  void signalExternal(
      String workflowId, String runId, boolean childOnly, String signalName, Object[] args);

  /** Asks another workflow to cancel and waits until the server recorded the request. */
  void cancelExternal(String workflowId, String runId);

  /** The version of {@code changeId} recorded in history, or {@code max} on first execution. */
  int getVersion(String changeId, int min, int max);

  /** Like sideEffect, but records a new marker only when {@code updated} says the value changed. */
  Object mutableSideEffect(
      String id,
      Class<?> resultClass,
      Type resultType,
      BiPredicate<Object, Object> updated,
      Supplier<?> function);

  /** Answers queries that no @QueryMethod handles. */
  void registerDynamicQueryHandler(DynamicQueryHandler handler);

  /** Handles updates that no @UpdateMethod handles. */
  void registerDynamicUpdateHandler(DynamicUpdateHandler handler);

  /** Receives signals that no @SignalMethod handles. */
  void registerDynamicSignalHandler(DynamicSignalHandler handler);

  /** Adds or replaces indexed search attributes of this execution. */
  void upsertSearchAttributes(Map<String, ?> values);

  /** The memo this run started with, still encoded (decoded on read to the caller's type). */
  Map<String, Payload> memo();

  /** Search attributes from the start event merged with this run's upserts so far. */
  Map<String, Object> searchAttributes();

  /** Decodes one memo value with this worker's data converter. */
  <T> T decodeMemo(Payload payload, Class<T> type);

  /** Closes this run and starts a new one of the same type with {@code args}; never returns. */
  void continueAsNew(Object[] args);
}
