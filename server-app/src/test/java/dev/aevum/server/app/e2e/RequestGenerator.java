package dev.aevum.server.app.e2e;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.temporal.api.common.v1.Payload;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Random requests of any message type, built from its descriptor and biased towards what breaks
 * servers: the ids of real workflows next to NUL characters, over-long and reserved names, broken
 * durations, unknown enum numbers, JSON search attribute values of the wrong type, and queries that
 * nest or sprawl. Deterministic for a given seed.
 */
final class RequestGenerator {
  private static final int MAX_DEPTH = 7;

  /** Fields that conflict with others or need exact values: plausible requests set them rarely. */
  private static final Set<String> SPARSE =
      Set.of(
          "cron_schedule",
          "workflow_start_delay",
          "retry_policy",
          "first_execution_run_id",
          "run_id",
          "versioning_override",
          "on_conflict_options",
          "completion_callbacks",
          "links",
          "request_eager_execution",
          "continued_failure",
          "last_completion_result",
          "workflow_id_conflict_policy",
          "workflow_id_reuse_policy",
          "next_page_token",
          "query_reject_condition");

  private final Random random;

  /** The share of leaf values taken from the hostile pools; the rest are plausible. */
  private double hostility = 1;

  private final List<String> strings = new ArrayList<>();
  private final List<String> plainStrings = new ArrayList<>();
  private final List<String> runIds = new ArrayList<>(List.of(""));
  private final List<String> queries = new ArrayList<>();
  private final List<ByteString> tokens = new ArrayList<>();
  private final List<String> jsonValues =
      List.of(
          "1",
          "-7",
          "1.5",
          "\"abc\"",
          "\"a\\u0000b\"",
          "[\"a\", \"b\"]",
          "[1, 2]",
          "true",
          "null",
          "{",
          "\"2024-01-31T12:00:00Z\"",
          "\"\"",
          "[]",
          "1e400",
          "\"" + "x".repeat(3000) + "\"");

  RequestGenerator(long seed, List<String> realIds) {
    this.random = new Random(seed);
    strings.addAll(realIds);
    plainStrings.addAll(realIds);
    realIds.stream().filter(id -> id.matches("[0-9a-f-]{36}")).forEach(runIds::add);
    plainStrings.addAll(
        List.of(
            "default", "fuzz", "fuzz-queue", "Fuzz", "s", "CustomKeywordField", "CustomIntField"));
    strings.addAll(
        List.of(
            "",
            "a",
            "default",
            "other",
            "no-such-namespace",
            UUID.randomUUID().toString().replace('-', 'f'),
            "x".repeat(1001),
            "é".repeat(501),
            "a\0b",
            "\0",
            "é😀",
            "/_sys/q/1",
            "temporal-sys-per-ns-tq",
            "CustomIntField",
            "CustomKeywordField",
            "WorkflowId",
            "TemporalChangeVersion",
            "Unregistered",
            "bad name",
            "0f8fad5b-d9cb-469f-a165-70867728950e",
            "run-1",
            "TemporalTimeout:Bogus",
            "TemporalTimeout:StartToClose",
            "* * * * *",
            "not a cron",
            "@every 1s",
            "json/plain",
            "binary/null",
            "\uFFFF",
            "line\nbreak"));
    queries.addAll(
        List.of(
            "",
            "WorkflowId = 'a'",
            "ExecutionStatus = 'Running'",
            "CustomIntField = 'abc'",
            "CustomIntField > 3 AND CustomKeywordField = 'x'",
            "Unregistered = 1",
            "((((",
            "WorkflowId = ",
            "StartTime > '2024-01-01T00:00:00Z' ORDER BY StartTime",
            "GROUP BY ExecutionStatus",
            "WorkflowId IN ()",
            "NOT NOT NOT WorkflowId = 'a'",
            "CustomDatetimeField > 'soon'",
            "`unclosed",
            "HistoryLength BETWEEN 1 AND 2",
            "(".repeat(200) + "WorkflowId = 'a'" + ")".repeat(200),
            String.join(" AND ", Collections.nCopies(700, "CustomKeywordField = 'a'")),
            "WorkflowId = 'a\0'",
            "TaskQueue STARTS_WITH 'q'",
            "CustomBoolField = true OR CustomDoubleField <= -1.5"));
  }

  /**
   * Task tokens the worker calls may carry: real ones make history check the rest of the request.
   */
  void addToken(ByteString token) {
    tokens.add(token);
  }

  /**
   * A random message of {@code prototype}'s type; top-level namespaces are mostly real ones.
   *
   * @param hostility the share of leaf values from the hostile pools: 1 for all of them, a few
   *     percent for requests that get past the first checks and break somewhere deeper
   */
  Message message(Message prototype, double hostility) {
    this.hostility = hostility;
    return message(prototype);
  }

