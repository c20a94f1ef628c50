package dev.aevum.server.common.workflow;

import io.temporal.api.common.v1.Priority;

/**
 * Temporal's priority inheritance: an activity or child workflow takes each priority field it does
 * not set from its workflow.
 */
public final class Priorities {
  private Priorities() {}

  public static Priority inherit(Priority workflow, Priority own) {
    return Priority.newBuilder()
        .setPriorityKey(
            own.getPriorityKey() != 0 ? own.getPriorityKey() : workflow.getPriorityKey())
        .setFairnessKey(
            own.getFairnessKey().isEmpty() ? workflow.getFairnessKey() : own.getFairnessKey())
        .setFairnessWeight(
            own.getFairnessWeight() != 0 ? own.getFairnessWeight() : workflow.getFairnessWeight())
        .build();
  }
}
