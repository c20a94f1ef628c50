package dev.aevum.persistence;

/** A row with the same unique key already exists. Nothing was written. */
public final class AlreadyExistsException extends PersistenceException {
  private static final long serialVersionUID = 1L;

  public AlreadyExistsException(String message) {
    super(message, null, false);
  }
}
