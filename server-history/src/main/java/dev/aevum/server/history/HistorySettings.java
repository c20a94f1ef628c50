package dev.aevum.server.history;

/** Settings of the history role. */
public record HistorySettings() {
  public static HistorySettings defaults() {
    return new HistorySettings();
  }
}
