package dev.aevum.persistence;

/**
 * The database was asked to commit but its answer never arrived (the connection broke during the
 * commit). The write may or may not be durable: the caller must find out by reading before it acts
 * on either assumption. Temporal calls these in-doubt writes.
 */
public final class CommitOutcomeUnknownException extends PersistenceException {
  private static final long serialVersionUID = 1L;

  public CommitOutcomeUnknownException(String message, Throwable cause) {
    super(message, cause);
  }
}
