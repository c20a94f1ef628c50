package dev.aevum.persistence;

import java.util.Objects;
import java.util.Optional;

/**
 * Updates a run atomically with its new history batches and tasks.
 *
 * @param shardId the shard the workflow id belongs to
 * @param rangeId the range id the writer holds; the write fails if the shard moved on
 * @param write the run's new row; its dbVersion must be the stored one + 1
 * @param current when present, the workflow id's current-run pointer (which must point at this run)
 *     is replaced by it, e.g. to record the close status or to point at {@code newRun}
 * @param newRun a run created in the same transaction (continue-as-new, retry, cron)
 */
public record UpdateExecutionRequest(
    int shardId,
    long rangeId,
    ExecutionWrite write,
    Optional<CurrentExecution> current,
    Optional<ExecutionWrite> newRun)
    implements ExecutionMutation {
  public UpdateExecutionRequest {
    Objects.requireNonNull(write, "write");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(newRun, "newRun");
  }
}
