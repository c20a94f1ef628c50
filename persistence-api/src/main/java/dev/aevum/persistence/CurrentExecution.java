package dev.aevum.persistence;

import java.util.Objects;

/**
 * The pointer from a workflow id to its current (latest) run, which enforces workflow-id
 * uniqueness.
 *
 * @param runId the current run
 * @param createRequestId the request id of the start that created that run, for dedup
 * @param state {@link ExecutionRecord#STATE_RUNNING} or {@link ExecutionRecord#STATE_CLOSED}
 * @param status the temporal.api.enums.v1.WorkflowExecutionStatus number
 * @param startTimeMs when the run started
 */
public record CurrentExecution(
    String runId, String createRequestId, int state, int status, long startTimeMs) {
  public CurrentExecution {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(createRequestId, "createRequestId");
  }
}
