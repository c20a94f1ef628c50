package dev.aevum.server.common.validation;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.temporal.api.common.v1.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link MessageScan}'s checks without the bookkeeping: for each message type a plan of only the
 * fields that can break a rule (strings, enums, messages, durations, timestamps), computed once,
 * and no path, no allocation per field. It only answers "fine or not"; a request that is not fine
 * is scanned again by {@link MessageScan} for the message that names the field.
 *
 * <p>Payload contents are not looked into: they are opaque bytes to the server, stored only in
 * blobs (a NUL there harms no text column) and by far the largest part of most requests.
 */
final class FastScan {
  private record Plan(
      boolean duration,
      boolean timestamp,
      boolean opaque,
      FieldDescriptor[] strings,
      FieldDescriptor[] enums,
      FieldDescriptor[] messages,
      FieldDescriptor[] maps) {}

  private static final Map<Set<String>, Map<Descriptor, Plan>> PLANS = new ConcurrentHashMap<>();

  private FastScan() {}

  static boolean ok(Message message, Set<String> skipped) {
    Map<Descriptor, Plan> plans = PLANS.computeIfAbsent(skipped, k -> new ConcurrentHashMap<>());
    return ok(message, 1, plans, skipped);
  }

  private static boolean ok(
      Message message, int depth, Map<Descriptor, Plan> plans, Set<String> skipped) {
    if (depth > MessageScan.MAX_DEPTH) {
      return false;
    }
    Descriptor type = message.getDescriptorForType();
    Plan plan = plans.get(type);
    if (plan == null) {
      plan = plan(type, skipped);
      plans.put(type, plan);
    }
    if (plan.opaque) {
      return true;
    }
    if (plan.duration) {
      Duration d = (Duration) message;
      return validDuration(d.getSeconds(), d.getNanos());
    }
    if (plan.timestamp) {
      Timestamp t = (Timestamp) message;
      return validTimestamp(t.getSeconds(), t.getNanos());
    }
    for (FieldDescriptor f : plan.strings) {
      if (f.isRepeated()) {
        for (int i = 0, n = message.getRepeatedFieldCount(f); i < n; i++) {
          if (((String) message.getRepeatedField(f, i)).indexOf('\0') >= 0) {
            return false;
          }
        }
      } else if (((String) message.getField(f)).indexOf('\0') >= 0) {
        return false;
      }
    }
    for (FieldDescriptor f : plan.enums) {
      if (f.isRepeated()) {
        for (int i = 0, n = message.getRepeatedFieldCount(f); i < n; i++) {
          if (!known((EnumValueDescriptor) message.getRepeatedField(f, i))) {
            return false;
          }
        }
      } else if (!known((EnumValueDescriptor) message.getField(f))) {
        return false;
      }
    }
    for (FieldDescriptor f : plan.messages) {
      if (f.isRepeated()) {
        for (int i = 0, n = message.getRepeatedFieldCount(f); i < n; i++) {
          if (!ok((Message) message.getRepeatedField(f, i), depth + 1, plans, skipped)) {
            return false;
          }
        }
      } else if (message.hasField(f)
          && !ok((Message) message.getField(f), depth + 1, plans, skipped)) {
        return false;
      }
    }
    for (FieldDescriptor f : plan.maps) {
      for (int i = 0, n = message.getRepeatedFieldCount(f); i < n; i++) {
        Message entry = (Message) message.getRepeatedField(f, i);
        Descriptor entryType = entry.getDescriptorForType();
        Object key = entry.getField(entryType.findFieldByNumber(1));
        if (key instanceof String text && text.indexOf('\0') >= 0) {
          return false;
        }
        FieldDescriptor valueField = entryType.findFieldByNumber(2);
        Object value = entry.getField(valueField);
        if (value instanceof Message nested && !ok(nested, depth + 2, plans, skipped)) {
          return false;
        }
        if (value instanceof String text && text.indexOf('\0') >= 0) {
          return false;
        }
        if (value instanceof EnumValueDescriptor e && !known(e)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * google.protobuf.Duration's rules: nanos below a second, one sign, about 10,000 years at most.
   */
  static boolean validDuration(long seconds, int nanos) {
    return Math.abs(nanos) < 1_000_000_000
        && !((seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0))
        && Math.abs(seconds) <= MessageScan.MAX_DURATION_SECONDS;
  }

  /** google.protobuf.Timestamp's rules: nanos in [0, 1e9), years 1 to 9999. */
  static boolean validTimestamp(long seconds, int nanos) {
    return nanos >= 0
        && nanos < 1_000_000_000
        && seconds >= MessageScan.MIN_TIMESTAMP_SECONDS
        && seconds <= MessageScan.MAX_TIMESTAMP_SECONDS;
  }

  private static boolean known(EnumValueDescriptor e) {
    return e.getType().findValueByNumber(e.getNumber()) != null;
  }

  private static Plan plan(Descriptor type, Set<String> skipped) {
    if (type.equals(Duration.getDescriptor())) {
      return new Plan(true, false, false, none(), none(), none(), none());
    }
    if (type.equals(Timestamp.getDescriptor())) {
      return new Plan(false, true, false, none(), none(), none(), none());
    }
    if (type.equals(Payload.getDescriptor())) {
      return new Plan(false, false, true, none(), none(), none(), none());
    }
    List<FieldDescriptor> strings = new ArrayList<>();
    List<FieldDescriptor> enums = new ArrayList<>();
    List<FieldDescriptor> messages = new ArrayList<>();
    List<FieldDescriptor> maps = new ArrayList<>();
    for (FieldDescriptor f : type.getFields()) {
      if (skipped.contains(f.getFullName())) {
        continue;
      }
      if (f.isMapField()) {
        maps.add(f);
      } else if (f.getJavaType() == FieldDescriptor.JavaType.STRING) {
        if (!MessageScan.isFreeText(f)) {
          strings.add(f);
        }
      } else if (f.getJavaType() == FieldDescriptor.JavaType.ENUM) {
        enums.add(f);
      } else if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        messages.add(f);
      }
    }
    return new Plan(
        false,
        false,
        false,
        strings.toArray(none()),
        enums.toArray(none()),
        messages.toArray(none()),
        maps.toArray(none()));
  }

  private static FieldDescriptor[] none() {
    return new FieldDescriptor[0];
  }
}
