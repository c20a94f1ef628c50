package dev.aevum.sdk.internal.worker;

import dev.aevum.sdk.internal.replay.WorkflowExecutionRunner;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Executions kept in memory between workflow tasks (sticky execution), least recently used first
 * out. A runner is taken out while a task uses it, so it is never evicted mid-task.
 */
final class WorkflowCache {
  private final int capacity;
  private final LinkedHashMap<String, WorkflowExecutionRunner> byRunId = new LinkedHashMap<>(16, 0.75f, true);
  private long hits;
  /**
   * Executions whose task was heartbeated while local activities run: kept whatever the capacity
   * (even when caching is off), since evicting them would drop the running activities. The next
   * task takes them out; one another worker got stays until shutdown.
   */
  private final Map<String, WorkflowExecutionRunner> heartbeating = new java.util.HashMap<>();

  WorkflowCache(int capacity) {
    this.capacity = capacity;
  }

  boolean isEnabled() {
    return capacity > 0;
  }

  synchronized Optional<WorkflowExecutionRunner> take(String runId) {
    WorkflowExecutionRunner parked = heartbeating.remove(runId);
    WorkflowExecutionRunner runner = parked != null ? parked : byRunId.remove(runId);
    if (runner != null) {
      hits++;
    }
    return Optional.ofNullable(runner);
  }

  void put(String runId, WorkflowExecutionRunner runner) {
    List<WorkflowExecutionRunner> evicted = new ArrayList<>();
    synchronized (this) {
      byRunId.put(runId, runner);
      Iterator<Map.Entry<String, WorkflowExecutionRunner>> eldest = byRunId.entrySet().iterator();
      while (byRunId.size() > capacity && eldest.hasNext()) {
        evicted.add(eldest.next().getValue());
        eldest.remove();
      }
    }
    evicted.forEach(WorkflowExecutionRunner::close); // outside the lock: closing unwinds threads
  }

  /** Keeps a heartbeated execution for its next task, outside the capacity limit. */
  synchronized void park(String runId, WorkflowExecutionRunner runner) {
    heartbeating.put(runId, runner);
  }

  /** Takes {@code runner} back if it is still kept (under either form); false when a task took it. */
  synchronized boolean remove(String runId, WorkflowExecutionRunner runner) {
    return heartbeating.remove(runId, runner) || byRunId.remove(runId, runner);
  }

  void invalidateAll() {
    List<WorkflowExecutionRunner> all;
    synchronized (this) {
      all = new ArrayList<>(byRunId.values());
      all.addAll(heartbeating.values());
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
