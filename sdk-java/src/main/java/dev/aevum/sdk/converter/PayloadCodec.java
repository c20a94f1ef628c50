package dev.aevum.sdk.converter;

import io.temporal.api.common.v1.Payload;

/**
 * Transforms payloads after conversion and before they leave the process (encryption, compression),
 * and back on the way in. {@code decode} must pass through payloads it did not encode (check the
 * metadata), so histories written without the codec stay readable.
 */
public interface PayloadCodec {
  Payload encode(Payload payload);

  Payload decode(Payload payload);
}
