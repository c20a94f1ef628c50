package dev.aevum.server.history.internal.execution;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aevum.persistence.CommitOutcomeUnknownException;
import dev.aevum.persistence.ConditionFailedException;
import dev.aevum.persistence.CreateExecutionRequest;
import dev.aevum.persistence.CurrentExecution;
import dev.aevum.persistence.CurrentExecutionConditionFailedException;
import dev.aevum.persistence.ExecutionMutation;
import dev.aevum.persistence.ExecutionRecord;
import dev.aevum.persistence.ExecutionStore;
import dev.aevum.persistence.ExecutionWrite;
import dev.aevum.persistence.HistoryBatch;
import dev.aevum.persistence.HistoryTask;
import dev.aevum.persistence.Persistence;
import dev.aevum.persistence.PersistenceException;
import dev.aevum.persistence.UpdateExecutionRequest;
import dev.aevum.persistence.VisibilityRecord;
import dev.aevum.proto.persistence.MutableState;
import dev.aevum.proto.persistence.TimerTask;
import dev.aevum.proto.persistence.TransferTask;
import dev.aevum.server.common.Errors;
import dev.aevum.server.history.internal.metrics.HistoryMetrics;
import io.grpc.Context;
import io.grpc.Deadline;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One owned history shard: its lease (range id), its task id block, a cache of mutable states and
 * the per-run locks that serialise transitions. Every transition is committed before anything is
 * answered or dispatched; transitions of different runs committing at the same time share one
 * database transaction (group commit).
 */
public final class ShardContext {
  private static final int RANGE_SIZE_BITS = 20;
  private static final int LOCK_STRIPES = 1024;

  /** How long a call without a deadline (an outbox task) waits to learn a lost commit's outcome. */
  private static final Duration SETTLE_WITHOUT_DEADLINE = Duration.ofSeconds(5);

  /** The longest a caller with a deadline waits for it, however far its deadline is. */
  private static final Duration SETTLE_WITH_DEADLINE_MAX = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(ShardContext.class);

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
  private final CurrentRuns currentRuns;
  private final EventCache events;

  /**
   * Writes whose commit outcome is unknown, by run; each is settled before its run is served again.
   */
  private final Map<RunKey, InDoubt> inDoubt = new ConcurrentHashMap<>();

  private final Object taskIdLock = new Object();
  private volatile long rangeId;
  private long nextTaskId;
  private long taskIdLimit;

  /** Told about every commit, after it succeeded. */
  public interface CommitListener {
    void committed(
        ShardContext shard,
        RunKey key,
        MutableState state,
        List<HistoryTask> tasks,
        boolean newEvents);
  }

  private record Cached(MutableState state, long dbVersion) {}

  /**
   * How a run that outgrew its history limits is ended: {@code terminate} closes the run inside the
   * given transaction with the given reason.
   */
  public record HistoryLimits(
      int maxEvents, long maxBytes, BiConsumer<Transaction, String> terminate) {}

  /**
   * What every shard of a history host shares: the database, the clock, one group committer (so
   * transitions of different shards share transactions), the history cache and the meters.
   */
  public record Shared(
      Persistence persistence,
      Clock clock,
      GroupCommitter committer,
      EventCache events,
      HistoryMetrics metrics) {}

  public ShardContext(
      int shardId, Shared shared, int cacheSize, HistoryLimits limits, CommitListener listener) {
    this.limits = limits;
    this.shardId = shardId;
    this.persistence = shared.persistence();
    this.store = persistence.executions();
    this.committer = shared.committer();
    this.events = shared.events();
    Clock clock = shared.clock();
    HistoryMetrics metrics = shared.metrics();
    this.metrics = metrics;
    this.clock = clock;
    this.listener = listener;
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
    this.currentRuns = new CurrentRuns(cacheSize);
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
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
    return currentRuns.get(
        namespaceId, workflowId, () -> store.getCurrentExecution(shardId, namespaceId, workflowId));
  }

  /**
   * The workflow id's current run as far as this owner knows without a read: empty when there is
   * none and when it is not cached. For a create that may guess "none": the store refuses a create
   * that expects no current run where there is one ({@link
   * CurrentExecutionConditionFailedException}, naming it), and this owner then knows it.
   */
  public Optional<CurrentExecution> currentIfCached(String namespaceId, String workflowId) {
    return currentRuns.cached(namespaceId, workflowId);
  }

