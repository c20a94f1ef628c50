package dev.aevum.server.common.validation;

import java.util.regex.Pattern;

/** Id checks shared by the frontend's request validation and history's command validation. */
public final class Ids {
  /** Temporal's limit.maxIDLength default. */
  public static final int MAX_ID_LENGTH = 1000;

  /** The forms Go's uuid.Validate accepts: plain, braced, urn:uuid: prefixed, or 32 hex digits. */
  private static final Pattern UUID_FORMS =
      Pattern.compile(
          "(?i)(urn:uuid:|\\{)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\}?|[0-9a-f]{32}");

  private Ids() {}

  /** True for a UUID in one of the forms Temporal accepts as a run id. */
  public static boolean isRunId(String runId) {
    boolean braced = runId.startsWith("{");
    return UUID_FORMS.matcher(runId).matches() && braced == runId.endsWith("}");
  }

  /** Length in UTF-8 bytes: Temporal's limits count bytes (Go's len). */
  public static int utf8Length(String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
