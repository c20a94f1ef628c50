package dev.aevum.server.history.internal.execution;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aevum.persistence.ConditionFailedException;
import dev.aevum.persistence.CreateExecutionRequest;
import dev.aevum.persistence.CurrentExecution;
import dev.aevum.persistence.ExecutionRecord;
import dev.aevum.persistence.ExecutionStore;
import dev.aevum.persistence.ExecutionWrite;
import dev.aevum.persistence.VisibilityRecord;
import dev.aevum.server.history.internal.visibility.Visibility;
import dev.aevum.persistence.HistoryBatch;
import dev.aevum.persistence.HistoryTask;
import dev.aevum.persistence.Persistence;
import dev.aevum.persistence.UpdateExecutionRequest;
import dev.aevum.proto.persistence.MutableState;
import dev.aevum.proto.persistence.TimerTask;
import dev.aevum.proto.persistence.TransferTask;
import dev.aevum.server.common.Errors;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.History;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One owned history shard: its lease (range id), its task id block, a cache of mutable states and
 * the per-run locks that serialise transitions. Every transition is committed before anything is
 * answered or dispatched; transitions of different runs committing at the same time share one
 * database transaction (group commit).
 */
public final class ShardContext {
  private static final int RANGE_SIZE_BITS = 20;
  private static final int LOCK_STRIPES = 1024;

  private final int shardId;
  private final ExecutionStore store;
  private final GroupCommitter committer;
  private final HistoryMetrics metrics;
  private final Persistence persistence;
  private final Clock clock;
  private final CommitListener listener;
  private final HistoryLimits limits;
  private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
  private final Map<RunKey, Cached> cache;
  private final Object taskIdLock = new Object();
  private volatile long rangeId;
  private long nextTaskId;
  private long taskIdLimit;

  /** Told about every commit, after it succeeded. */
  public interface CommitListener {
    void committed(ShardContext shard, RunKey key, MutableState state, List<HistoryTask> tasks, boolean newEvents);
  }

  private record Cached(MutableState state, long dbVersion) {}

  /**
   * How a run that outgrew its history limits is ended: {@code terminate} closes the run inside the
   * given transaction with the given reason.
   */
  public record HistoryLimits(int maxEvents, long maxBytes, java.util.function.BiConsumer<Transaction, String> terminate) {}

