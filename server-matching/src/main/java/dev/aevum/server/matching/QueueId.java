package dev.aevum.server.matching;

import dev.aevum.persistence.TaskQueueKey;
import java.util.Locale;

/**
 * Identity of one task queue partition. A sticky queue is a different queue from a normal one of
 * the same name (as in Temporal). Only partition 0 exists for now; when partitions come, each gets
 * its own id (and its own persisted backlog) by adding the partition number here.
 */
record QueueId(String namespaceId, String name, TaskType type, boolean sticky) {

  TaskQueueKey storeKey() {
    return new TaskQueueKey(namespaceId, name, type.number());
  }

  @Override
  public String toString() {
    return (sticky ? "sticky " : "")
        + type.name().toLowerCase(Locale.ROOT)
        + " queue "
        + name
        + " of namespace "
        + namespaceId;
  }
}
