package dev.aevum.persistence;

/**
 * A write was fenced off: the shard's (or task queue's) {@code range_id} in the database is not the
 * one the writer holds, so another owner took it over. Nothing of the write was committed.
 */
public final class ShardOwnershipLostException extends PersistenceException {
  private static final long serialVersionUID = 1L;

  public ShardOwnershipLostException(String message) {
    super(message);
  }
}
