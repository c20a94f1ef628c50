package dev.aevum.server.history.internal;

import dev.aevum.persistence.HistoryTask;
import dev.aevum.proto.persistence.MutableState;
import dev.aevum.server.common.Errors;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.RunWatchers;
import dev.aevum.server.history.internal.execution.ShardContext;
import dev.aevum.server.history.internal.query.QueryBuffer;
import dev.aevum.server.history.internal.queue.OutboxQueues;
import dev.aevum.server.history.internal.update.UpdateRegistry;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.util.List;

/**
 * What follows a run's commit, once it is durable: its outbox tasks go to the queues, history long
 * polls of the run wake up, buffered queries see the new state, and waiting updates of a run that
 * closed are answered.
 */
public final class AfterCommit implements ShardContext.CommitListener {
  private final OutboxQueues queues;
  private final RunWatchers watchers;
  private final QueryBuffer queries;
  private final UpdateRegistry updates;

  public AfterCommit(
      OutboxQueues queues, RunWatchers watchers, QueryBuffer queries, UpdateRegistry updates) {
    this.queues = queues;
    this.watchers = watchers;
    this.queries = queries;
    this.updates = updates;
  }

  @Override
  public void committed(
      ShardContext shard,
      RunKey key,
      MutableState state,
      List<HistoryTask> tasks,
      boolean newEvents) {
    tasks.forEach(task -> queues.submit(shard, task));
    watchers.changed(key);
    queries.committed(key, state);
    if (state.getExecution().getStatus()
        != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE) {
      updates.runClosed(key, Errors.notFound("workflow execution already completed"));
    }
  }
}
