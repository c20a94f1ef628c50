package dev.aevum.persistence;

import java.util.Objects;

/**
 * One batch of history events appended in one transaction.
 *
 * @param firstEventId id of the first event in the batch
 * @param lastEventId id of the last event in the batch
 * @param data the serialized events (temporal.api.history.v1.History; opaque to the store)
 */
public record HistoryBatch(long firstEventId, long lastEventId, byte[] data) {
  public HistoryBatch {
    Objects.requireNonNull(data, "data");
    if (lastEventId < firstEventId) {
      throw new IllegalArgumentException(
          "lastEventId " + lastEventId + " < firstEventId " + firstEventId);
    }
  }
}
