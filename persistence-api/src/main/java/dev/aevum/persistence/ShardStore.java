package dev.aevum.persistence;

/**
 * History shard leases. Each shard row holds a {@code range_id}; an owner takes the shard by
 * incrementing it, and every execution write checks it in the same transaction, so a stale owner
 * can never commit.
 */
public interface ShardStore {

  /**
   * Takes ownership of a shard: creates its row (range id 1) or increments its range id.
   *
   * @return the new range id, which the caller passes to every write of the shard
   */
  long acquire(int shardId);

  /**
   * Moves an owned shard to the next range (to get a fresh block of task ids).
   *
   * @return the new range id ({@code expectedRangeId + 1})
   * @throws ShardOwnershipLostException if the stored range id is not {@code expectedRangeId}
   */
  long renewRange(int shardId, long expectedRangeId);
}
