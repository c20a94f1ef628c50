package dev.aevum.server.history.internal.execution;

import io.temporal.api.history.v1.HistoryEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recent histories of runs, as this host committed them, in the batches they were written in.
 * Poll responses (full or sticky), result long polls and history pages of a hot run then need no
 * history read. Only a run's whole history is kept (from event 1, written or read whole by this
 * host), so a hit is exactly what the store would return. Bounded by bytes across all shards, least
 * recently used runs first out.
 */
public final class EventCache {
  /** One batch as committed: its events in order. */
  record Batch(long firstEventId, long lastEventId, List<HistoryEvent> events) {}

  private static final class Entry {
    final List<Batch> batches = new ArrayList<>();
    long nextEventId = 1;
    long bytes;
  }

  private final long maxBytes;
  private final long maxBytesPerRun;
  private long bytes;
  private final LinkedHashMap<RunKey, Entry> runs = new LinkedHashMap<>(16, 0.75f, true);

  /**
   * @param maxBytes the budget of serialized event bytes across all runs; 0 caches nothing
   */
  public EventCache(long maxBytes) {
    this.maxBytes = maxBytes;
    this.maxBytesPerRun = Math.max(0, maxBytes / 16);
  }

  /**
   * A durable commit appended {@code events} (consecutive ids) to the run's history. A run's first
   * batch (from event 1) starts its entry; a batch that does not follow the cached ones drops it.
   */
  synchronized void appended(RunKey key, List<HistoryEvent> events) {
    if (events.isEmpty() || maxBytes == 0) {
      return;
    }
    long first = events.get(0).getEventId();
    Entry entry = runs.get(key);
    if (entry == null) {
      if (first != 1) {
        return; // this host does not hold the run's earlier events
      }
      entry = new Entry();
      runs.put(key, entry);
    } else if (entry.nextEventId != first) {
      forget(key);
      return;
    }
    long size = 0;
    for (HistoryEvent e : events) {
      size += e.getSerializedSize();
    }
    long last = events.get(events.size() - 1).getEventId();
    entry.batches.add(new Batch(first, last, List.copyOf(events)));
    entry.nextEventId = last + 1;
    entry.bytes += size;
    bytes += size;
    if (entry.bytes > maxBytesPerRun) {
      forget(key); // a long history: the store serves it, the cache stays for many small ones
    }
    evict();
  }

  /**
   * Batches of the run that hold events in [{@code from}, {@code toExclusive}), if all are cached.
   */
  synchronized Optional<List<Batch>> read(RunKey key, long from, long toExclusive) {
    Entry entry = runs.get(key);
    if (entry == null || toExclusive > entry.nextEventId) {
      return Optional.empty();
    }
    List<Batch> result = new ArrayList<>();
    for (Batch b : entry.batches) {
      if (b.lastEventId() >= from && b.firstEventId() < toExclusive) {
        result.add(b);
      }
    }
    return Optional.of(result);
  }

  /** The run's history may differ from what is cached (a write in doubt, a delete). */
  synchronized void forget(RunKey key) {
    Entry entry = runs.remove(key);
    if (entry != null) {
      bytes -= entry.bytes;
    }
  }

  private void evict() {
    var it = runs.entrySet().iterator();
    while (bytes > maxBytes && it.hasNext()) {
      Map.Entry<RunKey, Entry> eldest = it.next();
      bytes -= eldest.getValue().bytes;
      it.remove();
    }
  }

  /** Bytes of events held; for tests. */
  synchronized long bytes() {
    return bytes;
  }
}
