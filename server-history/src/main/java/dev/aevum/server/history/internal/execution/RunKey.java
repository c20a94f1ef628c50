package dev.aevum.server.history.internal.execution;

import java.util.Objects;

/** Identifies one workflow run. */
public record RunKey(String namespaceId, String workflowId, String runId) {
  public RunKey {
    Objects.requireNonNull(namespaceId, "namespaceId");
    Objects.requireNonNull(workflowId, "workflowId");
    Objects.requireNonNull(runId, "runId");
  }
}
