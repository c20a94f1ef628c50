package dev.aevum.sdk.internal.common;

import dev.aevum.sdk.converter.DataConverter;
import io.temporal.api.common.v1.Payload;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Search attributes travel as plain JSON payloads: the server must read them, so no codecs. */
public final class SearchAttributes {
  private SearchAttributes() {}

  public static io.temporal.api.common.v1.SearchAttributes encode(Map<String, ?> values) {
    io.temporal.api.common.v1.SearchAttributes.Builder b = io.temporal.api.common.v1.SearchAttributes.newBuilder();
    values.forEach((name, value) -> b.putIndexedFields(name, DataConverter.defaultInstance().toPayload(value)));
    return b.build();
  }

  public static Map<String, Object> decode(io.temporal.api.common.v1.SearchAttributes attributes) {
    Map<String, Object> result = new LinkedHashMap<>();
    for (Map.Entry<String, Payload> e : attributes.getIndexedFieldsMap().entrySet()) {
      result.put(e.getKey(), DataConverter.defaultInstance().fromPayload(e.getValue(), Object.class, Object.class));
    }
    return Collections.unmodifiableMap(result);
  }
}
