package dev.aevum.persistence;

import java.util.Objects;

/**
 * Identifies one task queue partition's backlog.
 *
 * @param taskType the temporal.api.enums.v1.TaskQueueType number (1 workflow, 2 activity)
 */
public record TaskQueueKey(String namespaceId, String name, int taskType) {
  public TaskQueueKey {
    Objects.requireNonNull(namespaceId, "namespaceId");
    Objects.requireNonNull(name, "name");
  }
}
