package dev.aevum.sdk.workflow;

import dev.aevum.sdk.converter.EncodedValues;

/**
 * Receives the signals that no {@code @SignalMethod} handles; see {@link
 * Workflow#registerDynamicSignalHandler}.
 */
@FunctionalInterface
public interface DynamicSignalHandler {
  void handle(String signalName, EncodedValues args);
}
