package dev.aevum.sdk.converter;

import io.temporal.api.common.v1.Payload;
import java.lang.reflect.Type;
import java.util.List;

/** A converter followed by codecs: encoding applies them in order, decoding in reverse order. */
final class CodecDataConverter implements DataConverter {
  private final DataConverter inner;
  private final List<PayloadCodec> codecs;

  CodecDataConverter(DataConverter inner, List<PayloadCodec> codecs) {
    this.inner = inner;
    this.codecs = List.copyOf(codecs);
  }

  @Override
  public Payload toPayload(Object value) {
    Payload payload = inner.toPayload(value);
    for (PayloadCodec codec : codecs) {
      payload = codec.encode(payload);
    }
    return payload;
  }

  @Override
  public <T> T fromPayload(Payload payload, Class<T> type, Type genericType) {
    Payload decoded = payload;
    for (int i = codecs.size() - 1; i >= 0; i--) {
      decoded = codecs.get(i).decode(decoded);
    }
    return inner.fromPayload(decoded, type, genericType);
  }
}
