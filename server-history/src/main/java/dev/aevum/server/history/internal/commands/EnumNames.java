package dev.aevum.server.history.internal.commands;

/** Temporal's short names of API enum values, as its Go server prints them in messages. */
final class EnumNames {
  private EnumNames() {}

  /** {@code WORKFLOW_TASK_FAILED_CAUSE_BAD_RECORD_MARKER_ATTRIBUTES} -> {@code BadRecordMarkerAttributes}. */
  static String of(Enum<?> value, String prefix) {
    String name = value.name().startsWith(prefix) ? value.name().substring(prefix.length()) : value.name();
    StringBuilder out = new StringBuilder();
    for (String part : name.split("_")) {
      if (!part.isEmpty()) {
        out.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
      }
    }
    return out.toString();
  }
}
