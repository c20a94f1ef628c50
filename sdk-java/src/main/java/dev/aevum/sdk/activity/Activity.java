package dev.aevum.sdk.activity;

import dev.aevum.sdk.internal.worker.ActivityContextHolder;

/** Entry point to the activity context from activity code. */
public final class Activity {
  private Activity() {}

  /** The context of the activity running on the calling thread; fails outside activity code. */
  public static ActivityContext getExecutionContext() {
    return ActivityContextHolder.current();
  }
}
