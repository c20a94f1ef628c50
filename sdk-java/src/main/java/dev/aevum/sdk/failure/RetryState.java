package dev.aevum.sdk.failure;

/** Why the server stopped retrying an activity or a child workflow (Temporal's retry states). */
public enum RetryState {
  /** Still being retried. */
  IN_PROGRESS,
  /** The failure was marked non-retryable, or its type is in the policy's non-retryable list. */
  NON_RETRYABLE_FAILURE,
  /** A timeout (schedule-to-close, workflow execution) left no time for another attempt. */
  TIMEOUT,
  /** The retry policy's maximum attempts were used up. */
  MAXIMUM_ATTEMPTS_REACHED,
  /** There was no retry policy. */
  RETRY_POLICY_NOT_SET,
  /** The server could not retry. */
  INTERNAL_SERVER_ERROR,
  /** Cancellation was requested. */
  CANCEL_REQUESTED,
  /** The server reported none, or one this SDK does not know. */
  UNSPECIFIED
}
