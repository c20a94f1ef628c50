package dev.aevum.sdk;

/** Where a workflow run stands (Temporal's workflow execution statuses). */
public enum WorkflowStatus {
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELED,
  TERMINATED,
  CONTINUED_AS_NEW,
  TIMED_OUT,
  /** The server reported none, or one this SDK does not know. */
  UNSPECIFIED
}
