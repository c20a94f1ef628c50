package dev.aevum.persistence;

import java.util.Objects;

/**
 * One stored namespace.
 *
 * @param data the serialized namespace (opaque to the store)
 * @param notificationVersion optimistic-concurrency version; 1 at creation, +1 per update
 */
public record StoredNamespace(String id, String name, byte[] data, long notificationVersion) {
  public StoredNamespace {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(data, "data");
  }
}
