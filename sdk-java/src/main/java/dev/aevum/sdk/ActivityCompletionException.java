package dev.aevum.sdk;

/** The activity addressed by an {@link ActivityCompletionClient} call no longer exists or waits. */
public final class ActivityCompletionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ActivityCompletionException(String message, Throwable cause) {
    super(message, cause);
  }
}
