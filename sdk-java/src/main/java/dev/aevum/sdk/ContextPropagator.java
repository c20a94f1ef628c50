package dev.aevum.sdk;

import io.temporal.api.common.v1.Payload;
import java.util.Map;

/**
 * Carries a piece of thread-bound context (a tenant, a trace id, an MDC map) from the client into
 * workflow code, and from workflow code into its activities and child workflows, through the
 * headers of each call. Register it with {@code
 * ClientOptions.newBuilder().contextPropagators(...)}; workers built on that client restore it
 * before running workflow and activity code.
 */
public interface ContextPropagator {
  /** Identifies the propagator in logs. */
  String name();

  /** The current thread's context, as captured before a call. */
  Object currentContext();

  /** Makes {@code context} current on the calling thread. */
  void setCurrentContext(Object context);

  /** Header fields that carry {@code context}. */
  Map<String, Payload> serializeContext(Object context);

  /** The context carried by a call's header fields (all of them; pick yours). Empty when absent. */
  Object deserializeContext(Map<String, Payload> header);
}
