package dev.aevum.server.history.internal.execution;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.aevum.persistence.VisibilityAttribute;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.SearchAttributes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Custom search attribute payloads as the values visibility indexes. SDKs send each value as a JSON
 * payload whose {@code type} metadata names the attribute type; without it the JSON decides
 * (string: Keyword, integral number: Int, other number: Double, boolean: Bool, list: KeywordList).
 * A value that is not JSON, or does not fit its type, is kept in the run but not indexed.
 */
final class SearchAttributeValues {
  private SearchAttributeValues() {}

  static List<VisibilityAttribute> of(SearchAttributes attributes) {
    List<VisibilityAttribute> out = new ArrayList<>();
    for (Map.Entry<String, Payload> entry : attributes.getIndexedFieldsMap().entrySet()) {
      Payload payload = entry.getValue();
      if (payload.getData().isEmpty()) {
        continue; // an upsert with no value removes the attribute
      }
      Value json;
      try {
        Value.Builder value = Value.newBuilder();
        JsonFormat.parser().merge(payload.getData().toString(StandardCharsets.UTF_8), value);
        json = value.build();
      } catch (InvalidProtocolBufferException | RuntimeException e) {
        continue;
      }
      String type =
          payload.getMetadataOrDefault("type", ByteString.EMPTY).toString(StandardCharsets.UTF_8);
      String kind = type.isEmpty() ? inferType(json) : type;
      if (json.hasListValue() && !kind.equals("KeywordList")) {
        // A list of values for a single-valued type (Temporal's system.visibilityAllowList): each
        // is indexed.
        json.getListValue().getValuesList().forEach(item -> add(entry.getKey(), kind, item, out));
      } else {
        add(entry.getKey(), kind, json, out);
      }
    }
    return out;
  }

  private static String inferType(Value json) {
    return switch (json.getKindCase()) {
      case STRING_VALUE -> "Keyword";
      case NUMBER_VALUE ->
          json.getNumberValue() == Math.rint(json.getNumberValue()) ? "Int" : "Double";
      case BOOL_VALUE -> "Bool";
      case LIST_VALUE -> "KeywordList";
      default -> "";
    };
  }

  private static void add(String name, String type, Value json, List<VisibilityAttribute> out) {
    switch (type) {
      case "Keyword", "Text" -> {
        if (json.hasStringValue()) {
          out.add(VisibilityAttribute.text(name, type, json.getStringValue()));
        }
      }
      case "KeywordList" -> {
        List<Value> values =
            json.hasListValue() ? json.getListValue().getValuesList() : List.of(json);
        for (Value v : values) {
          if (v.hasStringValue()) {
            out.add(VisibilityAttribute.text(name, type, v.getStringValue()));
          }
        }
      }
      case "Int", "Double" -> {
        if (json.hasNumberValue()) {
          out.add(VisibilityAttribute.number(name, type, json.getNumberValue()));
        }
      }
      case "Bool" -> {
        if (json.hasBoolValue()) {
          out.add(VisibilityAttribute.number(name, type, json.getBoolValue() ? 1 : 0));
        }
      }
      case "Datetime" -> {
        if (json.hasStringValue()) {
          parseTime(json.getStringValue())
              .ifPresent(
                  instant ->
                      out.add(VisibilityAttribute.number(name, type, instant.toEpochMilli())));
        }
      }
      default -> {} // an unknown type: not indexed
    }
  }

  /** RFC 3339, with or without an offset (Temporal's SDKs write both). */
  static Optional<Instant> parseTime(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(Instant.parse(text));
      } catch (DateTimeParseException again) {
        return Optional.empty();
      }
    }
  }
}
