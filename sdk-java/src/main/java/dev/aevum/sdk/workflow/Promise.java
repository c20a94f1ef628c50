package dev.aevum.sdk.workflow;

import dev.aevum.sdk.internal.replay.PromiseImpl;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The result of an asynchronous operation in workflow code ({@link Async}, {@link
 * Workflow#newTimer}, {@link Workflow#newPromise}). Waiting on a promise yields to the other
 * workflow threads, so it is deterministic. Callbacks ({@code thenApply}, {@code handle}) run on
 * the thread that completes the promise and must not block.
 */
public interface Promise<T> {

  /** Blocks until completed; returns the value or throws the failure. */
  T get();

  /**
   * Like {@link #get()}, but gives up after {@code timeout} of workflow time (a durable timer,
   * canceled when the promise completes first).
   */
  T get(Duration timeout) throws TimeoutException;

  boolean completed();

  /** The failure of a completed promise; empty when it completed with a value or is pending. */
  Optional<RuntimeException> failure();

  /** A promise of {@code fn} applied to this promise's value; a failure passes through. */
  <U> Promise<U> thenApply(Function<? super T, ? extends U> fn);

  /** A promise of {@code fn(value, failure)}, exactly one of which is null. */
  <U> Promise<U> handle(BiFunction<? super T, RuntimeException, ? extends U> fn);

  /** A promise of the value, or of {@code fn(failure)} when this promise fails. */
  Promise<T> exceptionally(Function<RuntimeException, ? extends T> fn);

  /** Completes when all complete; fails as soon as any fails. */
  static Promise<Void> allOf(Collection<? extends Promise<?>> promises) {
    return PromiseImpl.allOf(promises);
  }

  static Promise<Void> allOf(Promise<?>... promises) {
    return PromiseImpl.allOf(List.of(promises));
  }

  /** Completes as the first of {@code promises} completes, with its value or failure. */
  static <V> Promise<V> anyOf(Collection<? extends Promise<? extends V>> promises) {
    return PromiseImpl.anyOf(promises);
  }

  @SafeVarargs
  static <V> Promise<V> anyOf(Promise<? extends V>... promises) {
    return PromiseImpl.anyOf(List.of(promises));
  }
}
