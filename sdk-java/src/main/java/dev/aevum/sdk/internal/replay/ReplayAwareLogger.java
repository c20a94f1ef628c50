package dev.aevum.sdk.internal.replay;

import java.util.ResourceBundle;

/**
 * A logger for workflow code that stays silent while history is replayed, so each message appears
 * once although the code runs again on every replay.
 */
public final class ReplayAwareLogger implements System.Logger {
  private final System.Logger delegate;

  public ReplayAwareLogger(System.Logger delegate) {
    this.delegate = delegate;
  }

  private static boolean replaying() {
    return DeterministicScheduler.currentAttachment() instanceof WorkflowContext context
        && context.isReplaying();
  }

  @Override
  public String getName() {
    return delegate.getName();
  }

  @Override
  public boolean isLoggable(Level level) {
    return !replaying() && delegate.isLoggable(level);
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
    if (!replaying()) {
      delegate.log(level, bundle, message, thrown);
    }
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    if (!replaying()) {
      delegate.log(level, bundle, format, params);
    }
  }
}
