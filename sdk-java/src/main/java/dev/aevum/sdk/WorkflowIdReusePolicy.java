package dev.aevum.sdk;

/** Whether a workflow id may be used again after a run with that id closed. */
public enum WorkflowIdReusePolicy {
  ALLOW_DUPLICATE,
  ALLOW_DUPLICATE_FAILED_ONLY,
  REJECT_DUPLICATE,
  TERMINATE_IF_RUNNING
}
