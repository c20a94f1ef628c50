package dev.aevum.sdk.internal.replay;

import dev.aevum.sdk.failure.CanceledFailure;
import dev.aevum.sdk.workflow.CancellationScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A node of the cancellation tree. Blocking workflow calls read the current scope of their thread
 * and watch {@link #cancelRequested()} while they wait, so cancellation is observed by the
 * scheduler's deterministic passes rather than by callbacks.
 */
public final class ScopeImpl implements CancellationScope {
  private static final ThreadLocal<ScopeImpl> CURRENT = new ThreadLocal<>();

  private final Runnable body;
  private final boolean detached;
  private final List<ScopeImpl> children = new ArrayList<>();
  private boolean cancelRequested;
  private String reason;

  private ScopeImpl(Runnable body, boolean detached) {
    this.body = body;
    this.detached = detached;
  }

  /** The root scope of an execution; a workflow cancel request cancels it. */
  static ScopeImpl newRoot() {
    return new ScopeImpl(() -> {}, true);
  }

  /** A new scope under the caller's current one, or a detached one. */
  public static ScopeImpl newScope(Runnable body, boolean detached) {
    ScopeImpl scope = new ScopeImpl(body, detached);
    if (!detached) {
      ScopeImpl parent = current();
      parent.children.add(scope);
      if (parent.cancelRequested) {
        scope.cancel(parent.reason);
      }
    }
    return scope;
  }

  public static ScopeImpl current() {
    ScopeImpl scope = CURRENT.get();
    if (scope == null) {
      throw new IllegalStateException("CancellationScope used outside workflow code");
    }
    return scope;
  }

  /** Runs {@code body} on the calling thread with {@code scope} current (thread entry points). */
  static void runIn(ScopeImpl scope, Runnable body) {
    ScopeImpl previous = CURRENT.get();
    CURRENT.set(scope);
    try {
      body.run();
    } finally {
      CURRENT.set(previous);
    }
  }

  @Override
  public void run() {
    runIn(this, body);
  }

  @Override
  public void cancel() {
    cancel(null);
  }

  @Override
  public void cancel(String why) {
    if (cancelRequested) {
      return;
    }
    cancelRequested = true;
    reason = why;
    for (ScopeImpl child : children) {
      child.cancel(why);
    }
  }

  @Override
  public boolean cancelRequested() {
    return cancelRequested;
  }

  @Override
  public Optional<String> cancellationReason() {
    return Optional.ofNullable(reason);
  }

  @Override
  public boolean detached() {
    return detached;
  }

  CanceledFailure canceledFailure(String what) {
    return new CanceledFailure(what + " canceled" + (reason == null ? "" : ": " + reason), null);
  }
}
