package dev.aevum.sdk.worker;

import dev.aevum.sdk.activity.ActivityInfo;

/**
 * Wraps the workflow methods and activity methods a worker runs, for cross-cutting concerns such
 * as logging, metrics or authorization. Call {@code next.proceed()} to continue; what it returns
 * or throws is the method's outcome. Interceptors run in registration order, the first outermost.
 * Workflow interception runs on the workflow thread and must be deterministic: use the
 * {@code Workflow} API, not the clock or I/O. It is not applied by {@link WorkflowReplayer}.
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
  default Object interceptChildWorkflowCall(String workflowType, String workflowId, Object[] args, Invocation next) {
    return next.proceed();
  }

  /** Wraps {@code Workflow.sleep}; returns null. */
  default Object interceptTimer(java.time.Duration duration, Invocation next) {
    return next.proceed();
  }

  /** Wraps a signal sent from workflow code to another workflow or a child; returns null. */
  default Object interceptSignalExternal(String workflowId, String signalName, Object[] args, Invocation next) {
    return next.proceed();
  }
}