  private Message message(Message prototype) {
    Message.Builder builder = prototype.newBuilderForType();
    fill(builder, 0);
    FieldDescriptor namespace = builder.getDescriptorForType().findFieldByName("namespace");
    if (namespace != null
        && namespace.getType() == FieldDescriptor.Type.STRING
        && !namespace.isRepeated()
        && random.nextInt(10) < 7) {
      builder.setField(namespace, TestCluster.NAMESPACE);
    }
    return builder.build();
  }

  /** The encoding of a random message, damaged: bytes flipped, cut off or inserted. */
  byte[] damaged(Message prototype) {
    byte[] bytes = message(prototype, 0.1).toByteArray();
    if (bytes.length == 0 || random.nextInt(4) == 0) {
      byte[] noise = new byte[1 + random.nextInt(40)];
      random.nextBytes(noise);
      return noise;
    }
    return switch (random.nextInt(3)) {
      case 0 -> {
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
          bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
        yield bytes;
      }
      case 1 -> Arrays.copyOf(bytes, random.nextInt(bytes.length));
      default -> {
        byte[] longer = new byte[bytes.length + 3];
        int at = random.nextInt(bytes.length + 1);
        System.arraycopy(bytes, 0, longer, 0, at);
        longer[at] = (byte) 0xff;
        longer[at + 1] = (byte) 0xff;
        longer[at + 2] = (byte) random.nextInt(256);
        System.arraycopy(bytes, at, longer, at + 3, bytes.length - at);
        yield longer;
      }
    };
  }

  private boolean hostile() {
    return random.nextDouble() < hostility;
  }

