package dev.aevum.sdk.internal.replay;

import dev.aevum.sdk.workflow.CompletablePromise;
import dev.aevum.sdk.workflow.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A promise completed by workflow code. Only one workflow thread runs at a time and hand-offs go
 * through semaphores, so plain fields suffice.
 */
public final class PromiseImpl<T> implements CompletablePromise<T> {
  private boolean completed;
  private T value;
  private RuntimeException failure;
  private List<Runnable> callbacks = new ArrayList<>();

  @Override
  public T get() {
    if (!completed) {
      DeterministicScheduler.yieldUntil(() -> completed, "Promise.get");
    }
    return outcome();
  }

  @Override
  public T get(Duration timeout) throws TimeoutException {
    Objects.requireNonNull(timeout, "timeout");
    if (!completed
        && !WorkflowContext.current().awaitWithTimeout(timeout, () -> completed, false)) {
      throw new TimeoutException("promise not completed within " + timeout);
    }
    return outcome();
  }

  private T outcome() {
    if (failure != null) {
      throw failure;
    }
    return value;
  }

  @Override
  public boolean completed() {
    return completed;
  }

  @Override
  public Optional<RuntimeException> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public boolean complete(T result) {
    return finish(result, null);
  }

  @Override
  public boolean completeExceptionally(RuntimeException error) {
    return finish(null, Objects.requireNonNull(error, "failure"));
  }

  private boolean finish(T result, RuntimeException error) {
    if (completed) {
      return false;
    }
    completed = true;
    value = result;
    failure = error;
    List<Runnable> toRun = callbacks;
    callbacks = List.of();
    toRun.forEach(Runnable::run);
    return true;
  }

  private void onComplete(Runnable callback) {
    if (completed) {
      callback.run();
    } else {
      callbacks.add(callback);
    }
  }

  @Override
  public <U> Promise<U> thenApply(Function<? super T, ? extends U> fn) {
    return handle(
        (v, e) -> {
          if (e != null) {
            throw e;
          }
          return fn.apply(v);
        });
  }

  @Override
  public <U> Promise<U> handle(BiFunction<? super T, RuntimeException, ? extends U> fn) {
    PromiseImpl<U> next = new PromiseImpl<>();
    onComplete(
        () -> {
          try {
            next.complete(fn.apply(value, failure));
          } catch (RuntimeException e) {
            next.completeExceptionally(e);
          }
        });
    return next;
  }

  @Override
  public Promise<T> exceptionally(Function<RuntimeException, ? extends T> fn) {
    return handle((v, e) -> e == null ? v : fn.apply(e));
  }

  public static Promise<Void> allOf(Collection<? extends Promise<?>> promises) {
    PromiseImpl<Void> all = new PromiseImpl<>();
    int[] remaining = {promises.size()};
    if (remaining[0] == 0) {
      all.complete(null);
    }
    for (Promise<?> p : promises) {
      impl(p)
          .onComplete(
              () -> {
                if (p.failure().isPresent()) {
                  all.completeExceptionally(p.failure().get());
                } else if (--remaining[0] == 0) {
                  all.complete(null);
                }
              });
    }
    return all;
  }

  public static <V> Promise<V> anyOf(Collection<? extends Promise<? extends V>> promises) {
    if (promises.isEmpty()) {
      throw new IllegalArgumentException("promises: anyOf needs at least one promise");
    }
    PromiseImpl<V> any = new PromiseImpl<>();
    for (Promise<? extends V> p : promises) {
      PromiseImpl<? extends V> source = impl(p);
      source.onComplete(
          () -> {
            if (source.failure != null) {
              any.completeExceptionally(source.failure);
            } else {
              any.complete(source.value);
            }
          });
    }
    return any;
  }

  private static <V> PromiseImpl<V> impl(Promise<V> p) {
    if (p instanceof PromiseImpl<V> impl) {
      return impl;
    }
    throw new IllegalArgumentException(
        "promises: only promises made by the Aevum workflow API are supported, got "
            + p.getClass());
  }
}
