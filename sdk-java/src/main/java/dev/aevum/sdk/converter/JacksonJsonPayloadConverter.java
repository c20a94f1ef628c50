package dev.aevum.sdk.converter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Objects;
import java.util.Optional;

/** Encodes any value as JSON with Jackson ({@code json/plain}); the default catch-all converter. */
public final class JacksonJsonPayloadConverter implements PayloadConverter {
  private final ObjectMapper mapper;

  /** Uses a mapper that knows Optional and java.time and tolerates unknown properties. */
  public JacksonJsonPayloadConverter() {
    this(defaultMapper());
  }

  public JacksonJsonPayloadConverter(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  static ObjectMapper defaultMapper() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.registerModule(new Jdk8Module());
    mapper.registerModule(new JavaTimeModule());
    mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    // Workflows evolve: a newer payload with an extra field must still decode in older code.
    mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    return mapper;
  }

  @Override
  public String encoding() {
    return EncodingKeys.JSON;
  }

  @Override
  public Optional<Payload> toPayload(Object value) {
    try {
      byte[] json = mapper.writeValueAsBytes(value);
      return Optional.of(
          EncodingKeys.payloadWithEncoding(EncodingKeys.JSON)
              .setData(ByteString.copyFrom(json))
              .build());
    } catch (JsonProcessingException e) {
      throw new DataConversionException(
          "cannot encode " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public Object fromPayload(Payload payload, Class<?> type, Type genericType) {
    JavaType javaType =
        mapper.getTypeFactory().constructType(genericType == null ? type : genericType);
    try {
      return mapper.readValue(payload.getData().toByteArray(), javaType);
    } catch (IOException e) {
      throw new DataConversionException(
          "cannot decode JSON into " + javaType + ": " + e.getMessage(), e);
    }
  }
}
