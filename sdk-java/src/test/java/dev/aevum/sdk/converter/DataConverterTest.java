package dev.aevum.sdk.converter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DataConverterTest {
  private final DataConverter dc = DataConverter.defaultInstance();

  record Order(String id, int quantity, Instant placedAt) {}

  private static String encoding(Payload p) {
    return p.getMetadataOrThrow("encoding").toStringUtf8();
  }

  @Test
  void encodingsMatchTemporalsDefaults() {
    assertThat(encoding(dc.toPayload(null))).isEqualTo("binary/null");
    assertThat(encoding(dc.toPayload(new byte[] {1, 2}))).isEqualTo("binary/plain");
    assertThat(encoding(dc.toPayload(WorkflowExecution.newBuilder().setWorkflowId("w").build())))
        .isEqualTo("json/protobuf");
    assertThat(encoding(dc.toPayload("text"))).isEqualTo("json/plain");
    assertThat(dc.toPayload("text").getData().toStringUtf8()).isEqualTo("\"text\"");
  }

  @Test
  void valuesRoundTrip() {
    Order order = new Order("o-1", 3, Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(dc.fromPayload(dc.toPayload(order), Order.class, Order.class)).isEqualTo(order);
    assertThat(dc.fromPayload(dc.toPayload(new byte[] {7}), byte[].class, byte[].class))
        .containsExactly(7);
    assertThat(dc.fromPayload(dc.toPayload(null), String.class, String.class)).isNull();
    assertThat(dc.fromPayload(dc.toPayload(5), int.class, int.class)).isEqualTo(5);
    WorkflowExecution proto =
        WorkflowExecution.newBuilder().setWorkflowId("w").setRunId("r").build();
    assertThat(
            dc.fromPayload(dc.toPayload(proto), WorkflowExecution.class, WorkflowExecution.class))
        .isEqualTo(proto);
  }

  @Test
  void genericTypesDecodeWithTheirTypeArguments() {
    List<Order> orders = List.of(new Order("a", 1, Instant.EPOCH));
    var type = new TypeReference<List<Order>>() {}.getType();

    @SuppressWarnings("unchecked")
    List<Order> decoded = dc.fromPayload(dc.toPayload(orders), List.class, type);

    assertThat(decoded).containsExactlyElementsOf(orders);
  }

  @Test
  void missingTrailingArgumentsDecodeAsDefaults() {
    Payloads one = dc.toPayloads("x");

    Object[] args =
        dc.fromPayloads(
            Optional.of(one),
            new Class<?>[] {String.class, int.class, String.class},
            new Type[] {String.class, int.class, String.class});

    assertThat(args).containsExactly("x", 0, null);
  }

  @Test
  void unknownEncodingIsNamedInTheError() {
    Payload odd =
        Payload.newBuilder()
            .putMetadata("encoding", ByteString.copyFromUtf8("binary/encrypted"))
            .build();

    assertThatThrownBy(() -> dc.fromPayload(odd, String.class, String.class))
        .isInstanceOf(DataConversionException.class)
        .hasMessageContaining("binary/encrypted");
  }

  private static final WorkflowExecution EXECUTION =
      WorkflowExecution.newBuilder().setWorkflowId("w").setRunId("r").build();

  @Test
  void binaryProtobufRoundTripsWithTemporalsMetadata() {
    ProtobufBinaryPayloadConverter binary = new ProtobufBinaryPayloadConverter();

    Payload payload = binary.toPayload(EXECUTION).orElseThrow();

    assertThat(encoding(payload)).isEqualTo("binary/protobuf");
    assertThat(payload.getMetadataOrThrow("messageType").toStringUtf8())
        .isEqualTo("temporal.api.common.v1.WorkflowExecution");
    assertThat(payload.getData()).isEqualTo(EXECUTION.toByteString());
    assertThat(binary.fromPayload(payload, WorkflowExecution.class, WorkflowExecution.class))
        .isEqualTo(EXECUTION);
    assertThat(binary.toPayload("not a message")).isEmpty();
  }

  @Test
  void defaultConverterWritesJsonButReadsBinaryProtobuf() {
    Payload written = new ProtobufBinaryPayloadConverter().toPayload(EXECUTION).orElseThrow();

    assertThat(dc.fromPayload(written, WorkflowExecution.class, WorkflowExecution.class))
        .isEqualTo(EXECUTION);
    assertThat(encoding(dc.toPayload(EXECUTION))).isEqualTo("json/protobuf");
  }

  @Test
  void binaryProtobufWithoutMessageTypeStillDecodes() {
    // Temporal's SDKs can be told to leave messageType out.
    Payload untyped =
        new ProtobufBinaryPayloadConverter()
            .toPayload(EXECUTION).orElseThrow().toBuilder().removeMetadata("messageType").build();

    assertThat(dc.fromPayload(untyped, WorkflowExecution.class, WorkflowExecution.class))
        .isEqualTo(EXECUTION);
  }

  @Test
  void binaryProtobufOfAnotherMessageTypeFailsNamingBothTypes() {
    Payload written = new ProtobufBinaryPayloadConverter().toPayload(EXECUTION).orElseThrow();

    assertThatThrownBy(() -> dc.fromPayload(written, WorkflowType.class, WorkflowType.class))
        .isInstanceOf(DataConversionException.class)
        .hasMessageContaining("temporal.api.common.v1.WorkflowExecution")
        .hasMessageContaining("temporal.api.common.v1.WorkflowType")
        .hasMessageContaining(WorkflowType.class.getName());
  }

  @Test
  void binaryProtobufIntoANonMessageTypeFails() {
    Payload written = new ProtobufBinaryPayloadConverter().toPayload(EXECUTION).orElseThrow();

    assertThatThrownBy(() -> dc.fromPayload(written, String.class, String.class))
        .isInstanceOf(DataConversionException.class)
        .hasMessageContaining("binary/protobuf")
        .hasMessageContaining("java.lang.String is not a protobuf message");
  }
}
