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

  WorkflowCache(int capacity) {
    this.capacity = capacity;
  }

  boolean isEnabled() {
    return capacity > 0;
  }

  synchronized Optional<WorkflowExecutionRunner> take(String runId) {
    WorkflowExecutionRunner runner = byRunId.remove(runId);
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

  void invalidateAll() {
    List<WorkflowExecutionRunner> all;
    synchronized (this) {
      all = new ArrayList<>(byRunId.values());
      byRunId.clear();
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
