package dev.aevum.sdk.worker;

import dev.aevum.sdk.activity.ActivityInfo;
import java.time.Duration;

/**
 * Wraps the workflow methods and activity methods a worker runs, for cross-cutting concerns such as
 * logging, metrics or authorization. Call {@code next.proceed()} to continue; what it returns or
 * throws is the method's outcome. Interceptors run in registration order, the first outermost.
 * Workflow interception runs on the workflow thread and must be deterministic: use the {@code
 * Workflow} API, not the clock or I/O. {@link
 * WorkflowReplayer#replay(io.temporal.api.history.v1.History, WorkerOptions, Class[])} applies them
 * too, as a replaying worker would.
 */
public interface WorkerInterceptor {

  /** The rest of the chain, ending with the method itself. */
  @FunctionalInterface
  interface Invocation {
    Object proceed();
  }

  default Object interceptWorkflow(String workflowType, Object[] args, Invocation next) {
    return next.proceed();
  }

  // Workflow-inbound handlers: run on a workflow thread, so deterministic. The arguments are the
  // decoded ones the handler will get; replacing an element changes what it gets. For a dynamic
  // handler (one registered with Workflow.registerDynamic...Handler) the array holds one element,
  // the still-encoded EncodedValues. Signal and update handlers run again when the workflow
  // replays.

  /**
   * Wraps a signal handler method; returns null. Throwing fails the workflow task or the workflow,
   * as the handler would.
   */
  default Object interceptSignalHandler(String signalName, Object[] args, Invocation next) {
    return next.proceed();
  }

  /** Wraps a query handler method; returns the answer. Throwing fails the query. */
  default Object interceptQueryHandler(String queryType, Object[] args, Invocation next) {
    return next.proceed();
  }

  /**
   * Wraps the validation of an update, also for handlers without a validator method; returns null.
   * Throwing rejects the update. Runs only when the update arrives, never on replay.
   */
  default Object interceptUpdateValidator(String updateName, Object[] args, Invocation next) {
    return next.proceed();
  }

  /**
   * Wraps an accepted update's handler method; returns its result. Throwing an AevumFailure fails
   * the update.
   */
  default Object interceptUpdateHandler(String updateName, Object[] args, Invocation next) {
    return next.proceed();
  }

  /** Wraps activity methods, including local activities. */
  default Object interceptActivity(ActivityInfo info, Object[] args, Invocation next) {
    return next.proceed();
  }

  // Workflow-outbound calls: made by workflow code, on the workflow thread, so deterministic.
  // They run while the workflow replays too, since the calls themselves are replayed.

  /** Wraps an activity call (typed stub or by name) from workflow code; returns its result. */
  default Object interceptActivityCall(String activityType, Object[] args, Invocation next) {
    return next.proceed();
  }

  /** Wraps a child workflow call from workflow code; returns the child's result. */
  default Object interceptChildWorkflowCall(
      String workflowType, String workflowId, Object[] args, Invocation next) {
    return next.proceed();
  }

  /** Wraps a local activity call from workflow code; returns its result. */
  default Object interceptLocalActivityCall(String activityType, Object[] args, Invocation next) {
    return next.proceed();
  }

  /** Wraps {@code Workflow.sleep}; returns null. */
  default Object interceptTimer(Duration duration, Invocation next) {
    return next.proceed();
  }

  /** Wraps a signal sent from workflow code to another workflow or a child; returns null. */
  default Object interceptSignalExternal(
      String workflowId, String signalName, Object[] args, Invocation next) {
    return next.proceed();
  }

  /** Wraps {@code Workflow.cancelExternalWorkflow}; returns null. */
  default Object interceptCancelExternal(String workflowId, Invocation next) {
    return next.proceed();
  }
}
