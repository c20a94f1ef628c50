package dev.aevum.sdk;

/**
 * Wraps the calls a client makes on workflows (start, signal, query, update, cancel, terminate,
 * signal-with-start, update-with-start), for logging, metrics or authorization. Call {@code
 * next.proceed()} to continue; what it returns or throws is the call's outcome. Interceptors run in
 * registration order, the first outermost. Arguments are passed before they are encoded: replacing
 * an element changes what is sent. Context propagators still fill the start header, so header
 * propagation is unaffected.
 */
public interface ClientInterceptor {

  /** The rest of the chain, ending with the call to the server. */
  @FunctionalInterface
  interface Invocation {
    Object proceed();
  }

  /** Returns the started {@link WorkflowHandle}. */
  default Object interceptStart(
      String workflowType, String workflowId, Object[] args, Invocation next) {
    return next.proceed();
  }

  default Object interceptSignal(
      String workflowId, String signalName, Object[] args, Invocation next) {
    return next.proceed();
  }

  /** Returns the decoded query answer. */
  default Object interceptQuery(
      String workflowId, String queryType, Object[] args, Invocation next) {
    return next.proceed();
  }

  /** Returns the {@link UpdateHandle} (for a completed update, its result is already known). */
  default Object interceptUpdate(
      String workflowId, String updateName, Object[] args, Invocation next) {
    return next.proceed();
  }

  default Object interceptCancel(String workflowId, String reason, Invocation next) {
    return next.proceed();
  }

  default Object interceptTerminate(String workflowId, String reason, Invocation next) {
    return next.proceed();
  }

  /** Wraps {@code signalWithStart}, one atomic call; returns the {@link WorkflowHandle}. */
  default Object interceptSignalWithStart(
      String workflowType,
      String workflowId,
      Object[] startArgs,
      String signalName,
      Object[] signalArgs,
      Invocation next) {
    return next.proceed();
  }

  /**
   * Wraps update-with-start, one atomic call; returns the {@link UpdateHandle} (for {@code
   * executeUpdateWithStart}, its result is already known).
   */
  default Object interceptUpdateWithStart(
      String workflowType,
      String workflowId,
      Object[] startArgs,
      String updateName,
      Object[] updateArgs,
      Invocation next) {
    return next.proceed();
  }
}
