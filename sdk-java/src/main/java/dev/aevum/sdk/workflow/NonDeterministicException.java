package dev.aevum.sdk.workflow;

/**
 * Replaying the workflow code produced a different command than the one recorded in history: the
 * code changed in a way that is not compatible with running executions. The message names the
 * command history expects, the one the code produced, and the event id.
 */
public final class NonDeterministicException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final long eventId;

  public NonDeterministicException(String message, long eventId) {
    super(message);
    this.eventId = eventId;
  }

  /** The history event at which replay diverged. */
  public long eventId() {
    return eventId;
  }
}
