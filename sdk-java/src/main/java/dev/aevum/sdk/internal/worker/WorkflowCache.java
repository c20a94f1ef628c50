package dev.aevum.sdk.internal.worker;

import dev.aevum.sdk.internal.replay.WorkflowExecutionRunner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Executions kept in memory between workflow tasks (sticky execution), least recently used first
 * out. A runner is taken out while a task uses it, so it is never evicted mid-task.
 */
final class WorkflowCache {
  private final int capacity;
  private final LinkedHashMap<String, WorkflowExecutionRunner> byRunId =
      new LinkedHashMap<>(16, 0.75f, true);
  private long hits;

  /**
   * Executions whose task was heartbeated while local activities run: kept whatever the capacity
   * (even when caching is off), since evicting them would drop the running activities. The next
   * task takes them out, within one workflow task timeout; one that another worker got instead is
   * closed once it has waited {@link #PARKED_TTL_NANOS}, so its threads do not stay behind.
   */
  private final Map<String, Parked> heartbeating = new HashMap<>();

  private final LongSupplier nanoTime;

  /** Far longer than any workflow task timeout a heartbeat waits for. */
  static final long PARKED_TTL_NANOS = TimeUnit.MINUTES.toNanos(10);

  private record Parked(WorkflowExecutionRunner runner, long sinceNanos) {}

  WorkflowCache(int capacity) {
    this(capacity, System::nanoTime);
  }

  WorkflowCache(int capacity, LongSupplier nanoTime) {
    this.capacity = capacity;
    this.nanoTime = nanoTime;
  }

  boolean isEnabled() {
    return capacity > 0;
  }

  Optional<WorkflowExecutionRunner> take(String runId) {
    WorkflowExecutionRunner runner;
    List<WorkflowExecutionRunner> expired;
    synchronized (this) {
      Parked parked = heartbeating.remove(runId);
      runner = parked != null ? parked.runner() : byRunId.remove(runId);
      if (runner != null) {
        hits++;
      }
      expired = expireParked();
    }
    expired.forEach(WorkflowExecutionRunner::close);
    return Optional.ofNullable(runner);
  }

  /** Removes parked executions no task came for; the caller closes them outside the lock. */
  private List<WorkflowExecutionRunner> expireParked() {
    List<WorkflowExecutionRunner> expired = new ArrayList<>();
    long now = nanoTime.getAsLong();
    Iterator<Parked> parked = heartbeating.values().iterator();
    while (parked.hasNext()) {
      Parked p = parked.next();
      if (now - p.sinceNanos() > PARKED_TTL_NANOS) {
        expired.add(p.runner());
        parked.remove();
      }
    }
    return expired;
  }

  /**
   * Keeps the runner of a completed workflow task. It has seen every event so far, so it replaces
   * (and closes) one a query put back while the task ran.
   */
  void put(String runId, WorkflowExecutionRunner runner) {
    keep(runId, runner, true);
  }

  /**
   * Returns a runner a query borrowed. A query does not advance the execution, so a runner a
   * workflow task kept meanwhile is at least as new: that one stays and {@code runner} is closed.
   */
  void putBack(String runId, WorkflowExecutionRunner runner) {
    keep(runId, runner, false);
  }

  private void keep(String runId, WorkflowExecutionRunner runner, boolean replace) {
    List<WorkflowExecutionRunner> closing = new ArrayList<>();
    synchronized (this) {
      if (!replace && (byRunId.containsKey(runId) || heartbeating.containsKey(runId))) {
        closing.add(runner);
      } else {
        WorkflowExecutionRunner replaced = byRunId.put(runId, runner);
        if (replaced != null && replaced != runner) {
          closing.add(replaced);
        }
        Iterator<Map.Entry<String, WorkflowExecutionRunner>> eldest = byRunId.entrySet().iterator();
        while (byRunId.size() > capacity && eldest.hasNext()) {
          closing.add(eldest.next().getValue());
          eldest.remove();
        }
      }
    }
    closing.forEach(WorkflowExecutionRunner::close); // outside the lock: closing unwinds threads
  }

  /** Keeps a heartbeated execution for its next task, outside the capacity limit. */
  void park(String runId, WorkflowExecutionRunner runner) {
    List<WorkflowExecutionRunner> expired;
    synchronized (this) {
      expired = expireParked();
      heartbeating.put(runId, new Parked(runner, nanoTime.getAsLong()));
    }
    expired.forEach(WorkflowExecutionRunner::close);
  }

  /**
   * Takes {@code runner} back if it is still kept (under either form); false when a task took it.
   */
  synchronized boolean remove(String runId, WorkflowExecutionRunner runner) {
    Parked parked = heartbeating.get(runId);
    if (parked != null && parked.runner() == runner) {
      heartbeating.remove(runId);
      return true;
    }
    return byRunId.remove(runId, runner);
  }

  void invalidateAll() {
    List<WorkflowExecutionRunner> all;
    synchronized (this) {
      all = new ArrayList<>(byRunId.values());
      heartbeating.values().forEach(p -> all.add(p.runner()));
      byRunId.clear();
      heartbeating.clear();
    }
    all.forEach(WorkflowExecutionRunner::close);
  }

  synchronized int size() {
    return byRunId.size();
  }

  /** Tasks served from the cache, for tests and future metrics. */
  synchronized long hits() {
    return hits;
  }
}
