package dev.aevum.sdk.internal.replay;

import io.temporal.api.common.v1.Payloads;
import java.util.Optional;

/** One execution's workflow object: its workflow method and its signal handlers. */
@FunctionalInterface
public interface WorkflowEntryPoint {
  /** Creates the workflow object and runs its workflow method; called on the root workflow thread. */
  Optional<Payloads> run(Optional<Payloads> input);

  /**
   * Delivers a signal to the workflow object, on a workflow thread that runs after the root
   * thread has created the object. Returns false when no handler has that name.
   */
  default boolean signal(String name, Optional<Payloads> input) {
    return false;
  }

  /** Throws to reject the update; does nothing when it has no validator. */
  default void validateUpdate(String name, Optional<Payloads> args) {
    throw new IllegalArgumentException("update " + name + " is not supported by this workflow");
  }

  /** Runs an accepted update's handler on the calling workflow thread. */
  default Optional<Payloads> update(String name, Optional<Payloads> args) {
    throw new IllegalArgumentException("update " + name + " is not supported by this workflow");
  }

  /** True when a declared handler serves this query type. */
  default boolean handlesQuery(String name) {
    return false;
  }

  /** True when a declared handler serves this update name. */
  default boolean handlesUpdate(String name) {
    return false;
  }

  /** Answers a query from the workflow object's current state. */
  default Optional<Payloads> query(String name, Optional<Payloads> args) {
    throw new IllegalArgumentException("query type " + name + " is not supported by this workflow");
  }
}
