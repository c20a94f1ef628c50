package dev.aevum.persistence;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Workflow runs, their histories and their shard's outbox tasks. Every write is one transaction
 * that first checks the shard's range id (fencing) and then the run's version.
 */
public interface ExecutionStore {

  Optional<CurrentExecution> getCurrentExecution(
      int shardId, String namespaceId, String workflowId);

  Optional<ExecutionRecord> getExecution(
      int shardId, String namespaceId, String workflowId, String runId);

  /**
   * @throws ShardOwnershipLostException if the shard's range id is not {@code request.rangeId()}
   * @throws CurrentExecutionConditionFailedException if the current-run pointer is not as expected
   */
  void createExecution(CreateExecutionRequest request);

  /**
   * @throws ShardOwnershipLostException if the shard's range id is not {@code request.rangeId()}
   * @throws ConditionFailedException if the stored run is not at version {@code dbVersion - 1}, or
   *     the current-run pointer does not point at this run when {@code current} is given
   */
  void updateExecution(UpdateExecutionRequest request);

  /**
   * Applies several mutations, each checked as {@link #createExecution} and {@link
   * #updateExecution} check theirs, in one transaction and in order: all are written or, when one
   * fails, none is and its exception is thrown. The mutations may belong to several shards; each
   * shard's range id is checked once.
   */
  default void apply(List<ExecutionMutation> mutations) {
    apply(mutations, List.of());
  }

  /**
   * As {@link #apply(List)}, also deleting executed outbox tasks in the same transaction, so that
   * deletions cost no transaction of their own.
   */
  void apply(List<ExecutionMutation> mutations, List<OutboxDeletion> deletions);

  /**
   * Deletes a run, its history, (if it is current) its current-run pointer and its visibility row.
   * Fenced.
   *
   * @param visibilityNamespaceId the namespace id the run's visibility row is listed under: {@code
   *     namespaceId}, or another for runs listed apart (see {@link ExecutionWrite})
   */
  void deleteExecution(
      int shardId,
      long rangeId,
      String namespaceId,
      String workflowId,
      String runId,
      String visibilityNamespaceId);

  /**
   * Batches of a run's history that hold events in [{@code fromEventId}, {@code
   * toEventIdExclusive}), in event order. The first batch may start before {@code fromEventId}.
   */
  List<HistoryBatch> readHistory(
      int shardId,
      String namespaceId,
      String workflowId,
      String runId,
      long fromEventId,
      long toEventIdExclusive,
      int maxBatches);

  /**
   * Batches of a run's history whose first event id is at most {@code maxEventIdInclusive}, newest
   * first.
   */
  List<HistoryBatch> readHistoryReverse(
      int shardId,
      String namespaceId,
      String workflowId,
      String runId,
      long maxEventIdInclusive,
      int maxBatches);

  /** Outbox tasks of a category with task id greater than {@code afterTaskId}, by task id. */
  List<HistoryTask> loadTasks(
      int shardId, HistoryTask.Category category, long afterTaskId, int limit);

  /** Removes executed outbox tasks. Missing ids are ignored. */
  void deleteTasks(int shardId, HistoryTask.Category category, Collection<Long> taskIds);
}
