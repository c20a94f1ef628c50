package dev.aevum.server.app.config;

import java.util.Locale;
import java.util.Optional;

/** The log levels the command line and the configuration accept. */
public enum LogLevel {
  DEBUG,
  INFO,
  WARN,
  ERROR,
  OFF;

  /** Parses a level name, case-insensitively. */
  public static Optional<LogLevel> parse(String text) {
    for (LogLevel level : values()) {
      if (level.name().equalsIgnoreCase(text.trim())) {
        return Optional.of(level);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
