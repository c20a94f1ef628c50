package dev.aevum.sdk;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What DescribeWorkflowExecution reports about one run. */
public record WorkflowDescription(
    String workflowId,
    String runId,
    String workflowType,
    String taskQueue,
    WorkflowStatus status,
    Instant startTime,
    Optional<Instant> closeTime,
    long historyLength,
    Map<String, Object> searchAttributes) {}
