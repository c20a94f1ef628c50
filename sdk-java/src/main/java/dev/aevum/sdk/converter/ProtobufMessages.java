package dev.aevum.sdk.converter;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.temporal.api.common.v1.Payload;

/** Reflection over generated protobuf classes, shared by the protobuf payload converters. */
final class ProtobufMessages {
  private ProtobufMessages() {}

  /** The target class's default instance, which knows the message's descriptor and parser. */
  static Message defaultInstance(Class<?> type, String encoding) {
    if (!Message.class.isAssignableFrom(type)) {
      throw new DataConversionException(
          "payload is "
              + encoding
              + " but the target type "
              + type.getName()
              + " is not a protobuf message");
    }
    try {
      return (Message) type.getMethod("getDefaultInstance").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new DataConversionException(
          "cannot decode "
              + encoding
              + ": "
              + type.getName()
              + " is not a generated protobuf message class",
          e);
    }
  }

  /**
   * Fails when the payload names a different message type than the target's. Binary protobuf parses
   * into almost any message without error, so without this check a wrong type would decode into
   * garbage instead of failing. Payloads without {@code messageType} (an SDK may leave it out) are
   * accepted.
   */
  static void checkMessageType(Payload payload, Message prototype, Class<?> type) {
    ByteString written = payload.getMetadataMap().get(EncodingKeys.METADATA_MESSAGE_TYPE);
    if (written == null) {
      return;
    }
    String expected = prototype.getDescriptorForType().getFullName();
    String actual = written.toStringUtf8();
    if (!actual.equals(expected)) {
      throw new DataConversionException(
          "payload holds protobuf message type "
              + actual
              + " but the target type "
              + type.getName()
              + " is message type "
              + expected);
    }
  }
}
