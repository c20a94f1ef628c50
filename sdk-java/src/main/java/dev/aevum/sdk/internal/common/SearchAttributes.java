package dev.aevum.sdk.internal.common;

import com.google.protobuf.ByteString;
import dev.aevum.sdk.converter.DataConverter;
import io.temporal.api.common.v1.Payload;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Search attributes travel as plain JSON payloads (the server must read them, so no codecs) with a
 * {@code type} metadata entry naming the attribute type, as Temporal's SDKs send them: String is
 * Keyword, integral numbers Int, other numbers Double, Boolean Bool, a collection KeywordList and
 * Instant / OffsetDateTime / ZonedDateTime Datetime (an RFC 3339 string, read back as
 * OffsetDateTime).
 */
public final class SearchAttributes {
  private static final String TYPE = "type";

  private SearchAttributes() {}

  public static io.temporal.api.common.v1.SearchAttributes encode(Map<String, ?> values) {
    io.temporal.api.common.v1.SearchAttributes.Builder b =
        io.temporal.api.common.v1.SearchAttributes.newBuilder();
    values.forEach((name, value) -> b.putIndexedFields(name, encodeValue(value)));
    return b.build();
  }

  public static Map<String, Object> decode(io.temporal.api.common.v1.SearchAttributes attributes) {
    Map<String, Object> result = new LinkedHashMap<>();
    for (Map.Entry<String, Payload> e : attributes.getIndexedFieldsMap().entrySet()) {
      Payload payload = e.getValue();
      Object value =
          DataConverter.defaultInstance().fromPayload(payload, Object.class, Object.class);
      if (value instanceof String text
          && "Datetime"
              .equals(payload.getMetadataOrDefault(TYPE, ByteString.EMPTY).toStringUtf8())) {
        value = OffsetDateTime.parse(text);
      }
      result.put(e.getKey(), value);
    }
    return Collections.unmodifiableMap(result);
  }

  private static Payload encodeValue(Object value) {
    Object plain = value;
    String type = null;
    if (value instanceof Instant instant) {
      plain = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
      type = "Datetime";
    } else if (value instanceof OffsetDateTime time) {
      plain = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
      type = "Datetime";
    } else if (value instanceof ZonedDateTime time) {
      plain = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.toOffsetDateTime());
      type = "Datetime";
    } else if (value instanceof String) {
      type = "Keyword";
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      type = "Int";
    } else if (value instanceof Number) {
      type = "Double";
    } else if (value instanceof Boolean) {
      type = "Bool";
    } else if (value instanceof Collection<?>) {
      type = "KeywordList";
    }
    Payload payload = DataConverter.defaultInstance().toPayload(plain);
    return type == null
        ? payload
        : payload.toBuilder().putMetadata(TYPE, ByteString.copyFromUtf8(type)).build();
  }
}
