package dev.aevum.sdk.workflow;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A read-only method of a workflow interface that clients can call on a running or closed workflow.
 * It must return a value, must not change workflow state and must not block.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface QueryMethod {
  /** Query type; empty means the method name, as in Temporal's Java SDK. */
  String name() default "";
}
