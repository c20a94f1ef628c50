package dev.aevum.persistence;

/**
 * One run-level write: a new run or an update of one. Several of them, of different runs of one
 * shard, may share a database transaction through {@link ExecutionStore#apply} (group commit).
 */
public sealed interface ExecutionMutation permits CreateExecutionRequest, UpdateExecutionRequest {
  int shardId();

  long rangeId();
}
