package dev.aevum.server.history.internal.execution;

import dev.aevum.persistence.CurrentExecution;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The shard owner's cache of current-run pointers (workflow id to its latest run). The owner is the
 * only writer of its shard's pointers (fencing), so a pointer it committed is the stored one:
 * callers that name no run id (long polls for a result, signals, describe) need no read.
 *
 * <p>A read-through never overwrites a newer pointer: a commit puts its pointer after it is
 * durable, unconditionally; a read from the store only fills an empty slot. "No current run" is
 * cached too (a start of a new workflow id then needs no read), until a commit creates one.
 */
final class CurrentRuns {
  private record Key(String namespaceId, String workflowId) {}

  private final Map<Key, Optional<CurrentExecution>> cache;

  CurrentRuns(int capacity) {
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Optional<CurrentExecution>> eldest) {
            return size() > capacity;
          }
        };
  }

  Optional<CurrentExecution> get(
      String namespaceId, String workflowId, Supplier<Optional<CurrentExecution>> load) {
    Key key = new Key(namespaceId, workflowId);
    synchronized (cache) {
      Optional<CurrentExecution> cached = cache.get(key);
      if (cached != null) {
        return cached;
      }
    }
    Optional<CurrentExecution> stored = load.get();
    synchronized (cache) {
      cache.putIfAbsent(key, stored);
    }
    return stored;
  }

  /** The cached pointer: empty both when there is no current run and when none is cached. */
  Optional<CurrentExecution> cached(String namespaceId, String workflowId) {
    synchronized (cache) {
      Optional<CurrentExecution> cached = cache.get(new Key(namespaceId, workflowId));
      return cached == null ? Optional.empty() : cached;
    }
  }

  /**
   * The store reported this pointer (a create found it in the way): a read-through, never newer.
   */
  void learned(String namespaceId, String workflowId, CurrentExecution stored) {
    synchronized (cache) {
      cache.putIfAbsent(new Key(namespaceId, workflowId), Optional.of(stored));
    }
  }

  /** A commit that moved or changed the pointer is durable. */
  void committed(String namespaceId, String workflowId, CurrentExecution current) {
    synchronized (cache) {
      cache.put(new Key(namespaceId, workflowId), Optional.of(current));
    }
  }

  /** The stored pointer is not known (a write in doubt, a delete): read it next time. */
  void forget(String namespaceId, String workflowId) {
    synchronized (cache) {
      cache.remove(new Key(namespaceId, workflowId));
    }
  }
}
