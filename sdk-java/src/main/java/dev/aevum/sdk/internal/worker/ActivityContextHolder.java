package dev.aevum.sdk.internal.worker;

import dev.aevum.sdk.activity.ActivityContext;

/** The activity context bound to the thread that runs the activity. */
public final class ActivityContextHolder {
  private static final ThreadLocal<ActivityContext> CURRENT = new ThreadLocal<>();

  private ActivityContextHolder() {}

  public static ActivityContext current() {
    ActivityContext context = CURRENT.get();
    if (context == null) {
      throw new IllegalStateException(
          "Activity.getExecutionContext() called outside an activity method");
    }
    return context;
  }

  static void set(ActivityContext context) {
    CURRENT.set(context);
  }

  static void clear() {
    CURRENT.remove();
  }
}
