package dev.aevum.sdk.internal.common;

import dev.aevum.sdk.ContextPropagator;
import io.temporal.api.common.v1.Header;
import java.util.List;

/** Captures context into headers on the calling thread, and restores it from headers. */
public final class Headers {
  private Headers() {}

  public static Header capture(List<ContextPropagator> propagators) {
    Header.Builder header = Header.newBuilder();
    for (ContextPropagator propagator : propagators) {
      header.putAllFields(propagator.serializeContext(propagator.currentContext()));
    }
    return header.build();
  }

  public static void restore(List<ContextPropagator> propagators, Header header) {
    for (ContextPropagator propagator : propagators) {
      propagator.setCurrentContext(propagator.deserializeContext(header.getFieldsMap()));
    }
  }
}
