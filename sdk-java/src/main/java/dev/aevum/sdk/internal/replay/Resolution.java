package dev.aevum.sdk.internal.replay;

import io.temporal.api.history.v1.HistoryEvent;

/**
 * The outcome slot of one scheduled activity, timer or child workflow: the command that started it,
 * the event that recorded it, and the event that resolved it.
 */
final class Resolution {
  private final String description;
  private PendingCommand command;
  private long initiatedEventId;
  private HistoryEvent started;
  private HistoryEvent outcome;

  Resolution(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }

  void command(PendingCommand value) {
    this.command = value;
  }

  PendingCommand command() {
    return command;
  }

  void recorded(HistoryEvent event) {
    this.initiatedEventId = event.getEventId();
  }

  /** True once history holds the command's event, so the server knows about it. */
  boolean isRecorded() {
    return initiatedEventId != 0;
  }

  long initiatedEventId() {
    return initiatedEventId;
  }

  /** For child workflows: the ChildWorkflowExecutionStarted event. */
  void started(HistoryEvent event) {
    this.started = event;
  }

  HistoryEvent startedEvent() {
    return started;
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
