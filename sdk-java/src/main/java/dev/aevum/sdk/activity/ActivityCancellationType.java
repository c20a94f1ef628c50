package dev.aevum.sdk.activity;

/** How a workflow waits when it cancels an activity it started. */
public enum ActivityCancellationType {
  /**
   * Request cancellation and fail the call with a canceled failure at once (Temporal's default).
   */
  TRY_CANCEL,
  /** Request cancellation and wait until the activity acknowledges it, completes or fails. */
  WAIT_CANCELLATION_COMPLETED
}
