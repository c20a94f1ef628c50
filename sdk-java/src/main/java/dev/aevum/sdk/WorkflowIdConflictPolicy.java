package dev.aevum.sdk;

/** What a start does when a run with the same workflow id is still running. */
public enum WorkflowIdConflictPolicy {
  /** Reject the start (WorkflowAlreadyStartedException). */
  FAIL,
  /** Return the running workflow's handle instead of starting. */
  USE_EXISTING,
  /** Terminate the running workflow and start a new run. */
  TERMINATE_EXISTING
}
