package dev.aevum.server.common.searchattributes;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.IndexedValueType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Whether a search attribute payload decodes as its type, the way Temporal's sadefs.DecodeValue
 * decodes it: JSON (encoding json/plain), null or no data to remove the attribute, a list of values
 * for any type (system.visibilityAllowList defaults to true), KeywordList only as a list.
 */
final class SearchAttributeJson {
  private static final ByteString JSON = ByteString.copyFromUtf8("json/plain");
  private static final ByteString NULL = ByteString.copyFromUtf8("binary/null");

  /** Java's long range as doubles; JSON numbers reach us as doubles. */
  private static final double LONG_LIMIT = 9.223372036854775807E18;

  private SearchAttributeJson() {}

  static boolean isRemoval(Payload payload) {
    return payload.getData().isEmpty()
        || NULL.equals(payload.getMetadataOrDefault("encoding", ByteString.EMPTY));
  }

  /** Why {@code payload} is not a value of {@code type}, or empty when it is one. */
  static Optional<String> problem(Payload payload, IndexedValueType type) {
    if (isRemoval(payload)) {
      return Optional.empty();
    }
    ByteString encoding = payload.getMetadataOrDefault("encoding", ByteString.EMPTY);
    if (!JSON.equals(encoding)) {
      return Optional.of(
          "value with encoding '"
              + encoding.toStringUtf8()
              + "' (search attributes are json/plain)");
    }
    if (!payload.getData().isValidUtf8()) {
      return Optional.of("value is not UTF-8");
    }
    String text = payload.getData().toStringUtf8();
    Value json;
    try {
      Value.Builder value = Value.newBuilder();
      JsonFormat.parser().merge(text, value);
      json = value.build();
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      return Optional.of(shorten(text) + " (not JSON)");
    }
    if (json.hasNullValue()) {
      return Optional.empty();
    }
    if (json.hasListValue()) {
      for (Value item : json.getListValue().getValuesList()) {
        Optional<String> problem = single(item, type);
        if (problem.isPresent()) {
          return problem;
        }
      }
      return Optional.empty();
    }
    if (type == IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST) {
      return Optional.of(show(json) + " (KeywordList values are JSON lists of strings)");
    }
    return single(json, type);
  }

  private static Optional<String> single(Value v, IndexedValueType type) {
    boolean fits =
        switch (type) {
          case INDEXED_VALUE_TYPE_KEYWORD,
              INDEXED_VALUE_TYPE_TEXT,
              INDEXED_VALUE_TYPE_KEYWORD_LIST ->
              v.hasStringValue();
          case INDEXED_VALUE_TYPE_INT ->
              v.hasNumberValue()
                  && v.getNumberValue() == Math.rint(v.getNumberValue())
                  && Math.abs(v.getNumberValue()) <= LONG_LIMIT;
          // Go's JSON decoding refuses numbers out of float64's range, such as 1e400.
          case INDEXED_VALUE_TYPE_DOUBLE ->
              v.hasNumberValue() && Double.isFinite(v.getNumberValue());
          case INDEXED_VALUE_TYPE_BOOL -> v.hasBoolValue();
          case INDEXED_VALUE_TYPE_DATETIME -> v.hasStringValue() && isTime(v.getStringValue());
          default -> false;
        };
    if (!fits) {
      return Optional.of(show(v));
    }
    if (v.hasStringValue() && v.getStringValue().indexOf('\0') >= 0) {
      return Optional.of("the value contains the NUL character (U+0000), which is not allowed");
    }
    return Optional.empty();
  }

  /** RFC 3339, as Go's time.Time reads JSON. */
  static boolean isTime(String text) {
    try {
      OffsetDateTime.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      try {
        Instant.parse(text);
        return true;
      } catch (DateTimeParseException again) {
        return false;
      }
    }
  }

  /** Like Go's %v of the decoded value: strings bare, the rest as JSON. */
  private static String show(Value v) {
    if (v.hasStringValue()) {
      return shorten(v.getStringValue().replace("\0", "\\u0000"));
    }
    if (v.hasNumberValue()) {
      double number = v.getNumberValue();
      return number == Math.rint(number) && Math.abs(number) < 1e15
          ? Long.toString((long) number)
          : Double.toString(number);
    }
    try {
      return shorten(JsonFormat.printer().omittingInsignificantWhitespace().print(v));
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      return "an unprintable value";
    }
  }

  private static String shorten(String text) {
    return text.length() <= 100 ? text : text.substring(0, 100) + "...";
  }
}
