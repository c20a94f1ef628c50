package dev.aevum.sdk.workflow;

import dev.aevum.sdk.internal.replay.WorkflowContext;
import java.util.Objects;

/**
 * Runs a function on a new workflow thread and returns a promise of its result. Pass an activity or
 * child workflow stub's method to run several in parallel:
 *
 * <pre>{@code
 * Promise<String> a = Async.function(greeter::compose, "Hello", "Ann");
 * Promise<String> b = Async.function(greeter::compose, "Hi", "Bob");
 * Promise.allOf(a, b).get();
 * }</pre>
 *
 * The thread belongs to the current cancellation scope. Threads run one at a time, in a fixed
 * order, so replay stays deterministic.
 */
public final class Async {
  private Async() {}

  public static <R> Promise<R> function(Functions.Func<R> fn) {
    Objects.requireNonNull(fn, "fn");
    return WorkflowContext.current().async(fn::apply);
  }

  public static <A1, R> Promise<R> function(Functions.Func1<A1, R> fn, A1 a1) {
    Objects.requireNonNull(fn, "fn");
    return WorkflowContext.current().async(() -> fn.apply(a1));
  }

  public static <A1, A2, R> Promise<R> function(Functions.Func2<A1, A2, R> fn, A1 a1, A2 a2) {
    Objects.requireNonNull(fn, "fn");
    return WorkflowContext.current().async(() -> fn.apply(a1, a2));
  }

  public static <A1, A2, A3, R> Promise<R> function(
      Functions.Func3<A1, A2, A3, R> fn, A1 a1, A2 a2, A3 a3) {
    Objects.requireNonNull(fn, "fn");
    return WorkflowContext.current().async(() -> fn.apply(a1, a2, a3));
  }

  public static Promise<Void> procedure(Functions.Proc proc) {
    Objects.requireNonNull(proc, "proc");
    return WorkflowContext.current()
        .async(
            () -> {
              proc.apply();
              return null;
            });
  }

  public static <A1> Promise<Void> procedure(Functions.Proc1<A1> proc, A1 a1) {
    Objects.requireNonNull(proc, "proc");
    return WorkflowContext.current()
        .async(
            () -> {
              proc.apply(a1);
              return null;
            });
  }

  public static <A1, A2> Promise<Void> procedure(Functions.Proc2<A1, A2> proc, A1 a1, A2 a2) {
    Objects.requireNonNull(proc, "proc");
    return WorkflowContext.current()
        .async(
            () -> {
              proc.apply(a1, a2);
              return null;
            });
  }

  public static <A1, A2, A3> Promise<Void> procedure(
      Functions.Proc3<A1, A2, A3> proc, A1 a1, A2 a2, A3 a3) {
    Objects.requireNonNull(proc, "proc");
    return WorkflowContext.current()
        .async(
            () -> {
              proc.apply(a1, a2, a3);
              return null;
            });
  }
}
