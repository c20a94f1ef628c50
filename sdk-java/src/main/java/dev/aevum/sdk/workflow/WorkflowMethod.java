package dev.aevum.sdk.workflow;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The workflow's entry point. The workflow type defaults to the interface's simple name, as in
 * Temporal's Java SDK, so workers and clients of either SDK agree on it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WorkflowMethod {
  /** Workflow type name; empty means the interface's simple name. */
  String name() default "";
}
