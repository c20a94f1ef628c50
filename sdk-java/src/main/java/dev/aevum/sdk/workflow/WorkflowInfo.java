package dev.aevum.sdk.workflow;

/** Facts about the running workflow execution, as recorded in its start event. */
public record WorkflowInfo(
    String namespace,
    String workflowId,
    String runId,
    String workflowType,
    String taskQueue,
    int attempt) {}
