package dev.aevum.server.frontend;

/** Settings of the frontend role. */
public record FrontendSettings() {
  public static FrontendSettings defaults() {
    return new FrontendSettings();
  }
}
