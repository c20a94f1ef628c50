package dev.aevum.sdk.converter;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Turns workflow and activity arguments and results into Temporal payloads and back. */
public interface DataConverter {

  Payload toPayload(Object value);

  /** Decodes one payload; {@code genericType} may be the same as {@code type}. */
  <T> T fromPayload(Payload payload, Class<T> type, Type genericType);

  /**
   * The default converter, in the same order as Temporal's SDKs: null, byte[], protobuf JSON,
   * protobuf binary, Jackson JSON. Protobuf messages are written as JSON; payloads written as
   * {@code binary/protobuf} are still read.
   */
  static DataConverter defaultInstance() {
    return DefaultHolder.INSTANCE;
  }

  /** A converter that tries {@code converters} in order. */
  static DataConverter of(List<PayloadConverter> converters) {
    return new CompositeDataConverter(converters);
  }

  /**
   * This converter followed by {@code codecs} (for example encryption, then compression): payloads
   * are encoded by the codecs in order and decoded in reverse order. Give the result to {@code
   * ClientOptions.dataConverter}; workers built on that client use it too.
   */
  default DataConverter withCodecs(PayloadCodec... codecs) {
    if (codecs == null || codecs.length == 0) {
      throw new IllegalArgumentException("codecs: at least one codec is required");
    }
    for (PayloadCodec codec : codecs) {
      Objects.requireNonNull(codec, "codecs: must not contain null");
    }
    return new CodecDataConverter(this, List.of(codecs));
  }

  /** Encodes each argument into one payload. */
  default Payloads toPayloads(Object... values) {
    Payloads.Builder builder = Payloads.newBuilder();
    if (values != null) {
      for (Object value : values) {
        builder.addPayloads(toPayload(value));
      }
    }
    return builder.build();
  }

  /**
   * Decodes the payload at {@code index}. A missing payload decodes as the type's default value, so
   * that a workflow may add a trailing parameter without breaking running executions.
   */
  default <T> T fromPayloads(
      int index, Optional<Payloads> payloads, Class<T> type, Type genericType) {
    if (payloads.isEmpty() || payloads.get().getPayloadsCount() <= index) {
      return Defaults.defaultValue(type);
    }
    return fromPayload(payloads.get().getPayloads(index), type, genericType);
  }

  /** Decodes method arguments by their declared types. */
  default Object[] fromPayloads(
      Optional<Payloads> payloads, Class<?>[] types, Type[] genericTypes) {
    Object[] result = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      result[i] = fromPayloads(i, payloads, types[i], genericTypes[i]);
    }
    return result;
  }
}
