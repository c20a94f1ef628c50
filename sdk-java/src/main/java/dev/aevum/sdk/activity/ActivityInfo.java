package dev.aevum.sdk.activity;

/** Facts about the running activity attempt. {@code attempt} starts at 1. */
public record ActivityInfo(
    String namespace,
    String activityId,
    String activityType,
    int attempt,
    String workflowId,
    String runId,
    String workflowType,
    String taskQueue) {}
