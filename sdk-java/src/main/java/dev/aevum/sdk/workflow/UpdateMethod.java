package dev.aevum.sdk.workflow;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A method of a workflow interface that handles updates: a request that may change state, may block
 * (call activities, sleep, await) and returns a result, or throws an {@link
 * dev.aevum.sdk.failure.ApplicationFailure} that fails the update but not the workflow. Each
 * accepted update runs on its own workflow thread.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface UpdateMethod {
  /** Update name; empty means the method name, as in Temporal's Java SDK. */
  String name() default "";
}
