package dev.aevum.persistence;

/**
 * An optimistic-concurrency check failed: the stored row is not at the version the writer read.
 * Nothing of the write was committed; reload and retry.
 */
public final class ConditionFailedException extends PersistenceException {
  private static final long serialVersionUID = 1L;

  public ConditionFailedException(String message) {
    super(message);
  }
}
