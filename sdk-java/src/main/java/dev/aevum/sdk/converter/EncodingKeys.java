package dev.aevum.sdk.converter;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import java.nio.charset.StandardCharsets;

/** Metadata keys and encodings shared with every Temporal SDK, so payloads interoperate. */
final class EncodingKeys {
  static final String METADATA_ENCODING = "encoding";
  static final String METADATA_MESSAGE_TYPE = "messageType";
  static final String NULL = "binary/null";
  static final String BYTES = "binary/plain";
  static final String PROTOBUF_JSON = "json/protobuf";
  static final String PROTOBUF_BINARY = "binary/protobuf";
  static final String JSON = "json/plain";

  private EncodingKeys() {}

  static Payload.Builder payloadWithEncoding(String encoding) {
    return Payload.newBuilder().putMetadata(METADATA_ENCODING, utf8(encoding));
  }

  static ByteString utf8(String s) {
    return ByteString.copyFrom(s, StandardCharsets.UTF_8);
  }

  static String encodingOf(Payload payload) {
    ByteString raw = payload.getMetadataMap().get(METADATA_ENCODING);
    return raw == null ? "" : raw.toStringUtf8();
  }
}
