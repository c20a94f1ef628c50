package dev.aevum.sdk.workflow;

import dev.aevum.sdk.converter.EncodedValues;

/**
 * Handles the updates that no {@code @UpdateMethod} handles; see {@link
 * Workflow#registerDynamicUpdateHandler}.
 */
@FunctionalInterface
public interface DynamicUpdateHandler {
  /** Throws to reject the update; by default accepts everything. Must not block or change state. */
  default void validate(String updateName, EncodedValues args) {}

  Object handle(String updateName, EncodedValues args);
}
