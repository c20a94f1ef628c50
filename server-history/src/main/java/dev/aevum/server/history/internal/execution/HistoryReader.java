package dev.aevum.server.history.internal.execution;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aevum.persistence.HistoryBatch;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import java.util.ArrayList;
import java.util.List;

/** Reads committed history events of a run from the store. */
public final class HistoryReader {
  private static final int BATCHES_PER_READ = 500;

  private HistoryReader() {}

  /** A page of events and the id of the first event not in it (0 when the range is exhausted). */
  public record Page(List<HistoryEvent> events, long nextEventId) {}

  /** All events with ids in [{@code fromEventId}, {@code toEventIdExclusive}). */
  public static List<HistoryEvent> read(
      ShardContext shard, RunKey key, long fromEventId, long toEventIdExclusive) {
    List<HistoryEvent> events = new ArrayList<>();
    var cached = shard.cachedHistory(key, fromEventId, toEventIdExclusive);
    if (cached.isPresent()) {
      for (EventCache.Batch batch : cached.get()) {
        addEvents(batch.events(), fromEventId, toEventIdExclusive, events);
      }
      return events;
    }
    long from = fromEventId;
    while (from < toEventIdExclusive) {
      List<HistoryBatch> batches =
          shard
              .store()
              .readHistory(
                  shard.shardId(),
                  key.namespaceId(),
                  key.workflowId(),
                  key.runId(),
                  from,
                  toEventIdExclusive,
                  BATCHES_PER_READ);
      if (batches.isEmpty()) {
        break;
      }
      for (HistoryBatch batch : batches) {
        addEvents(batch, from, toEventIdExclusive, events);
        from = batch.lastEventId() + 1;
      }
    }
    return events;
  }

  /**
   * Events from {@code fromEventId}, whole batches at a time, stopping once at least {@code
   * pageSize} events were read.
   */
  public static Page page(
      ShardContext shard, RunKey key, long fromEventId, long toEventIdExclusive, int pageSize) {
    List<HistoryEvent> events = new ArrayList<>();
    long from = fromEventId;
    var cached = shard.cachedHistory(key, fromEventId, toEventIdExclusive);
    if (cached.isPresent()) {
      for (EventCache.Batch batch : cached.get()) {
        if (events.size() >= pageSize) {
          break;
        }
        addEvents(batch.events(), from, toEventIdExclusive, events);
        from = batch.lastEventId() + 1;
      }
      return new Page(events, from < toEventIdExclusive ? from : 0);
    }
    while (from < toEventIdExclusive && events.size() < pageSize) {
      List<HistoryBatch> batches =
          shard
              .store()
              .readHistory(
                  shard.shardId(),
                  key.namespaceId(),
                  key.workflowId(),
                  key.runId(),
                  from,
                  toEventIdExclusive,
                  Math.max(1, Math.min(BATCHES_PER_READ, pageSize)));
      if (batches.isEmpty()) {
        break;
      }
      for (HistoryBatch batch : batches) {
        if (events.size() >= pageSize) {
          break;
        }
        addEvents(batch, from, toEventIdExclusive, events);
        from = batch.lastEventId() + 1;
      }
    }
    return new Page(events, from < toEventIdExclusive ? from : 0);
  }

  /** The run's WorkflowExecutionStarted attributes (its first event). */
  public static WorkflowExecutionStartedEventAttributes startedAttributes(
      ShardContext shard, RunKey key) {
    List<HistoryEvent> first = read(shard, key, 1, 2);
    if (first.isEmpty()) {
      throw new IllegalStateException("run without history: " + key);
    }
    return first.get(0).getWorkflowExecutionStartedEventAttributes();
  }

  /** Events newest first, from {@code maxEventIdInclusive} down, whole batches at a time. */
  public static Page pageReverse(
      ShardContext shard, RunKey key, long maxEventIdInclusive, int pageSize) {
    List<HistoryEvent> events = new ArrayList<>();
    long max = maxEventIdInclusive;
    while (max >= 1 && events.size() < pageSize) {
      List<HistoryBatch> batches =
          shard
              .store()
              .readHistoryReverse(
                  shard.shardId(),
                  key.namespaceId(),
                  key.workflowId(),
                  key.runId(),
                  max,
                  Math.max(1, Math.min(BATCHES_PER_READ, pageSize)));
      if (batches.isEmpty()) {
        break;
      }
      for (HistoryBatch batch : batches) {
        if (events.size() >= pageSize) {
          break;
        }
        List<HistoryEvent> batchEvents = new ArrayList<>();
        addEvents(batch, 1, max + 1, batchEvents);
        for (int i = batchEvents.size() - 1; i >= 0; i--) {
          events.add(batchEvents.get(i));
        }
        max = batch.firstEventId() - 1;
      }
    }
    return new Page(events, max >= 1 ? max : 0);
  }

  private static void addEvents(
      HistoryBatch batch, long from, long toExclusive, List<HistoryEvent> out) {
    try {
      addEvents(History.parseFrom(batch.data()).getEventsList(), from, toExclusive, out);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt history batch at event " + batch.firstEventId(), e);
    }
  }

  private static void addEvents(
      List<HistoryEvent> batch, long from, long toExclusive, List<HistoryEvent> out) {
    for (HistoryEvent event : batch) {
      if (event.getEventId() >= from && event.getEventId() < toExclusive) {
        out.add(event);
      }
    }
  }
}
