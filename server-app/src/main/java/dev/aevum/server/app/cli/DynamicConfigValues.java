package dev.aevum.server.app.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.aevum.server.frontend.FrontendSettings;
import dev.aevum.server.history.HistorySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --dynamic-config-value KEY=JSON}, as {@code temporal server start-dev} takes it. Keys of
 * Temporal's dynamic config that Aevum has set its settings; flags for what Aevum always does
 * accept {@code true}; other keys are accepted and reported as not used, as scripts written for
 * Temporal pass many of them.
 */
final class DynamicConfigValues {
  /** Temporal flags for behaviour Aevum always has. */
  static final Set<String> ALWAYS_ON =
      Set.of(
          "frontend.enableUpdateWorkflowExecution",
          "frontend.enableUpdateWorkflowExecutionAsyncAccepted",
          "frontend.enableExecuteMultiOperation",
          "system.enableEagerWorkflowStart",
          "system.enableActivityEagerExecution");

  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  private HistorySettings history;
  private FrontendSettings frontend;
  private final List<String> ignored = new ArrayList<>();

  private DynamicConfigValues(HistorySettings history, FrontendSettings frontend) {
    this.history = history;
    this.frontend = frontend;
  }

  /**
   * Applies {@code values} to the defaults.
   *
   * @throws IllegalArgumentException naming the option, for a malformed value or one Aevum cannot
   *     take
   */
  static DynamicConfigValues parse(List<String> values) {
    DynamicConfigValues config =
        new DynamicConfigValues(HistorySettings.defaults(), FrontendSettings.defaults());
    for (String option : values) {
      int equals = option.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(
            "--dynamic-config-value must be KEY=JSON, got '" + option + "'");
      }
      String key = option.substring(0, equals).trim();
      JsonElement value;
      try {
        value = JsonParser.parseString(option.substring(equals + 1).trim());
      } catch (JsonParseException e) {
        throw new IllegalArgumentException(
            "--dynamic-config-value " + key + ": the value is not JSON: " + e.getMessage());
      }
      config.apply(key, value);
    }
    return config;
  }

  HistorySettings history() {
    return history;
  }

  FrontendSettings frontend() {
    return frontend;
  }

  /** Keys that were accepted but mean nothing to Aevum. */
  List<String> ignored() {
    return List.copyOf(ignored);
  }

  private void apply(String key, JsonElement value) {
    HistorySettings h = history;
    FrontendSettings f = frontend;
    switch (key) {
      case "limit.maxIDLength" ->
          frontend =
              new FrontendSettings(
                  positiveInt(key, value),
                  f.blobSizeLimitError(),
                  f.blobSizeLimitWarn(),
                  f.namespaceRefreshInterval());
      case "limit.blobSize.error" -> {
        int limit = positiveInt(key, value);
        frontend =
            new FrontendSettings(
                f.maxIdLength(),
                limit,
                Math.min(limit, f.blobSizeLimitWarn()),
                f.namespaceRefreshInterval());
        history = limits(h, h.historyCountLimit(), h.historySizeLimitBytes(), limit);
      }
      case "limit.blobSize.warn" ->
          frontend =
              new FrontendSettings(
                  f.maxIdLength(),
                  f.blobSizeLimitError(),
                  positiveInt(key, value),
                  f.namespaceRefreshInterval());
      case "limit.historyCount.error" ->
          history =
              limits(h, positiveInt(key, value), h.historySizeLimitBytes(), h.blobSizeLimitBytes());
      case "limit.historySize.error" ->
          history =
              limits(h, h.historyCountLimit(), positiveInt(key, value), h.blobSizeLimitBytes());
      case "limit.numPendingActivities.error" ->
          history =
              new HistorySettings(
                  h.numHistoryShards(),
                  h.defaultWorkflowTaskTimeout(),
                  h.maxWorkflowTaskTimeout(),
                  h.longPollExpiration(),
                  h.historyMaxPageSize(),
                  h.historyCountLimit(),
                  h.historySizeLimitBytes(),
                  h.blobSizeLimitBytes(),
                  positiveInt(key, value),
                  h.cacheSize(),
                  h.outboxRetry());
      case "history.longPollExpirationInterval" ->
          history = h.withLongPollExpiration(duration(key, value));
      default -> {
        if (ALWAYS_ON.contains(key)) {
          if (!(value instanceof JsonPrimitive p && p.isBoolean() && p.getAsBoolean())) {
            throw new IllegalArgumentException(
                "--dynamic-config-value " + key + ": Aevum always has this on; only true is taken");
          }
        } else {
          ignored.add(key);
        }
      }
    }
  }

  private static HistorySettings limits(
      HistorySettings h, int countLimit, long sizeLimit, int blobLimit) {
    return new HistorySettings(
        h.numHistoryShards(),
        h.defaultWorkflowTaskTimeout(),
        h.maxWorkflowTaskTimeout(),
        h.longPollExpiration(),
        h.historyMaxPageSize(),
        countLimit,
        sizeLimit,
        blobLimit,
        h.pendingActivitiesLimit(),
        h.cacheSize(),
        h.outboxRetry());
  }

  private static int positiveInt(String key, JsonElement value) {
    if (value instanceof JsonPrimitive p && p.isNumber()) {
      double d = p.getAsDouble();
      if (d >= 1 && d <= Integer.MAX_VALUE && d == Math.rint(d)) {
        return (int) d;
      }
    }
    throw new IllegalArgumentException(
        "--dynamic-config-value " + key + ": expected a positive integer, got " + value);
  }

  /** A Go duration string ("20s", "1m30s", "500ms") or a number of seconds. */
  private static Duration duration(String key, JsonElement value) {
    if (value instanceof JsonPrimitive p) {
      if (p.isNumber() && p.getAsDouble() > 0) {
        return Duration.ofMillis(Math.round(p.getAsDouble() * 1000));
      }
      if (p.isString()) {
        String text = p.getAsString().trim().toLowerCase(Locale.ROOT);
        Matcher m = GO_DURATION.matcher(text);
        long millis = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
          double n = Double.parseDouble(m.group(1));
          millis +=
              Math.round(
                  switch (m.group(2)) {
                    case "ms" -> n;
                    case "s" -> n * 1_000;
                    case "m" -> n * 60_000;
                    default -> n * 3_600_000;
                  });
          end = m.end();
        }
        if (end == text.length() && millis > 0) {
          return Duration.ofMillis(millis);
        }
      }
    }
    throw new IllegalArgumentException(
        "--dynamic-config-value "
            + key
            + ": expected a duration such as \"20s\" or a number of seconds, got "
            + value);
  }
}
