package dev.aevum.server.common.validation;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import com.google.protobuf.WireFormat;
import io.temporal.api.common.v1.Payload;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link MessageScan}'s checks on a request's wire bytes, for the edge, where the bytes are at
 * hand: one pass with no reflection and no decoded strings (a UTF-8 string holds U+0000 exactly
 * where it holds a zero byte). It only answers "fine or not"; a request that is not fine is scanned
 * again by {@link MessageScan} for the message that names the field, so the two must agree on what
 * is fine, and this one may only be stricter.
 *
 * <p>Fields are read as the parser reads them: a field whose wire type does not match its
 * declaration is an unknown field to the parser, and skipped here too; for a repeated scalar the
 * last value wins.
 */
final class WireScan {
  private static final int STRING = 1;
  private static final int ENUM = 2;
  private static final int MESSAGE = 3;

  /** Duration's and Timestamp's fields 1 and 2, both varints: (number << 3) | wire type 0. */
  private static final int SECONDS_TAG = 1 << 3;

  private static final int NANOS_TAG = 2 << 3;

  /** What to check of each field number of one message type; null where nothing is checked. */
  private record Plan(Kind opaqueOrSpecial, Field[] byNumber) {}

  private record Field(int kind, EnumDescriptor enumType, Descriptor messageType) {}

  private enum Kind {
    PLAIN,
    OPAQUE,
    DURATION,
    TIMESTAMP
  }

  private static final Map<Set<String>, Map<Descriptor, Plan>> PLANS = new ConcurrentHashMap<>();

  private WireScan() {}

  /**
   * Whether {@code bytes}, a valid encoding of a {@code type} message, breaks none of the rules.
   */
  static boolean ok(Descriptor type, byte[] bytes, Set<String> skipped) {
    Map<Descriptor, Plan> plans = PLANS.computeIfAbsent(skipped, k -> new ConcurrentHashMap<>());
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    try {
      return message(type, in, bytes, 1, plans, skipped);
    } catch (IOException | RuntimeException e) {
      return false; // the full scan, on the parsed message, gives the answer
    }
  }

  private static boolean message(
      Descriptor type,
      CodedInputStream in,
      byte[] bytes,
      int depth,
      Map<Descriptor, Plan> plans,
      Set<String> skipped)
      throws IOException {
    if (depth > MessageScan.MAX_DEPTH) {
      return false;
    }
    Plan plan = plans.get(type);
    if (plan == null) {
      plan = plan(type, skipped);
      plans.put(type, plan);
    }
    switch (plan.opaqueOrSpecial) {
      case OPAQUE -> {
        in.skipRawBytes(in.getBytesUntilLimit());
        return true;
      }
      case DURATION -> {
        return duration(in);
      }
      case TIMESTAMP -> {
        return timestamp(in);
      }
      default -> {}
    }
    Field[] fields = plan.byNumber;
    for (int tag; (tag = in.readTag()) != 0; ) {
      int number = WireFormat.getTagFieldNumber(tag);
      Field field = number < fields.length ? fields[number] : null;
      int wireType = WireFormat.getTagWireType(tag);
      if (field == null) {
        in.skipField(tag);
      } else if (field.kind == STRING && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        int length = in.readRawVarint32();
        int start = in.getTotalBytesRead();
        for (int i = start, end = start + length; i < end; i++) {
          if (bytes[i] == 0) {
            return false;
          }
        }
        in.skipRawBytes(length);
      } else if (field.kind == ENUM && wireType == WireFormat.WIRETYPE_VARINT) {
        if (field.enumType.findValueByNumber(in.readEnum()) == null) {
          return false;
        }
      } else if (field.kind == ENUM && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) { // packed
        int limit = in.pushLimit(in.readRawVarint32());
        while (in.getBytesUntilLimit() > 0) {
          if (field.enumType.findValueByNumber(in.readEnum()) == null) {
            return false;
          }
        }
        in.popLimit(limit);
      } else if (field.kind == MESSAGE && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        int limit = in.pushLimit(in.readRawVarint32());
        if (!message(field.messageType, in, bytes, depth + 1, plans, skipped)) {
          return false;
        }
        in.popLimit(limit);
      } else {
        in.skipField(tag);
      }
    }
    return true;
  }

  private static boolean duration(CodedInputStream in) throws IOException {
    long[] parts = secondsAndNanos(in);
    return FastScan.validDuration(parts[0], (int) parts[1]);
  }

  private static boolean timestamp(CodedInputStream in) throws IOException {
    long[] parts = secondsAndNanos(in);
    return FastScan.validTimestamp(parts[0], (int) parts[1]);
  }

  /** Duration's and Timestamp's fields as the parser reads them (the last of each wins). */
  private static long[] secondsAndNanos(CodedInputStream in) throws IOException {
    long seconds = 0;
    int nanos = 0;
    for (int tag; (tag = in.readTag()) != 0; ) {
      if (tag == SECONDS_TAG) {
        seconds = in.readInt64();
      } else if (tag == NANOS_TAG) {
        nanos = in.readInt32();
      } else {
        in.skipField(tag);
      }
    }
    return new long[] {seconds, nanos};
  }

  private static Plan plan(Descriptor type, Set<String> skipped) {
    if (type.equals(Duration.getDescriptor())) {
      return new Plan(Kind.DURATION, new Field[0]);
    }
    if (type.equals(Timestamp.getDescriptor())) {
      return new Plan(Kind.TIMESTAMP, new Field[0]);
    }
    if (type.equals(Payload.getDescriptor())) {
      return new Plan(Kind.OPAQUE, new Field[0]);
    }
    int max = 0;
    for (FieldDescriptor f : type.getFields()) {
      max = Math.max(max, f.getNumber());
    }
    Field[] byNumber = new Field[max + 1];
    for (FieldDescriptor f : type.getFields()) {
      if (skipped.contains(f.getFullName())) {
        continue;
      }
      switch (f.getJavaType()) {
        case STRING -> {
          if (!MessageScan.isFreeText(f)) {
            byNumber[f.getNumber()] = new Field(STRING, null, null);
          }
        }
        case ENUM -> byNumber[f.getNumber()] = new Field(ENUM, f.getEnumType(), null);
        case MESSAGE -> byNumber[f.getNumber()] = new Field(MESSAGE, null, f.getMessageType());
        default -> {}
      }
    }
    return new Plan(Kind.PLAIN, byNumber);
  }
}
