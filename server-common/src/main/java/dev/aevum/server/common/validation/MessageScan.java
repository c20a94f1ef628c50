package dev.aevum.server.common.validation;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Structural checks every request gets before any code reads it: no string with U+0000 (PostgreSQL
 * cannot store it in a text column, SQLite can, so the stores would disagree), only valid durations
 * and timestamps (java.time and protobuf-util throw on the others), only enum numbers this API
 * version defines, and no deeper nesting than {@link #MAX_DEPTH} (what is stored gets wrapped in
 * events and responses, which must stay within protobuf's parse limit of 100).
 *
 * <p>Problems name the field by its path in the request, in Temporal's Go style: {@code
 * Commands[0].StartTimerCommandAttributes.TimerId}.
 */
public final class MessageScan {
  /** The deepest message nesting a request may have. */
  public static final int MAX_DEPTH = 64;

  /** google.protobuf.Duration's range: about 10,000 years. */
  static final long MAX_DURATION_SECONDS = 315_576_000_000L;

  /** google.protobuf.Timestamp's range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z. */
  static final long MIN_TIMESTAMP_SECONDS = -62_135_596_800L;

  static final long MAX_TIMESTAMP_SECONDS = 253_402_300_799L;

  /**
   * Free text copied from exceptions (failure messages and stack traces, query errors): stored only
   * inside blobs, and rejecting it would leave a worker unable to report the failure.
   */
  private static final Set<String> FREE_TEXT =
      Set.of(
          "temporal.api.failure.v1.Failure.message",
          "temporal.api.failure.v1.Failure.source",
          "temporal.api.failure.v1.Failure.stack_trace",
          "temporal.api.query.v1.WorkflowQueryResult.error_message",
          "temporal.api.workflowservice.v1.RespondQueryTaskCompletedRequest.error_message");

  private final Set<String> skipped;
  private final List<Object> path = new ArrayList<>();

  private MessageScan(Set<String> skipped) {
    this.skipped = skipped;
  }

  /** The first problem in {@code message}, or empty when it is fine. */
  public static Optional<String> problem(Message message) {
    return problem(message, Set.of());
  }

  /**
   * As {@link #problem(Message)}, not looking into the fields named in {@code skipped} (full names,
   * {@code package.Message.field}) because another check covers them.
   */
  public static Optional<String> problem(Message message, Set<String> skipped) {
    // Nearly every request is fine: a cheap pass says so; only a bad one pays for the path.
    if (FastScan.ok(message, skipped)) {
      return Optional.empty();
    }
    return Optional.ofNullable(new MessageScan(skipped).scan(message, 1));
  }

  /**
   * As {@link #problem(Message, Set)} for a message of type {@code type} at hand with its wire
   * encoding {@code wire} (what it was parsed from): the common, fine case is told from the bytes,
   * which is cheaper than reading the message's fields.
   */
  public static Optional<String> problem(
      Descriptor type, byte[] wire, Message message, Set<String> skipped) {
    if (WireScan.ok(type, wire, skipped)) {
      return Optional.empty();
    }
    return problem(message, skipped);
  }

  /** Whether a field's string values are exempt from the NUL check. */
  static boolean isFreeText(FieldDescriptor field) {
    return FREE_TEXT.contains(field.getFullName());
  }

  private String scan(Message message, int depth) {
    if (depth > MAX_DEPTH) {
      return "Request is nested more than " + MAX_DEPTH + " levels deep at " + path() + ".";
    }
    Descriptor type = message.getDescriptorForType();
    if (type.equals(Duration.getDescriptor())) {
      return duration(message);
    }
    if (type.equals(Timestamp.getDescriptor())) {
      return timestamp(message);
    }
    for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
      FieldDescriptor field = entry.getKey();
      if (skipped.contains(field.getFullName())) {
        continue;
      }
      path.add(field);
      String problem =
          field.isRepeated()
              ? repeated(field, (List<?>) entry.getValue(), depth)
              : value(field, entry.getValue(), depth);
      path.remove(path.size() - 1);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private String repeated(FieldDescriptor field, List<?> values, int depth) {
    for (int i = 0; i < values.size(); i++) {
      Object value = values.get(i);
      String problem;
      if (field.isMapField()) {
        Message entry = (Message) value;
        Object key = entry.getField(entry.getDescriptorForType().findFieldByNumber(1));
        path.add(new MapKey(key));
        if (key instanceof String text && text.indexOf('\0') >= 0) {
          problem = path() + " has a key with the NUL character (U+0000), which is not allowed.";
        } else {
          FieldDescriptor valueField = entry.getDescriptorForType().findFieldByNumber(2);
          // A map entry is a message on the wire, so it counts as a level.
          problem = value(valueField, entry.getField(valueField), depth + 1);
        }
      } else {
        path.add(i);
        problem = value(field, value, depth);
      }
      path.remove(path.size() - 1);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private String value(FieldDescriptor field, Object value, int depth) {
    if (value instanceof Message nested) {
      return scan(nested, depth + 1);
    }
    if (value instanceof String text
        && text.indexOf('\0') >= 0
        && !FREE_TEXT.contains(field.getFullName())) {
      return path() + " contains the NUL character (U+0000), which is not allowed.";
    }
    if (value instanceof EnumValueDescriptor e
        && e.getType().findValueByNumber(e.getNumber()) == null) {
      // A number this API version does not define: no code can act on it, so say so at once.
      String name = goName(field);
      return "Invalid "
          + name
          + ": "
          + e.getNumber()
          + ". "
          + path()
          + " is not a known "
          + e.getType().getName()
          + " value.";
    }
    return null;
  }

  private String duration(Message message) {
    Duration d = (Duration) message;
    long seconds = d.getSeconds();
    int nanos = d.getNanos();
    if (nanos <= -1_000_000_000 || nanos >= 1_000_000_000) {
      return path()
          + " is not a valid duration: nanos must be within ±999,999,999, got "
          + nanos
          + ".";
    }
    if ((seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) {
      return path() + " is not a valid duration: seconds and nanos have different signs.";
    }
    if (Math.abs(seconds) > MAX_DURATION_SECONDS) {
      return path()
          + " is not a valid duration: seconds must be within ±"
          + MAX_DURATION_SECONDS
          + ", got "
          + seconds
          + ".";
    }
    return null;
  }

  private String timestamp(Message message) {
    Timestamp t = (Timestamp) message;
    if (t.getNanos() < 0 || t.getNanos() >= 1_000_000_000) {
      return path()
          + " is not a valid timestamp: nanos must be within 0..999,999,999, got "
          + t.getNanos()
          + ".";
    }
    if (t.getSeconds() < MIN_TIMESTAMP_SECONDS || t.getSeconds() > MAX_TIMESTAMP_SECONDS) {
      return path() + " is not a valid timestamp: it must lie between the years 1 and 9999.";
    }
    return null;
  }

  private record MapKey(Object key) {}

  private static String goName(FieldDescriptor field) {
    String name = field.getJsonName();
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /**
   * Go-style field names (WorkflowExecution.WorkflowId), [i] for list items, ["key"] for map
   * entries.
   */
  private String path() {
    StringBuilder out = new StringBuilder();
    for (Object segment : path) {
      if (segment instanceof FieldDescriptor field) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(goName(field));
      } else if (segment instanceof MapKey key) {
        out.append("[\"").append(String.valueOf(key.key()).replace("\0", "\\u0000")).append("\"]");
      } else {
        out.append('[').append(segment).append(']');
      }
    }
    return out.length() == 0 ? "Request" : out.toString();
  }
}
