package dev.aevum.sdk.workflow;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A method of a workflow interface that receives signals. It must return void. Handlers run on
 * their own workflow thread, in the order the signals appear in history.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SignalMethod {
  /** Signal name; empty means the method name, as in Temporal's Java SDK. */
  String name() default "";
}
