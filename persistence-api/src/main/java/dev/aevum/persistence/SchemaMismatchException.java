package dev.aevum.persistence;

/**
 * The database schema is missing or not at the version this build needs. The message says how to
 * fix it.
 */
public final class SchemaMismatchException extends PersistenceException {
  private static final long serialVersionUID = 1L;

  public SchemaMismatchException(String message) {
    super(message, null, false);
  }
}
