package dev.aevum.sdk.failure;

/** Which timeout fired (Temporal's timeout types). */
public enum TimeoutType {
  START_TO_CLOSE,
  SCHEDULE_TO_START,
  SCHEDULE_TO_CLOSE,
  HEARTBEAT,
  /** The server reported none, or one this SDK does not know. */
  UNSPECIFIED
}
