package dev.aevum.persistence;

import java.util.Collection;
import java.util.List;

/**
 * Persisted task queue backlogs, with a lease per queue: the owner takes a queue by incrementing
 * its range id, and every append checks it in the same transaction.
 */
public interface TaskQueueStore {

  /**
   * Takes the lease of a queue: creates it (range id 1) or increments its range id.
   *
   * @return the new range id; task ids for this owner come from {@code [(rangeId-1)*B+1,
   *     rangeId*B]}
   */
  long acquire(TaskQueueKey key);

  /**
   * Appends tasks to the backlog.
   *
   * @throws ShardOwnershipLostException if the queue's range id is not {@code rangeId}
   */
  void append(TaskQueueKey key, long rangeId, List<BacklogEntry> tasks);

  /** Backlog tasks with id greater than {@code afterTaskId}, by id. */
  List<BacklogEntry> read(TaskQueueKey key, long afterTaskId, int limit);

  /** Removes dispatched tasks. Missing ids are ignored. */
  void delete(TaskQueueKey key, Collection<Long> taskIds);
}
