package dev.aevum.persistence;

/**
 * Base of every failure the stores report. Unchecked.
 *
 * <p>{@link #isTransient()} tells whether trying again can help: true when the database could not
 * be reached or was busy, false when it rejected the operation itself (a data or constraint error)
 * and will reject it again.
 */
public class PersistenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean transientFailure;

  public PersistenceException(String message) {
    this(message, null, true);
  }

  public PersistenceException(String message, Throwable cause) {
    this(message, cause, true);
  }

  public PersistenceException(String message, Throwable cause, boolean transientFailure) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  /**
   * True if the same operation may succeed later (an outage, a conflict); false if it never will.
   */
  public boolean isTransient() {
    return transientFailure;
  }
}