  private void fill(Message.Builder builder, int depth) {
    Descriptor type = builder.getDescriptorForType();
    if (type.equals(Duration.getDescriptor())) {
      builder.mergeFrom(
          hostile()
              ? duration()
              : Duration.newBuilder().setSeconds(1 + random.nextInt(60)).build());
      return;
    }
    if (type.equals(Timestamp.getDescriptor())) {
      builder.mergeFrom(
          hostile() ? timestamp() : Timestamp.newBuilder().setSeconds(1_700_000_000L).build());
      return;
    }
    if (type.equals(Payload.getDescriptor()) && random.nextBoolean()) {
      builder.mergeFrom(jsonPayload());
      return;
    }
    // Plausible requests set most fields, so the required ones are there and checks further in run.
    int percent =
        hostility < 0.5
            ? Math.max(15, 90 - depth * 25)
            : depth == 0 ? 55 : Math.max(10, 45 - depth * 7);
    for (FieldDescriptor field : type.getFields()) {
      if (random.nextInt(100)
          >= (hostility < 0.5 && SPARSE.contains(field.getName()) ? 10 : percent)) {
        continue;
      }
      if (field.isMapField() || field.isRepeated()) {
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
          Object value = value(builder, field, depth);
          if (value != null) {
            builder.addRepeatedField(field, value);
          }
        }
      } else {
        Object value = value(builder, field, depth);
        if (value != null) {
          builder.setField(field, value);
        }
      }
    }
  }

  private Object value(Message.Builder parent, FieldDescriptor field, int depth) {
    if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE && !hostile()) {
      return plain(field);
    }
    return switch (field.getJavaType()) {
      case MESSAGE -> {
        if (depth >= MAX_DEPTH) {
          yield null;
        }
        Message.Builder nested = parent.newBuilderForField(field);
        if (field.isMapField()) {
          FieldDescriptor key = nested.getDescriptorForType().findFieldByNumber(1);
          FieldDescriptor value = nested.getDescriptorForType().findFieldByNumber(2);
          nested.setField(key, value(nested, key, depth + 1));
          Object v = value(nested, value, depth + 1);
          if (v != null) {
            nested.setField(value, v);
          }
        } else {
          fill(nested, depth + 1);
        }
        yield nested.build();
      }
      case STRING -> field.getName().equals("query") ? pick(queries) : pick(strings);
      case BYTE_STRING -> bytes(field);
      case INT ->
          pick(
              List.of(
                  0,
                  1,
                  -1,
                  2,
                  100,
                  1001,
                  Integer.MAX_VALUE,
                  Integer.MIN_VALUE,
                  random.nextInt(300)));
      case LONG ->
          pick(
              List.of(
                  0L,
                  1L,
                  -1L,
                  3L,
                  5L,
                  1L << 20,
                  Long.MAX_VALUE,
                  Long.MIN_VALUE,
                  (long) random.nextInt(50)));
      case DOUBLE ->
          pick(List.of(0.0, 1.0, 0.5, -1.0, 2.0, Double.NaN, Double.POSITIVE_INFINITY, 1e308));
      case FLOAT -> pick(List.of(0f, 1f, -1f, Float.NaN));
      case BOOLEAN -> random.nextBoolean();
      case ENUM -> enumValue(field.getEnumType());
    };
  }

  /** A plausible value: real ids and names, small numbers, known enum values. */
  private Object plain(FieldDescriptor field) {
    return switch (field.getJavaType()) {
      case STRING ->
          switch (field.getName()) {
            case "namespace" -> TestCluster.NAMESPACE;
            case "request_id" -> UUID.randomUUID().toString();
            case "run_id", "first_execution_run_id" -> pick(runIds);
            case "cron_schedule" -> "@every 1h";
            case "query" ->
                pick(
                    List.of(
                        "",
                        "WorkflowId = 'a'",
                        "CustomKeywordField = 'seed'",
                        "ExecutionStatus = 'Running'"));
            default -> pick(plainStrings);
          };
      case BYTE_STRING ->
          field.getName().equals("task_token") && !tokens.isEmpty()
              ? pick(tokens)
              : ByteString.EMPTY;
      case INT -> random.nextInt(20);
      case LONG -> (long) random.nextInt(50);
      case DOUBLE -> pick(List.of(0.0, 1.0, 2.0));
      case FLOAT -> 1f;
      case BOOLEAN -> random.nextBoolean();
      case ENUM -> knownEnumValue(field.getEnumType());
      case MESSAGE -> throw new IllegalArgumentException("messages are filled, not picked");
    };
  }

  /**
   * A declared value; never a namespace state that would delete or deprecate the namespace under
   * test and end the run early (NamespaceApiTest covers those).
   */
  private Object knownEnumValue(EnumDescriptor type) {
    if (type.getFullName().equals("temporal.api.enums.v1.NamespaceState")) {
      return type.getValues().get(0);
    }
    return type.getValues().get(random.nextInt(type.getValues().size()));
  }

  private Object enumValue(EnumDescriptor type) {
    if (random.nextInt(5) == 0) {
      return type.findValueByNumberCreatingIfUnknown(1000 + random.nextInt(1000));
    }
    return knownEnumValue(type);
  }

  private ByteString bytes(FieldDescriptor field) {
    if (field.getName().equals("task_token") && !tokens.isEmpty() && random.nextInt(3) > 0) {
      return pick(tokens);
    }
    return switch (random.nextInt(4)) {
      case 0 -> ByteString.EMPTY;
      case 1 -> ByteString.copyFromUtf8(pick(jsonValues));
      default -> {
        byte[] noise = new byte[random.nextInt(64)];
        random.nextBytes(noise);
        yield ByteString.copyFrom(noise);
      }
    };
  }

  private Payload jsonPayload() {
    Payload.Builder payload =
        Payload.newBuilder()
            .putMetadata(
                "encoding",
                ByteString.copyFromUtf8(random.nextInt(5) == 0 ? "binary/plain" : "json/plain"))
            .setData(ByteString.copyFrom(pick(jsonValues).getBytes(StandardCharsets.UTF_8)));
    if (random.nextBoolean()) {
      payload.putMetadata(
          "type",
          ByteString.copyFromUtf8(pick(List.of("Int", "Keyword", "Text", "Datetime", "Bogus"))));
    }
    return payload.build();
  }

  private Duration duration() {
    return switch (random.nextInt(7)) {
      case 0 -> Duration.newBuilder().setSeconds(random.nextInt(120)).build();
      case 1 -> Duration.newBuilder().setSeconds(-5).build();
      case 2 -> Duration.newBuilder().setSeconds(1).setNanos(2_000_000_000).build();
      case 3 -> Duration.newBuilder().setSeconds(Long.MAX_VALUE).build();
      case 4 -> Duration.newBuilder().setSeconds(1).setNanos(-1).build();
      case 5 -> Duration.newBuilder().setSeconds(315_576_000_000L).build();
      default -> Duration.newBuilder().setNanos(random.nextInt(999_999_999)).build();
    };
  }

  private Timestamp timestamp() {
    return switch (random.nextInt(4)) {
      case 0 -> Timestamp.newBuilder().setSeconds(1_700_000_000L + random.nextInt(1000)).build();
      case 1 -> Timestamp.newBuilder().setSeconds(Long.MIN_VALUE).build();
      case 2 -> Timestamp.newBuilder().setSeconds(1).setNanos(-5).build();
      default -> Timestamp.newBuilder().setSeconds(253_402_300_799L).setNanos(999_999_999).build();
    };
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
