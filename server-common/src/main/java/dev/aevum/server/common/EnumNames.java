package dev.aevum.server.common;

import java.util.Locale;

/**
 * Temporal's short names of API enum values, as its Go server prints them in messages and queries:
 * {@code WORKFLOW_TASK_FAILED_CAUSE_BAD_RECORD_MARKER_ATTRIBUTES} is {@code
 * BadRecordMarkerAttributes}, {@code WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW} is {@code
 * ContinuedAsNew}. The one home of that rule for frontend and history.
 */
public final class EnumNames {
  private EnumNames() {}

  /** The value's name without {@code prefix}, in Go's CamelCase. */
  public static String of(Enum<?> value, String prefix) {
    String name =
        value.name().startsWith(prefix) ? value.name().substring(prefix.length()) : value.name();
    StringBuilder out = new StringBuilder();
    for (String part : name.split("_")) {
      if (!part.isEmpty()) {
        out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
      }
    }
    return out.toString();
  }
}
