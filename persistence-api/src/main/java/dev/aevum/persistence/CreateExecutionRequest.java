package dev.aevum.persistence;

import java.util.Objects;
import java.util.Optional;

/**
 * Creates a run and makes it the workflow id's current run, atomically with its first history batch
 * and tasks.
 *
 * @param shardId the shard the workflow id belongs to
 * @param rangeId the range id the writer holds; the write fails if the shard moved on
 * @param expectedCurrentRunId empty for a brand-new workflow id (fails if any current run exists);
 *     otherwise the closed run the new one replaces (fails if the current run is another)
 * @param write the new run (its dbVersion must be 1)
 * @param current the new current-run pointer (its runId is the new run's)
 */
public record CreateExecutionRequest(
    int shardId,
    long rangeId,
    Optional<String> expectedCurrentRunId,
    ExecutionWrite write,
    CurrentExecution current)
    implements ExecutionMutation {
  public CreateExecutionRequest {
    Objects.requireNonNull(expectedCurrentRunId, "expectedCurrentRunId");
    Objects.requireNonNull(write, "write");
    Objects.requireNonNull(current, "current");
  }
}
