package dev.aevum.server.history.internal.execution;

import dev.aevum.persistence.CommitOutcomeUnknownException;
import dev.aevum.persistence.ExecutionMutation;
import dev.aevum.persistence.ExecutionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Group commit for one shard: transitions that wait for the database at the same time share one
 * transaction. A caller hands its mutation over and blocks until it is durable (nothing is
 * acknowledged before); while one batch is being written the next one gathers. At most one batch
 * of a shard is in flight, so the database sees each shard's writes in order.
 *
 * <p>A failing mutation fails its whole batch (all or nothing); the batch is then retried one
 * mutation at a time, so only the mutation at fault reports the failure. A batch whose commit
 * outcome is unknown is not retried: it may be durable, so every caller in it must find out.
 */
final class GroupCommitter {
  /** Enough to amortise a commit's fsync; small enough that one statement batch stays cheap. */
  static final int MAX_BATCH = 64;

  /** {@link ExecutionStore#apply}: writes a batch in one transaction, all or nothing. */
  private final Consumer<List<ExecutionMutation>> store;
  private final Executor writers;
  private final HistoryMetrics metrics;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean writing = new AtomicBoolean();

  GroupCommitter(Consumer<List<ExecutionMutation>> store, Executor writers, HistoryMetrics metrics) {
    this.store = store;
    this.writers = writers;
    this.metrics = metrics;
  }

  /** Writes {@code mutation} with whatever else is waiting; returns once it is committed. */
  void commit(ExecutionMutation mutation) {
    Pending pending = new Pending(mutation);
    queue.add(pending);
    schedule();
    pending.await();
  }

  /** Callers waiting for a batch that has not started; for tests. */
  int waiting() {
    return queue.size();
  }

  private void schedule() {
    if (writing.compareAndSet(false, true)) {
      try {
        writers.execute(this::drain);
      } catch (RuntimeException e) { // the executor shut down: fail rather than hang the callers
        writing.set(false);
        for (Pending p; (p = queue.poll()) != null; ) {
          p.fail(e);
        }
      }
    }
  }

  private void drain() {
    try {
      List<Pending> batch = new ArrayList<>();
      for (Pending p; batch.size() < MAX_BATCH && (p = queue.poll()) != null; ) {
        batch.add(p);
      }
      if (!batch.isEmpty()) {
        write(batch);
      }
    } finally {
      writing.set(false);
      if (!queue.isEmpty()) {
        schedule(); // the next batch, on a fresh task so that no one writer thread is monopolised
      }
    }
  }

  private void write(List<Pending> batch) {
    List<ExecutionMutation> mutations = new ArrayList<>(batch.size());
    batch.forEach(p -> mutations.add(p.mutation));
    try {
      long start = System.nanoTime();
      store.accept(mutations);
      metrics.committed(mutations.size(), System.nanoTime() - start);
      batch.forEach(Pending::succeed);
    } catch (RuntimeException | Error e) {
      if (batch.size() == 1 || e instanceof CommitOutcomeUnknownException) {
        batch.forEach(p -> p.fail(e));
        return;
      }
      for (Pending p : batch) {
        try {
          long start = System.nanoTime();
          store.accept(List.of(p.mutation));
          metrics.committed(1, System.nanoTime() - start);
          p.succeed();
        } catch (RuntimeException | Error alone) {
          p.fail(alone);
        }
      }
    }
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

    /** Waits for the outcome and rethrows the store's own exception, so callers see no difference. */
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
