package dev.aevum.persistence;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What List/CountWorkflowExecutions know of one run: the columns queries filter on, the custom
 * search attributes, and the answer itself as an opaque blob.
 *
 * @param status the temporal.api.enums.v1.WorkflowExecutionStatus number
 * @param closeTimeMs empty while the run is open
 * @param info the serialized temporal.api.workflow.v1.WorkflowExecutionInfo returned by listings
 */
public record VisibilityRecord(
    String namespaceId,
    String runId,
    String workflowId,
    String workflowType,
    String taskQueue,
    int status,
    long startTimeMs,
    long executionTimeMs,
    OptionalLong closeTimeMs,
    long historyLength,
    byte[] info,
    List<VisibilityAttribute> attributes) {

  public VisibilityRecord {
    Objects.requireNonNull(namespaceId, "namespaceId");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(workflowId, "workflowId");
    Objects.requireNonNull(workflowType, "workflowType");
    Objects.requireNonNull(taskQueue, "taskQueue");
    Objects.requireNonNull(closeTimeMs, "closeTimeMs");
    Objects.requireNonNull(info, "info");
    attributes = List.copyOf(attributes);
  }
}
