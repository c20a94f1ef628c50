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
              new JacksonJsonPayloadConverter()));

  private DefaultHolder() {}
}
