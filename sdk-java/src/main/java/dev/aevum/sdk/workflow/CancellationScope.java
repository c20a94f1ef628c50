package dev.aevum.sdk.workflow;

import dev.aevum.sdk.internal.replay.ScopeImpl;
import java.util.Optional;

/**
 * A block of workflow code that can be canceled as a whole. Canceling a scope cancels the timers,
 * activities and child workflows started in it and in its child scopes, and makes blocking calls in
 * it ({@code sleep}, {@code await}, activity calls) throw {@link
 * dev.aevum.sdk.failure.CanceledFailure} (wrapped in {@code ActivityFailure} or {@code
 * ChildWorkflowFailure} for those calls). A scope made with {@link Workflow#newCancellationScope}
 * is a child of the current one; a detached scope ({@link Workflow#newDetachedCancellationScope})
 * is not, so it can run cleanup after the workflow itself was canceled. Threads started with {@link
 * Async} belong to the scope that started them.
 */
public interface CancellationScope extends Runnable {

  /** Runs the scope's body with this scope current. */
  @Override
  void run();

  void cancel();

  void cancel(String reason);

  boolean cancelRequested();

  Optional<String> cancellationReason();

  boolean detached();

  /** The scope of the calling workflow code. */
  static CancellationScope current() {
    return ScopeImpl.current();
  }
}
