package dev.aevum.server.history.internal.workflow;

import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.ShardContext;
import io.temporal.api.common.v1.Payloads;

/**
 * TerminateWorkflowExecution as a transition of its own (also start with TERMINATE_EXISTING); the
 * close itself is {@link WorkflowEnd#terminate}.
 */
public final class TerminateWorkflow {

  public void terminate(ShardContext shard, RunKey key, String reason, String identity) {
    shard.update(
        key,
        tx -> {
          WorkflowEnd.terminate(tx, reason, Payloads.getDefaultInstance(), identity);
          return null;
        });
  }
}