  /**
   * @param writers runs the shard's group commits (see {@link GroupCommitter}); shared by shards,
   *     it needs a thread per shard writing at the same time
   */
  public ShardContext(int shardId, Persistence persistence, Clock clock, int cacheSize, HistoryLimits limits,
      CommitListener listener, java.util.concurrent.Executor writers, HistoryMetrics metrics) {
    this.limits = limits;
    this.shardId = shardId;
    this.persistence = persistence;
    this.store = persistence.executions();
    this.committer = new GroupCommitter(store::apply, writers, metrics);
    this.metrics = metrics;
    this.clock = clock;
    this.listener = listener;
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
    this.cache = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<RunKey, Cached> eldest) {
        return size() > cacheSize;
      }
    };
    acquire();
  }

  private void acquire() {
    synchronized (taskIdLock) {
      rangeId = persistence.shards().acquire(shardId);
      nextTaskId = rangeId << RANGE_SIZE_BITS;
      taskIdLimit = (rangeId + 1) << RANGE_SIZE_BITS;
    }
  }

  public int shardId() {
    return shardId;
  }

  public Clock clock() {
    return clock;
  }

  public ExecutionStore store() {
    return store;
  }

  /** The run id of the workflow id's current run, if there is one. */
  public Optional<CurrentExecution> current(String namespaceId, String workflowId) {
    return store.getCurrentExecution(shardId, namespaceId, workflowId);
  }

  /** Resolves an empty run id to the current run; fails with NotFound when there is none. */
  public RunKey resolve(String namespaceId, String workflowId, String runId) {
    if (!runId.isEmpty()) {
      return new RunKey(namespaceId, workflowId, runId);
    }
    CurrentExecution current = current(namespaceId, workflowId)
        .orElseThrow(() -> Errors.notFound("workflow execution not found for workflow ID \"" + workflowId + "\""));
    return new RunKey(namespaceId, workflowId, current.runId());
  }

  /** A consistent snapshot of a run's mutable state. */
  public Optional<MutableState> read(RunKey key) {
    ReentrantLock lock = lockFor(key);
    lock.lock();
    try {
      return load(key).map(Cached::state);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs one transition of an existing run under its lock and commits what it changed.
   *
   * @throws dev.aevum.server.common.ServiceException NotFound when the run does not exist
   */
  public <T> T update(RunKey key, Function<Transaction, T> body) {
    ReentrantLock lock = lockFor(key);
    lock.lock();
    try {
      for (int attempt = 1; ; attempt++) {
        Cached cached = load(key).orElseThrow(() -> Errors.notFound(
            "workflow execution not found for workflow ID \"" + key.workflowId() + "\" and run ID \"" + key.runId() + "\""));
        Transaction tx = new Transaction(key, cached.state().toBuilder(), cached.dbVersion(), clock.millis(), false);
        T result = body.apply(tx);
        if (!tx.hasWrites()) {
          return result;
        }
        String breach = limitBreach(tx);
        if (breach != null) {
          // Temporal discards the transition, terminates the run instead, and tells the caller.
          Transaction terminate = new Transaction(key, cached.state().toBuilder(), cached.dbVersion(), clock.millis(), false);
          limits.terminate().accept(terminate, breach);
          commit(terminate, Optional.empty());
          throw Errors.invalidArgument(breach);
        }
        try {
          commit(tx, Optional.empty());
          return result;
        } catch (ConditionFailedException e) {
          // Our cached copy is stale (e.g. a write whose outcome we never learned): reload once.
          invalidate(key);
          if (attempt >= 2) {
            throw e;
          }
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private String limitBreach(Transaction tx) {
    if (!tx.isRunning()) {
      return null;
    }
    if (tx.read().getHistorySizeBytes() > limits.maxBytes()) {
      return "Workflow history size exceeds limit.";
    }
    if (tx.read().getNextEventId() - 1 > limits.maxEvents()) {
      return "Workflow history count exceeds limit.";
    }
    return null;
  }

  /**
   * Creates a run: {@code body} fills the fresh state and appends its first events. Commits with
   * the given expectation on the workflow id's current run.
   */
  public <T> T create(RunKey key, Optional<String> expectedCurrentRunId, Function<Transaction, T> body) {
    ReentrantLock lock = lockFor(key);
    lock.lock();
    try {
      MutableState.Builder fresh = MutableState.newBuilder().setNextEventId(1);
      Transaction tx = new Transaction(key, fresh, 0, clock.millis(), true);
      T result = body.apply(tx);
      commit(tx, expectedCurrentRunId);
      return result;
    } finally {
      lock.unlock();
    }
  }

  /** Deletes a closed run with its history; a later read finds nothing. */
  public void delete(RunKey key) {
    ReentrantLock lock = lockFor(key);
    lock.lock();
    try {
      store.deleteExecution(shardId, rangeId, key.namespaceId(), key.workflowId(), key.runId());
      invalidate(key);
    } finally {
      lock.unlock();
    }
  }

  /** Drops a run from the cache so the next access reloads it. */
  public void invalidate(RunKey key) {
    synchronized (cache) {
      cache.remove(key);
    }
  }

  private Optional<Cached> load(RunKey key) {
    synchronized (cache) {
      Cached cached = cache.get(key);
      if (cached != null) {
        return Optional.of(cached);
      }
    }
    Optional<ExecutionRecord> record = store.getExecution(shardId, key.namespaceId(), key.workflowId(), key.runId());
    if (record.isEmpty()) {
      return Optional.empty();
    }
    try {
      Cached cached = new Cached(MutableState.parseFrom(record.get().data()), record.get().dbVersion());
      synchronized (cache) {
        cache.put(key, cached);
      }
      return Optional.of(cached);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt mutable state of " + key, e);
    }
  }

  private void commit(Transaction tx, Optional<String> expectedCurrentRunId) {
    Prepared run = prepare(tx);
    Optional<Prepared> next = tx.newRun().map(this::prepare);
    if (tx.creating()) {
      committer.commit(new CreateExecutionRequest(shardId, rangeId, expectedCurrentRunId, run.write, run.current));
    } else {
      Optional<CurrentExecution> current = next.map(p -> p.current)
          .or(() -> tx.statusChanged() ? Optional.of(run.current) : Optional.empty());
      committer.commit(new UpdateExecutionRequest(
          shardId, rangeId, run.write, current, next.map(p -> p.write)));
    }
    countStartsAndCloses(tx);
    tx.newRun().ifPresent(this::countStartsAndCloses);
    tx.afterCommitActions().forEach(Runnable::run);
    committed(tx.key(), run);
    next.ifPresent(p -> committed(tx.newRun().orElseThrow().key(), p));
  }

  private void countStartsAndCloses(Transaction tx) {
    var execution = tx.read().getExecution();
    if (tx.creating()) {
      metrics.workflowStarted(execution.getNamespace());
    }
    if (tx.statusChanged() && !tx.isRunning()) {
      WorkflowExecutionStatus status = WorkflowExecutionStatus.forNumber(execution.getStatus());
      String name = status == null
          ? "unknown"
          : status.name().substring("WORKFLOW_EXECUTION_STATUS_".length()).toLowerCase(java.util.Locale.ROOT);
      metrics.workflowClosed(execution.getNamespace(), name);
    }
  }

  /** A run's part of a commit, ready for the store. */
  private record Prepared(MutableState state, long version, ExecutionWrite write, CurrentExecution current,
      boolean newEvents) {}

  private Prepared prepare(Transaction tx) {
    RunKey key = tx.key();
    MutableState state = tx.read().build();
    var execution = state.getExecution();
    boolean running = execution.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE;
    long newVersion = tx.loadedVersion() + 1;
    ExecutionRecord record = new ExecutionRecord(
        key.namespaceId(), key.workflowId(), key.runId(), state.getNextEventId(), newVersion,
        running ? ExecutionRecord.STATE_RUNNING : ExecutionRecord.STATE_CLOSED,
        execution.getStatus(), state.toByteArray());
    List<HistoryBatch> batches = new ArrayList<>();
    if (!tx.newEvents().isEmpty()) {
      var events = tx.newEvents();
      batches.add(new HistoryBatch(
          events.get(0).getEventId(),
          events.get(events.size() - 1).getEventId(),
          History.newBuilder().addAllEvents(events).build().toByteArray()));
    }
    List<HistoryTask> tasks = new ArrayList<>();
    for (TransferTask t : tx.transferTasks()) {
      tasks.add(new HistoryTask(HistoryTask.Category.TRANSFER, nextTaskId(), 0, t.toByteArray()));
    }
    for (TimerTask t : tx.timerTasks()) {
      tasks.add(new HistoryTask(HistoryTask.Category.TIMER, nextTaskId(), t.getFireTimeMs(), t.toByteArray()));
    }
    CurrentExecution current = new CurrentExecution(
        key.runId(), execution.getCreateRequestId(), record.state(), execution.getStatus(), execution.getStartTimeMs());
    Optional<VisibilityRecord> visibility =
        tx.visibilityChanged() ? Optional.of(Visibility.record(key, state)) : Optional.empty();
    return new Prepared(state, newVersion, new ExecutionWrite(record, batches, tasks, visibility), current,
        !batches.isEmpty());
  }

  private void committed(RunKey key, Prepared run) {
    synchronized (cache) {
      cache.put(key, new Cached(run.state, run.version));
    }
    listener.committed(this, key, run.state, run.write.tasks(), run.newEvents);
  }

  private long nextTaskId() {
    synchronized (taskIdLock) {
      if (nextTaskId >= taskIdLimit) {
        rangeId = persistence.shards().renewRange(shardId, rangeId);
        nextTaskId = rangeId << RANGE_SIZE_BITS;
        taskIdLimit = (rangeId + 1) << RANGE_SIZE_BITS;
      }
      return nextTaskId++;
    }
  }

  private ReentrantLock lockFor(RunKey key) {
    return locks[Math.floorMod(key.hashCode(), LOCK_STRIPES)];
  }
}
