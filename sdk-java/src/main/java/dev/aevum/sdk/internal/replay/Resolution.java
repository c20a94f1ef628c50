package dev.aevum.sdk.internal.replay;

import io.temporal.api.history.v1.HistoryEvent;

/** The outcome slot of one scheduled activity or timer; filled by a history event. */
final class Resolution {
  private final String description;
  private long initiatedEventId;
  private HistoryEvent outcome;

  Resolution(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }

  void recorded(HistoryEvent event) {
    this.initiatedEventId = event.getEventId();
  }

  long initiatedEventId() {
    return initiatedEventId;
  }

  void resolve(HistoryEvent event) {
    this.outcome = event;
  }

  boolean isResolved() {
    return outcome != null;
  }

  HistoryEvent outcome() {
    return outcome;
  }
}