  /** Resolves an empty run id to the current run; fails with NotFound when there is none. */
  public RunKey resolve(String namespaceId, String workflowId, String runId) {
    if (!runId.isEmpty()) {
      return new RunKey(namespaceId, workflowId, runId);
    }
    CurrentExecution current =
        current(namespaceId, workflowId)
            .orElseThrow(
                () ->
                    Errors.notFound(
                        "workflow execution not found for workflow ID \"" + workflowId + "\""));
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
        Cached cached =
            load(key)
                .orElseThrow(
                    () ->
                        Errors.notFound(
                            "workflow execution not found for workflow ID \""
                                + key.workflowId()
                                + "\" and run ID \""
                                + key.runId()
                                + "\""));
        Transaction tx =
            new Transaction(
                key, cached.state().toBuilder(), cached.dbVersion(), clock.millis(), false);
        T result = body.apply(tx);
        if (!tx.hasWrites()) {
          return result;
        }
        String breach = limitBreach(tx);
        if (breach != null) {
          // Temporal discards the transition, terminates the run instead, and tells the caller.
          Transaction terminate =
              new Transaction(
                  key, cached.state().toBuilder(), cached.dbVersion(), clock.millis(), false);
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
  public <T> T create(
      RunKey key, Optional<String> expectedCurrentRunId, Function<Transaction, T> body) {
    ReentrantLock lock = lockFor(key);
    lock.lock();
    try {
      MutableState.Builder fresh = MutableState.newBuilder().setNextEventId(1);
      Transaction tx = new Transaction(key, fresh, 0, clock.millis(), true);
      T result = body.apply(tx);
      try {
        commit(tx, expectedCurrentRunId);
      } catch (CurrentExecutionConditionFailedException e) {
        currentRuns.learned(key.namespaceId(), key.workflowId(), e.current());
        throw e;
      }
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
      store.deleteExecution(
          shardId,
          rangeId,
          key.namespaceId(),
          key.workflowId(),
          key.runId(),
          Visibility.namespaceId(key));
    } finally {
      currentRuns.forget(key.namespaceId(), key.workflowId());
      events.forget(key);
      invalidate(
          key); // also when the delete's outcome is unknown: the next access reads what is stored
      lock.unlock();
    }
  }

  /**
   * The run's cached history batches covering [{@code from}, {@code toExclusive}), if all are
   * cached.
   */
  Optional<List<EventCache.Batch>> cachedHistory(RunKey key, long from, long toExclusive) {
    return events.read(key, from, toExclusive);
  }

  /** An executed outbox task: deleted with the next transaction. */
  public void taskDone(HistoryTask task) {
    committer.delete(shardId, task.category(), task.taskId());
  }

  /** Drops a run from the cache so the next access reloads it. */
  public void invalidate(RunKey key) {
    synchronized (cache) {
      cache.remove(key);
    }
  }

  private Optional<Cached> load(RunKey key) {
    InDoubt doubt = inDoubt.get(key);
    if (doubt != null && !settle(doubt, settleDeadline())) {
      throw Errors.unavailable(
          "the outcome of an earlier write of workflow ID \""
              + key.workflowId()
              + "\" and run ID \""
              + key.runId()
              + "\" is not known yet (the database is unreachable); retry");
    }
    synchronized (cache) {
      Cached cached = cache.get(key);
      if (cached != null) {
        return Optional.of(cached);
      }
    }
    Optional<ExecutionRecord> record =
        store.getExecution(shardId, key.namespaceId(), key.workflowId(), key.runId());
    if (record.isEmpty()) {
      return Optional.empty();
    }
    try {
      Cached cached =
          new Cached(MutableState.parseFrom(record.get().data()), record.get().dbVersion());
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
    ExecutionMutation mutation;
    Optional<CurrentExecution> current;
    if (tx.creating()) {
      current = Optional.of(run.current);
      mutation =
          new CreateExecutionRequest(
              shardId, rangeId, expectedCurrentRunId, run.write, run.current);
    } else {
      current =
          next.map(p -> p.current)
              .or(() -> tx.statusChanged() ? Optional.of(run.current) : Optional.empty());
      mutation =
          new UpdateExecutionRequest(shardId, rangeId, run.write, current, next.map(p -> p.write));
    }
    try {
      committer.commit(mutation);
    } catch (CommitOutcomeUnknownException e) {
      currentRuns.forget(tx.key().namespaceId(), tx.key().workflowId());
      settleOrThrow(
          new InDoubt(
              tx.key(),
              run.version,
              next.map(p -> tx.newRun().orElseThrow().key()),
              () -> afterDurable(tx, run, next, current)),
          e);
    }
    afterDurable(tx, run, next, current);
  }

  /**
   * Everything that follows a durable commit: caches, meters, the transition's callbacks,
   * listeners.
   */
  private void afterDurable(
      Transaction tx, Prepared run, Optional<Prepared> next, Optional<CurrentExecution> current) {
    current.ifPresent(c -> currentRuns.committed(tx.key().namespaceId(), tx.key().workflowId(), c));
    countStartsAndCloses(tx);
    tx.newRun().ifPresent(this::countStartsAndCloses);
    tx.afterCommitActions().forEach(Runnable::run);
    committed(tx.key(), run);
    next.ifPresent(p -> committed(tx.newRun().orElseThrow().key(), p));
  }

  /**
   * After a commit whose answer was lost: returns if the write turned out durable (the caller goes
   * on as after any commit), throws UNAVAILABLE if it was not. While the database cannot tell, the
   * run is parked as in doubt: it is settled before it is served again, and in the background by
   * {@link #settleInDoubt()}, so tasks written with it always reach the queues.
   */
  private void settleOrThrow(InDoubt doubt, CommitOutcomeUnknownException cause) {
    invalidate(doubt.key);
    doubt.nextRun.ifPresent(this::invalidate);
    events.forget(doubt.key);
    doubt.nextRun.ifPresent(events::forget);
    log.warn(
        "commit of workflow ID \"{}\" run ID \"{}\" (shard {}) has an unknown outcome; reading it back: {}",
        doubt.key.workflowId(),
        doubt.key.runId(),
        shardId,
        cause.getMessage());
    metrics.inDoubtCommit();
    Optional<Boolean> durable = outcome(doubt, settleDeadline());
    if (durable.isEmpty()) {
      inDoubt.put(doubt.key, doubt);
      throw Errors.unavailable(
          "the database did not confirm the write of workflow ID \""
              + doubt.key.workflowId()
              + "\"; it takes effect if it was durable, which the server checks once the database answers");
    }
    if (!durable.get()) {
      throw Errors.unavailable(
          "the write of workflow ID \""
              + doubt.key.workflowId()
              + "\" did not reach the database; retry");
    }
    // durable: return, the caller runs the committed path
  }

  private void countStartsAndCloses(Transaction tx) {
    var execution = tx.read().getExecution();
    if (tx.creating()) {
      metrics.workflowStarted(execution.getNamespace());
    }
    if (tx.statusChanged() && !tx.isRunning()) {
      WorkflowExecutionStatus status = WorkflowExecutionStatus.forNumber(execution.getStatus());
      String name =
          status == null
              ? "unknown"
              : status
                  .name()
                  .substring("WORKFLOW_EXECUTION_STATUS_".length())
                  .toLowerCase(Locale.ROOT);
      metrics.workflowClosed(execution.getNamespace(), name);
    }
  }

  /** A write whose commit outcome is unknown, and what to do once it is known to be durable. */
  private record InDoubt(RunKey key, long version, Optional<RunKey> nextRun, Runnable onDurable) {}

  /**
   * Reads the run back until {@code deadlineNanos}: its version says whether the write is durable,
   * because the run's row changes in the same transaction as everything else the write holds, and
   * the run's lock (held by the caller) keeps anyone else from writing it meanwhile.
   *
   * @return whether the write is durable, or empty if the database could not tell in time
   */
  private Optional<Boolean> outcome(InDoubt doubt, long deadlineNanos) {
    long backoffMs = 50;
    while (true) {
      try {
        Optional<ExecutionRecord> stored =
            store.getExecution(
                shardId, doubt.key.namespaceId(), doubt.key.workflowId(), doubt.key.runId());
        return Optional.of(stored.map(r -> r.dbVersion() >= doubt.version).orElse(false));
      } catch (PersistenceException e) {
        if (System.nanoTime() + backoffMs * 1_000_000 >= deadlineNanos) {
          return Optional.empty();
        }
        sleepQuietly(backoffMs);
        backoffMs = Math.min(1000, backoffMs * 2);
      }
    }
  }

  /**
   * Settles a parked write (the caller holds the run's lock): runs what follows its commit if it
   * was durable, forgets it if not.
   *
   * @return false if its outcome is still unknown
   */
  private boolean settle(InDoubt doubt, long deadlineNanos) {
    Optional<Boolean> durable = outcome(doubt, deadlineNanos);
    if (durable.isEmpty()) {
      return false;
    }
    inDoubt.remove(doubt.key, doubt);
    log.info(
        "write of workflow ID \"{}\" run ID \"{}\" (shard {}) {}",
        doubt.key.workflowId(),
        doubt.key.runId(),
        shardId,
        durable.get() ? "was durable; its tasks are queued" : "was not durable");
    if (durable.get()) {
      doubt.onDurable.run();
    }
    return true;
  }

  /**
   * Settles every parked write whose run is not busy, with one read each. Called periodically, so
   * that the tasks of a durable write reach the queues even if nobody touches its run again.
   *
   * @return how many writes are still in doubt
   */
  public int settleInDoubt() {
    for (InDoubt doubt : inDoubt.values()) {
      ReentrantLock lock = lockFor(doubt.key);
      if (lock.tryLock()) {
        try {
          if (inDoubt.get(doubt.key) == doubt) {
            settle(doubt, System.nanoTime());
          }
        } finally {
          lock.unlock();
        }
      }
    }
    return inDoubt.size();
  }

  /**
   * How long a caller may wait for a lost commit answer to be found out: within its own deadline.
   */
  private static long settleDeadline() {
    long now = System.nanoTime();
    long cap = now + SETTLE_WITHOUT_DEADLINE.toNanos();
    Deadline deadline = Context.current().getDeadline();
    if (deadline == null) {
      return cap;
    }
    // Leave the caller time to hear the answer; never hold a thread longer than a pool timeout.
    long callerDeadline =
        now + Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS) - 500_000_000L);
    return Math.min(callerDeadline, now + SETTLE_WITH_DEADLINE_MAX.toNanos());
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A run's part of a commit, ready for the store. */
  private record Prepared(
      MutableState state,
      long version,
      ExecutionWrite write,
      CurrentExecution current,
      List<HistoryEvent> events) {}

  private Prepared prepare(Transaction tx) {
    RunKey key = tx.key();
    MutableState state = tx.read().build();
    var execution = state.getExecution();
    boolean running =
        execution.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE;
    long newVersion = tx.loadedVersion() + 1;
    ExecutionRecord record =
        new ExecutionRecord(
            key.namespaceId(),
            key.workflowId(),
            key.runId(),
            state.getNextEventId(),
            newVersion,
            running ? ExecutionRecord.STATE_RUNNING : ExecutionRecord.STATE_CLOSED,
            execution.getStatus(),
            state.toByteArray());
    List<HistoryBatch> batches = new ArrayList<>();
    if (!tx.newEvents().isEmpty()) {
      var events = tx.newEvents();
      batches.add(
          new HistoryBatch(
              events.get(0).getEventId(),
              events.get(events.size() - 1).getEventId(),
              History.newBuilder().addAllEvents(events).build().toByteArray()));
    }
    List<HistoryTask> tasks = new ArrayList<>();
    for (TransferTask t : tx.transferTasks()) {
      tasks.add(new HistoryTask(HistoryTask.Category.TRANSFER, nextTaskId(), 0, t.toByteArray()));
    }
    for (TimerTask t : tx.timerTasks()) {
      tasks.add(
          new HistoryTask(
              HistoryTask.Category.TIMER, nextTaskId(), t.getFireTimeMs(), t.toByteArray()));
    }
    CurrentExecution current =
        new CurrentExecution(
            key.runId(),
            execution.getCreateRequestId(),
            record.state(),
            execution.getStatus(),
            execution.getStartTimeMs());
    Optional<VisibilityRecord> visibility =
        tx.visibilityChanged() ? Optional.of(Visibility.record(key, state)) : Optional.empty();
    return new Prepared(
        state,
        newVersion,
        new ExecutionWrite(record, batches, tasks, visibility),
        current,
        List.copyOf(tx.newEvents()));
  }

  private void committed(RunKey key, Prepared run) {
    synchronized (cache) {
      cache.put(key, new Cached(run.state, run.version));
    }
    events.appended(key, run.events);
    listener.committed(this, key, run.state, run.write.tasks(), !run.events.isEmpty());
  }

  private long nextTaskId() {
    synchronized (taskIdLock) {
      if (nextTaskId >= taskIdLimit) {
        try {
          rangeId = persistence.shards().renewRange(shardId, rangeId);
        } catch (CommitOutcomeUnknownException e) {
          // The range may or may not have moved on: take the shard afresh, which always yields a
          // range above every one used before.
          rangeId = persistence.shards().acquire(shardId);
        }
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
