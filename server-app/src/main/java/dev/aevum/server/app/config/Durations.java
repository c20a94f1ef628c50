package dev.aevum.server.app.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations written like Temporal's configuration: {@code 500ms}, {@code 10s}, {@code 2m},
 * {@code 1h}.
 */
final class Durations {
  private Durations() {}

  private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  /**
   * The duration, or empty when {@code text} is not one; ISO-8601 ({@code PT10S}) is accepted too.
   */
  static Optional<Duration> parse(String text) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SIMPLE.matcher(trimmed);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      return Optional.of(
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          });
    }
    try {
      Duration parsed = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
      return parsed.isNegative() ? Optional.empty() : Optional.of(parsed);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
