package dev.aevum.sdk.converter;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Compresses whole payloads (metadata and data) with zlib into a {@code binary/zlib} payload.
 * Payloads smaller than {@code minimumSize} bytes stay as they are, since compression would grow
 * them.
 */
public final class ZlibPayloadCodec implements PayloadCodec {
  static final String ENCODING = "binary/zlib";
  private final int minimumSize;

  public ZlibPayloadCodec() {
    this(0);
  }

  public ZlibPayloadCodec(int minimumSize) {
    if (minimumSize < 0) {
      throw new IllegalArgumentException("minimumSize: must not be negative, was " + minimumSize);
    }
    this.minimumSize = minimumSize;
  }

  @Override
  public Payload encode(Payload payload) {
    byte[] raw = payload.toByteArray();
    if (raw.length < minimumSize) {
      return payload;
    }
    Deflater deflater = new Deflater();
    try {
      deflater.setInput(raw);
      deflater.finish();
      return Payload.newBuilder()
          .putMetadata(EncodingKeys.METADATA_ENCODING, ByteString.copyFromUtf8(ENCODING))
          .setData(ByteString.copyFrom(drain(deflater)))
          .build();
    } finally {
      deflater.end();
    }
  }

  @Override
  public Payload decode(Payload payload) {
    if (!ENCODING.equals(EncodingKeys.encodingOf(payload))) {
      return payload;
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(payload.getData().toByteArray());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new DataConversionException("binary/zlib payload is truncated");
        }
        out.write(buffer, 0, n);
      }
      return Payload.parseFrom(out.toByteArray());
    } catch (DataFormatException | InvalidProtocolBufferException e) {
      throw new DataConversionException("binary/zlib payload cannot be decoded: " + e.getMessage());
    } finally {
      inflater.end();
    }
  }

  private static byte[] drain(Deflater deflater) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    return out.toByteArray();
  }
}
