package dev.aevum.sdk.workflow;

/** What the server does to a running child workflow when its parent closes. */
public enum ParentClosePolicy {
  /** Terminate the child (the server's default). */
  TERMINATE,
  /** Let the child run on. */
  ABANDON,
  /** Ask the child to cancel; its code decides how. */
  REQUEST_CANCEL
}
