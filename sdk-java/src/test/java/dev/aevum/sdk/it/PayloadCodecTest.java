package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.aevum.sdk.AevumClient;
import dev.aevum.sdk.ClientOptions;
import dev.aevum.sdk.WorkflowFailedException;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.converter.PayloadCodec;
import dev.aevum.sdk.converter.ZlibPayloadCodec;
import dev.aevum.sdk.failure.ApplicationFailure;
import dev.aevum.sdk.worker.Worker;
import dev.aevum.sdk.worker.WorkerFactory;
import dev.aevum.sdk.worker.WorkerOptions;
import dev.aevum.sdk.worker.WorkflowReplayer;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PayloadCodecTest {
  /** A stand-in for encryption: flips every bit of the serialized payload. */
  static final class FlipCodec implements PayloadCodec {
    @Override
    public Payload encode(Payload payload) {
      return Payload.newBuilder()
          .putMetadata("encoding", ByteString.copyFromUtf8("binary/flipped"))
          .setData(ByteString.copyFrom(flip(payload.toByteArray())))
          .build();
    }

    @Override
    public Payload decode(Payload payload) {
      if (!payload
          .getMetadataMap()
          .getOrDefault("encoding", ByteString.EMPTY)
          .toStringUtf8()
          .equals("binary/flipped")) {
        return payload;
      }
      try {
        return Payload.parseFrom(flip(payload.getData().toByteArray()));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    }

    private static byte[] flip(byte[] bytes) {
      byte[] out = bytes.clone();
      for (int i = 0; i < out.length; i++) {
        out[i] = (byte) ~out[i];
      }
      return out;
    }
  }

  @ActivityInterface
  public interface Echo {
    String echo(String text);
  }

  public static final class EchoImpl implements Echo {
    @Override
    public String echo(String text) {
      return text + text;
    }
  }

  @WorkflowInterface
  public interface Doubler {
    @WorkflowMethod
    String twice(String text);
  }

  public static final class DoublerImpl implements Doubler {
    @Override
    public String twice(String text) {
      if (text.equals("fail")) {
        throw ApplicationFailure.newNonRetryableFailure("refused", "Refused", "detail-secret");
      }
      return Workflow.newActivityStub(
              Echo.class,
              ActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(10)).build())
          .echo(text);
    }
  }

  @Test
  void codecsEncodeEveryPayloadOnClientAndWorker() {
    DataConverter converter =
        DataConverter.defaultInstance().withCodecs(new FlipCodec(), new ZlibPayloadCodec());
    try (TestServerHarness harness = new TestServerHarness()) {
      AevumClient client =
          AevumClient.newInstance(
              harness.connection, ClientOptions.newBuilder().dataConverter(converter).build());
      WorkerFactory factory = WorkerFactory.newInstance(client);
      try {
        Worker worker = factory.newWorker(harness.taskQueue);
        worker.registerWorkflowImplementationTypes(DoublerImpl.class);
        worker.registerActivitiesImplementations(new EchoImpl());
        factory.start();

        WorkflowHandle handle =
            client.start(Doubler.class, harness.options(), d -> d.twice("secret"));

        assertThat(handle.getResult(String.class)).isEqualTo("secretsecret");
        // The replayer reads such a history with the same converter, and cannot without it.
        assertThatCode(
                () ->
                    WorkflowReplayer.replay(
                        handle.fetchHistory(),
                        client.options(),
                        WorkerOptions.defaults(),
                        DoublerImpl.class))
            .doesNotThrowAnyException();
        assertThatThrownBy(() -> WorkflowReplayer.replay(handle.fetchHistory(), DoublerImpl.class))
            .hasMessageContaining("binary/zlib");

        // Failure details use the same converter, codecs included.
        WorkflowHandle failing =
            client.start(Doubler.class, harness.options(), d -> d.twice("fail"));
        assertThatThrownBy(() -> failing.getResult(String.class))
            .isInstanceOf(WorkflowFailedException.class)
            .satisfies(
                e ->
                    assertThat(((ApplicationFailure) e.getCause()).detail(0, String.class))
                        .contains("detail-secret"));
        Payload detail =
            failing.fetchHistory().getEventsList().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED)
                .findFirst()
                .orElseThrow()
                .getWorkflowExecutionFailedEventAttributes()
                .getFailure()
                .getApplicationFailureInfo()
                .getDetails()
                .getPayloads(0);
        assertThat(detail.getMetadataMap().get("encoding").toStringUtf8()).isEqualTo("binary/zlib");
        for (HistoryEvent event : handle.fetchHistory().getEventsList()) {
          if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
            Payload input =
                event.getActivityTaskScheduledEventAttributes().getInput().getPayloads(0);
            assertThat(input.getMetadataMap().get("encoding").toStringUtf8())
                .isEqualTo("binary/zlib");
            assertThat(input.getData().toStringUtf8()).doesNotContain("secret");
          }
        }
      } finally {
        factory.close();
      }
    }
  }

  @Test
  void zlibRoundTripsAndPassesForeignPayloadsThrough() {
    ZlibPayloadCodec zlib = new ZlibPayloadCodec();
    Payload plain = DataConverter.defaultInstance().toPayload("hello hello hello hello");

    assertThat(zlib.decode(zlib.encode(plain))).isEqualTo(plain);
    assertThat(zlib.decode(plain)).isSameAs(plain);
    assertThat(new ZlibPayloadCodec(10_000).encode(plain)).isSameAs(plain);
  }
}
