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
}
