package dev.aevum.server.history.internal.execution;

import dev.aevum.persistence.CommitOutcomeUnknownException;
import dev.aevum.persistence.ExecutionMutation;
import dev.aevum.persistence.ExecutionStore;
import dev.aevum.persistence.HistoryTask;
import dev.aevum.persistence.OutboxDeletion;
import dev.aevum.server.history.internal.metrics.HistoryMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Group commit for all shards of a history host: transitions that wait for the database at the same
 * time share one transaction, whichever shard they belong to (the store checks each shard's range
 * id once). A caller hands its mutation over and blocks until it is durable (nothing is
 * acknowledged before); while batches are being written the next one gathers. Executed outbox tasks
 * are deleted in whichever transaction comes next, so they cost no commit of their own.
 *
 * <p>Transitions of one run never share a batch or overlap: the run's lock is held until its commit
 * returns. So batches may be in flight side by side ({@code maxInFlight}, more than one only where
 * the database serves connections in parallel).
 *
 * <p>A failing mutation fails its whole batch (all or nothing); the batch is then retried one
 * mutation at a time, so only the mutation at fault reports the failure. A batch whose commit
 * outcome is unknown is not retried: it may be durable, so every caller in it must find out.
 */
public final class GroupCommitter {
  /** Enough to amortise a commit's fsync; small enough that one statement batch stays cheap. */
  static final int MAX_BATCH = 64;

  /** Deletions wait at most this long for a transaction to ride in before they get their own. */
  static final long DELETION_MAX_WAIT_NANOS = 1_000_000_000L;

  /**
   * {@link ExecutionStore#apply(List, List)}: writes a batch in one transaction, all or nothing.
   */
  @FunctionalInterface
  public interface Store {
    void apply(List<ExecutionMutation> mutations, List<OutboxDeletion> deletions);
  }

  private record Deletion(int shardId, HistoryTask.Category category, long taskId) {}

  private final Store store;
  private final Executor writers;
  private final HistoryMetrics metrics;
  private final int maxInFlight;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Deletion> deletions = new ConcurrentLinkedQueue<>();
  private volatile long oldestDeletionNanos;
  private final AtomicInteger inFlight = new AtomicInteger();

  /** A flush asked for while a batch was running: the batch schedules it when it ends. */
  private final AtomicBoolean flushWanted = new AtomicBoolean();

  public GroupCommitter(Store store, Executor writers, HistoryMetrics metrics, int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
    }
    this.store = store;
    this.writers = writers;
    this.metrics = metrics;
    this.maxInFlight = maxInFlight;
  }

  /** Writes {@code mutation} with whatever else is waiting; returns once it is committed. */
  void commit(ExecutionMutation mutation) {
    Pending pending = new Pending(mutation);
    queue.add(pending);
    schedule();
    pending.await();
  }

  /**
   * An executed outbox task, deleted with the next transaction (at the latest in about a second).
   */
  public void delete(int shardId, HistoryTask.Category category, long taskId) {
    if (deletions.isEmpty()) {
      oldestDeletionNanos = System.nanoTime();
    }
    deletions.add(new Deletion(shardId, category, taskId));
  }

  /**
   * Gives deletions that waited too long for a ride a transaction of their own; call periodically.
   */
  public void flushDeletions(boolean evenIfRecent) {
    if (!deletions.isEmpty()
        && (evenIfRecent || System.nanoTime() - oldestDeletionNanos > DELETION_MAX_WAIT_NANOS)) {
      flushWanted.set(true); // before schedule(): a batch ending meanwhile sees it
      schedule();
    }
  }

  /** Callers waiting for a batch that has not started; for tests. */
  int waiting() {
    return queue.size();
  }

  private void schedule() {
    while (true) {
      int running = inFlight.get();
      if (running >= maxInFlight) {
        return; // a finishing batch schedules the next
      }
      if (inFlight.compareAndSet(running, running + 1)) {
        break;
      }
    }
    try {
      writers.execute(this::drain);
    } catch (RuntimeException e) { // the executor shut down: fail rather than hang the callers
      inFlight.decrementAndGet();
      for (Pending p; (p = queue.poll()) != null; ) {
        p.fail(e);
      }
    }
  }

  private void drain() {
    try {
      List<Pending> batch = new ArrayList<>();
      for (Pending p; batch.size() < MAX_BATCH && (p = queue.poll()) != null; ) {
        batch.add(p);
      }
      List<Deletion> deleting = new ArrayList<>();
      flushWanted.set(false);
      for (Deletion d; (d = deletions.poll()) != null; ) {
        deleting.add(d);
      }
      if (!batch.isEmpty() || !deleting.isEmpty()) {
        write(batch, deleting);
      }
    } finally {
      inFlight.decrementAndGet();
      if (!queue.isEmpty() || (flushWanted.get() && !deletions.isEmpty())) {
        schedule(); // the next batch, on a fresh task so that no one writer thread is monopolised
      }
    }
  }

  private void write(List<Pending> batch, List<Deletion> deleting) {
    List<ExecutionMutation> mutations = new ArrayList<>(batch.size());
    batch.forEach(p -> mutations.add(p.mutation));
    try {
      long start = System.nanoTime();
      store.apply(mutations, group(deleting));
      if (!mutations.isEmpty()) {
        metrics.committed(mutations.size(), System.nanoTime() - start);
      }
      batch.forEach(Pending::succeed);
    } catch (RuntimeException | Error e) {
      // Deleting an executed task again is harmless; losing the deletion only costs a stale rerun.
      requeue(deleting);
      if (batch.size() <= 1 || e instanceof CommitOutcomeUnknownException) {
        batch.forEach(p -> p.fail(e));
        return;
      }
      for (Pending p : batch) {
        try {
          long start = System.nanoTime();
          store.apply(List.of(p.mutation), List.of());
          metrics.committed(1, System.nanoTime() - start);
          p.succeed();
        } catch (RuntimeException | Error alone) {
          p.fail(alone);
        }
      }
    }
  }

  private void requeue(List<Deletion> deleting) {
    if (!deleting.isEmpty()) {
      oldestDeletionNanos = System.nanoTime();
      deletions.addAll(deleting);
    }
  }

  private static List<OutboxDeletion> group(List<Deletion> deleting) {
    if (deleting.isEmpty()) {
      return List.of();
    }
    record Key(int shardId, HistoryTask.Category category) {}
    Map<Key, List<Long>> byKey = new LinkedHashMap<>();
    for (Deletion d : deleting) {
      byKey
          .computeIfAbsent(new Key(d.shardId(), d.category()), k -> new ArrayList<>())
          .add(d.taskId());
    }
    List<OutboxDeletion> grouped = new ArrayList<>(byKey.size());
    byKey.forEach((k, ids) -> grouped.add(new OutboxDeletion(k.shardId(), k.category(), ids)));
    return grouped;
  }

  /** One caller's mutation and its outcome. */
  private static final class Pending {
    final ExecutionMutation mutation;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Throwable failure;

    Pending(ExecutionMutation mutation) {
      this.mutation = mutation;
    }

    void succeed() {
      done.countDown();
    }

    void fail(Throwable t) {
      failure = t;
      done.countDown();
    }

    /**
     * Waits for the outcome and rethrows the store's own exception, so callers see no difference.
     */
    void await() {
      boolean interrupted = false;
      while (true) {
        try {
          done.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the write is in flight: its outcome must still be known
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      Throwable t = failure;
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error err) {
        throw err;
      }
    }
  }
}
