package dev.aevum.server.matching;

/** Settings of the matching role. */
public record MatchingSettings() {
  public static MatchingSettings defaults() {
    return new MatchingSettings();
  }
}
