package dev.aevum.persistence;

import java.util.Objects;

/**
 * One stored workflow run: the mutable-state blob plus the columns queries and checks need.
 *
 * @param dbVersion optimistic-concurrency version; 1 at creation, +1 per update
 * @param state {@link #STATE_RUNNING} or {@link #STATE_CLOSED}
 * @param status the temporal.api.enums.v1.WorkflowExecutionStatus number
 * @param data the serialized mutable state (opaque to the store)
 */
public record ExecutionRecord(
    String namespaceId,
    String workflowId,
    String runId,
    long nextEventId,
    long dbVersion,
    int state,
    int status,
    byte[] data) {

  public static final int STATE_RUNNING = 1;
  public static final int STATE_CLOSED = 2;

  public ExecutionRecord {
    Objects.requireNonNull(namespaceId, "namespaceId");
    Objects.requireNonNull(workflowId, "workflowId");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(data, "data");
  }
}
