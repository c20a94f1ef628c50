package dev.aevum.sdk.internal.replay;

import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.workflow.WorkflowInfo;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Random;
import java.util.function.BooleanSupplier;

/** What the static {@code Workflow} API delegates to, for the execution of the calling thread. */
public interface WorkflowContext {

  /** The context of the calling workflow thread; fails clearly outside workflow code. */
  static WorkflowContext current() {
    Object attachment = DeterministicScheduler.currentAttachment();
    if (!(attachment instanceof WorkflowContext context)) {
      throw new IllegalStateException(
          "Workflow API called outside workflow code; call it only from a workflow method or threads it started");
    }
    return context;
  }

  long currentTimeMillis();

  boolean isReplaying();

  WorkflowInfo info();

  void sleep(Duration duration);

  void await(BooleanSupplier condition, String reason);

  Object executeActivity(String activityType, ActivityOptions options, Object[] args, Class<?> resultClass, Type resultType);

  Random random();

  /** Runs {@code function} once and records its result; replays return the recorded result. */
  Object sideEffect(Class<?> resultClass, Type resultType, java.util.function.Supplier<?> function);

  /** Closes this run and starts a new one of the same type with {@code args}; never returns. */
  void continueAsNew(Object[] args);
}
