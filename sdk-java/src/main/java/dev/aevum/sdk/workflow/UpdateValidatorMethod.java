package dev.aevum.sdk.workflow;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Validates an update before it is accepted. It returns void, takes the update method's parameters,
 * must not change state or block, and rejects the update by throwing. A rejected update leaves no
 * trace in history. Validators do not run on replay.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface UpdateValidatorMethod {
  /** The name of the update this validator checks. */
  String updateName();
}
