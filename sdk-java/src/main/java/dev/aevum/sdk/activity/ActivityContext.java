package dev.aevum.sdk.activity;

import java.util.Optional;

/** What an activity can ask of the worker while it runs. */
public interface ActivityContext {

  ActivityInfo info();

  /**
   * Tells the server the activity is alive and records progress details that the next attempt can
   * read. Throws {@link dev.aevum.sdk.failure.CanceledFailure} when cancellation was requested.
   */
  void heartbeat(Object details);

  /** Details of the last heartbeat of a previous attempt, if any. */
  <T> Optional<T> heartbeatDetails(Class<T> type);

  /** The opaque token that identifies this attempt, for {@code ActivityCompletionClient}. */
  byte[] taskToken();

  /**
   * The activity method's return does not complete the activity: something else completes it later
   * through {@code AevumClient.newActivityCompletionClient()}, by task token or by id. An exception
   * thrown by the method still fails the attempt.
   */
  void doNotCompleteOnReturn();
}
