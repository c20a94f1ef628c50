package dev.aevum.server.history.internal.execution;

import dev.aevum.persistence.ClusterMetadataStore;
import dev.aevum.persistence.CommitOutcomeUnknownException;
import dev.aevum.persistence.CreateExecutionRequest;
import dev.aevum.persistence.CurrentExecution;
import dev.aevum.persistence.ExecutionMutation;
import dev.aevum.persistence.ExecutionRecord;
import dev.aevum.persistence.ExecutionStore;
import dev.aevum.persistence.HistoryBatch;
import dev.aevum.persistence.HistoryTask;
import dev.aevum.persistence.NamespaceStore;
import dev.aevum.persistence.OutboxDeletion;
import dev.aevum.persistence.Persistence;
import dev.aevum.persistence.PersistenceException;
import dev.aevum.persistence.ShardStore;
import dev.aevum.persistence.TaskQueueStore;
import dev.aevum.persistence.UpdateExecutionRequest;
import dev.aevum.persistence.VisibilityStore;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A real store with switchable faults in front of its execution writes and reads: a write that
 * commits but whose answer is lost, a write whose commit is lost with it, and reads that fail as if
 * the database were unreachable.
 */
final class FaultyPersistence implements Persistence {
  enum CommitFault {
    NONE,
    DURABLE_ANSWER_LOST,
    LOST_WITH_ITS_ANSWER
  }

  private final Persistence real;
  private final Executions executions = new Executions();
  volatile CommitFault nextCommit = CommitFault.NONE;
  volatile boolean readsFail;

  FaultyPersistence(Persistence real) {
    this.real = real;
  }

  private final class Executions implements ExecutionStore {
    private ExecutionStore store() {
      return real.executions();
    }

    private void read() {
      if (readsFail) {
        throw new PersistenceException("read failed: the database is unreachable (injected)");
      }
    }

    private void write(Runnable write) {
      CommitFault fault = nextCommit;
      nextCommit = CommitFault.NONE;
      if (fault != CommitFault.LOST_WITH_ITS_ANSWER) {
        write.run();
      }
      if (fault != CommitFault.NONE) {
        throw new CommitOutcomeUnknownException("commit answer lost (injected)", null);
      }
    }

    @Override
    public Optional<CurrentExecution> getCurrentExecution(
        int shardId, String namespaceId, String workflowId) {
      read();
      return store().getCurrentExecution(shardId, namespaceId, workflowId);
    }

    @Override
    public Optional<ExecutionRecord> getExecution(
        int shardId, String namespaceId, String workflowId, String runId) {
      read();
      return store().getExecution(shardId, namespaceId, workflowId, runId);
    }

    @Override
    public void createExecution(CreateExecutionRequest request) {
      write(() -> store().createExecution(request));
    }

    @Override
    public void updateExecution(UpdateExecutionRequest request) {
      write(() -> store().updateExecution(request));
    }

    @Override
    public void apply(List<ExecutionMutation> mutations, List<OutboxDeletion> deletions) {
      write(() -> store().apply(mutations, deletions));
    }

    @Override
    public void deleteExecution(
        int shardId,
        long rangeId,
        String namespaceId,
        String workflowId,
        String runId,
        String visibilityNamespaceId) {
      store()
          .deleteExecution(shardId, rangeId, namespaceId, workflowId, runId, visibilityNamespaceId);
    }

    @Override
    public List<HistoryBatch> readHistory(
        int shardId,
        String namespaceId,
        String workflowId,
        String runId,
        long fromEventId,
        long toEventIdExclusive,
        int maxBatches) {
      read();
      return store()
          .readHistory(
              shardId, namespaceId, workflowId, runId, fromEventId, toEventIdExclusive, maxBatches);
    }

    @Override
    public List<HistoryBatch> readHistoryReverse(
        int shardId,
        String namespaceId,
        String workflowId,
        String runId,
        long maxEventIdInclusive,
        int maxBatches) {
      read();
      return store()
          .readHistoryReverse(
              shardId, namespaceId, workflowId, runId, maxEventIdInclusive, maxBatches);
    }

    @Override
    public List<HistoryTask> loadTasks(
        int shardId, HistoryTask.Category category, long afterTaskId, int limit) {
      read();
      return store().loadTasks(shardId, category, afterTaskId, limit);
    }

    @Override
    public void deleteTasks(int shardId, HistoryTask.Category category, Collection<Long> taskIds) {
      store().deleteTasks(shardId, category, taskIds);
    }
  }

  @Override
  public String migrate() {
    return real.migrate();
  }

  @Override
  public void validateSchema() {
    real.validateSchema();
  }

  @Override
  public boolean writesInParallel() {
    return real.writesInParallel();
  }

  @Override
  public boolean isReachable(Duration timeout) {
    return !readsFail && real.isReachable(timeout);
  }

  @Override
  public ClusterMetadataStore clusterMetadata() {
    return real.clusterMetadata();
  }

  @Override
  public ShardStore shards() {
    return real.shards();
  }

  @Override
  public ExecutionStore executions() {
    return executions;
  }

  @Override
  public NamespaceStore namespaces() {
    return real.namespaces();
  }

  @Override
  public TaskQueueStore taskQueues() {
    return real.taskQueues();
  }

  @Override
  public VisibilityStore visibility() {
    return real.visibility();
  }

  @Override
  public void close() {
    real.close();
  }
}
