package dev.aevum.server.history.internal.workflow;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.aevum.server.common.Errors;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Temporal's workflow cron schedules: standard five-field cron (UTC unless prefixed with {@code
 * CRON_TZ=Zone}), the {@code @hourly}-style descriptors and {@code @every <duration>}.
 */
public final class Cron {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final Map<String, String> DESCRIPTORS =
      Map.of(
          "@yearly",
          "0 0 1 1 *",
          "@annually",
          "0 0 1 1 *",
          "@monthly",
          "0 0 1 * *",
          "@weekly",
          "0 0 * * 0",
          "@daily",
          "0 0 * * *",
          "@midnight",
          "0 0 * * *",
          "@hourly",
          "0 * * * *");
  private static final Pattern GO_DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  private Cron() {}

  /** A parsed schedule: the next fire time strictly after a given time. */
  private interface Schedule {
    Optional<Instant> next(Instant after);
  }

  /**
   * @param nowMs the caller's clock, in epoch milliseconds
   * @throws dev.aevum.server.common.ServiceException InvalidArgument "invalid CronSchedule."
   */
  public static void validate(String spec, long nowMs) {
    if (!spec.isEmpty() && parse(spec).next(Instant.ofEpochMilli(nowMs)).isEmpty()) {
      throw Errors.invalidArgument(
          "invalid CronSchedule, no time can be found to satisfy the schedule");
    }
  }

  /**
   * The delay from {@code nowMs} to the first fire time after {@code scheduledMs} that is not in
   * the past, rounded up to whole seconds; -1 when the schedule never fires again.
   */
  public static long backoffMs(String spec, long scheduledMs, long nowMs) {
    Schedule schedule = parse(spec);
    Instant scheduled = Instant.ofEpochMilli(scheduledMs);
    Instant now = Instant.ofEpochMilli(nowMs);
    Optional<Instant> next;
    if (now.isBefore(scheduled)) {
      next = Optional.of(scheduled);
    } else {
      next = schedule.next(scheduled);
      while (next.isPresent() && next.get().isBefore(now)) {
        next = schedule.next(next.get());
      }
    }
    if (next.isEmpty()) {
      return -1;
    }
    long ms = Duration.between(now, next.get()).toMillis();
    return ((ms + 999) / 1000) * 1000;
  }

  private static Schedule parse(String spec) {
    String text = spec.trim();
    ZoneId zone = ZoneOffset.UTC;
    try {
      if (text.startsWith("CRON_TZ=") || text.startsWith("TZ=")) {
        int space = text.indexOf(' ');
        if (space < 0) {
          throw Errors.invalidArgument("invalid CronSchedule.");
        }
        zone = ZoneId.of(text.substring(text.indexOf('=') + 1, space));
        text = text.substring(space + 1).trim();
      }
      if (text.startsWith("@every ")) {
        long everyMs = Math.max(1000, parseGoDuration(text.substring(7).trim()));
        return after ->
            Optional.of(Instant.ofEpochSecond(after.getEpochSecond()).plusMillis(everyMs));
      }
      String expression = DESCRIPTORS.getOrDefault(text, text);
      ExecutionTime times = ExecutionTime.forCron(PARSER.parse(expression));
      ZoneId z = zone;
      return after ->
          times.nextExecution(ZonedDateTime.ofInstant(after, z)).map(ZonedDateTime::toInstant);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw Errors.invalidArgument("invalid CronSchedule.");
    }
  }

  private static long parseGoDuration(String text) {
    Matcher m = GO_DURATION.matcher(text);
    long total = 0;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        throw new IllegalArgumentException(text);
      }
      double value = Double.parseDouble(m.group(1));
      total +=
          (long)
              switch (m.group(2)) {
                case "h" -> value * 3_600_000;
                case "m" -> value * 60_000;
                case "s" -> value * 1000;
                case "ms" -> value;
                default -> value / 1_000_000;
              };
      end = m.end();
    }
    if (end != text.length() || end == 0) {
      throw new IllegalArgumentException(text);
    }
    return total;
  }
}
