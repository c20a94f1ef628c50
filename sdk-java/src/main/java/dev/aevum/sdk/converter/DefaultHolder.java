package dev.aevum.sdk.converter;

import java.util.List;

/** Lazily built shared default converter. */
final class DefaultHolder {
  static final DataConverter INSTANCE =
      new CompositeDataConverter(
          List.of(
              new NullPayloadConverter(),
              new ByteArrayPayloadConverter(),
              new ProtobufJsonPayloadConverter(),
              // Never wins on writing (JSON accepts every message first); reads binary/protobuf.
              new ProtobufBinaryPayloadConverter(),
              new JacksonJsonPayloadConverter()));

  private DefaultHolder() {}
}
