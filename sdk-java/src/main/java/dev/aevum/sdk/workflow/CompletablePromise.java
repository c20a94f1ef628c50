package dev.aevum.sdk.workflow;

/** A promise that workflow code completes itself, for example from a signal handler. */
public interface CompletablePromise<T> extends Promise<T> {

  /** Completes with {@code value}; returns false if already completed. */
  boolean complete(T value);

  /** Completes with {@code failure}; returns false if already completed. */
  boolean completeExceptionally(RuntimeException failure);
}
