package dev.aevum.sdk.workflow;

import dev.aevum.sdk.converter.EncodedValues;

/**
 * Implemented by a workflow class (instead of a {@code @WorkflowInterface}) to run every workflow
 * type that no other registered class implements. {@code Workflow.getInfo().workflowType()} tells
 * which type it runs. Signals reach it through {@link Workflow#registerDynamicSignalHandler}.
 */
public interface DynamicWorkflow {
  Object execute(EncodedValues args);
}
