package dev.aevum.sdk.internal.replay;

import io.temporal.api.common.v1.Payloads;
import java.util.Optional;
import java.util.Set;

/**
 * One execution's workflow object: its workflow method and its signal, query and update handlers.
 */
@FunctionalInterface
public interface WorkflowEntryPoint {
  /**
   * Creates the workflow object and runs its workflow method; called on the root workflow thread.
   */
  Optional<Payloads> run(Optional<Payloads> input);

  /**
   * The declared handler of this signal, for a workflow thread that runs after the root thread has
   * created the object; empty when no handler has that name.
   */
  default Optional<Handler> signalHandler(String name) {
    return Optional.empty();
  }

  /** The declared handler of this query type; empty when none has that name. */
  default Optional<Handler> queryHandler(String name) {
    return Optional.empty();
  }

  /** The declared handler of this update; empty when none has that name. */
  default Optional<Handler> updateHandler(String name) {
    return Optional.empty();
  }

  /**
   * The validation step of a declared update: its validator method, or a step that accepts every
   * call when the handler has none. Empty when no update handler has that name.
   */
  default Optional<Handler> updateValidator(String name) {
    return Optional.empty();
  }

  /** Declared query types, for error messages. */
  default Set<String> queryTypes() {
    return Set.of();
  }

  /** Declared update names, for error messages. */
  default Set<String> updateNames() {
    return Set.of();
  }

  /**
   * A handler bound to the workflow object. Decoding and calling are separate so that worker
   * interceptors can see (and replace) the decoded arguments before the call.
   */
  interface Handler {
    Object[] decode(Optional<Payloads> input);

    /** Calls the handler; its own exceptions pass unchanged. */
    Object call(Object[] args);

    /** The call's result as payloads; empty for a void handler. */
    Optional<Payloads> encode(Object result);
  }
}
