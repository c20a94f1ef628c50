package dev.aevum.persistence;

import java.util.Objects;

/**
 * One task in a task queue's persisted backlog.
 *
 * @param expiryTimeMs when the task stops being worth dispatching; 0 for never
 * @param data the serialized task (opaque to the store)
 */
public record BacklogEntry(long taskId, long expiryTimeMs, byte[] data) {
  public BacklogEntry {
    Objects.requireNonNull(data, "data");
  }
}
