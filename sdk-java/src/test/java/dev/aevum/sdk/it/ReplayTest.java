package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.worker.WorkflowReplayer;
import dev.aevum.sdk.workflow.NonDeterministicException;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.enums.v1.ContinueAsNewInitiator;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.history.v1.History;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Replays a history recorded from the official test server (src/test/resources/histories). */
class ReplayTest {
  static final String RECORDED = "/histories/order-workflow.json";

  @WorkflowInterface
  public interface Order {
    @WorkflowMethod(name = "Order")
    String process(String orderId);
  }

  @ActivityInterface
  public interface Payment {
    String charge(String orderId);
  }

  static final ActivityOptions OPTIONS =
      ActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(5)).build();

  /** The code that produced the recorded history. */
  public static final class OrderV1 implements Order {
    @Override
    public String process(String orderId) {
      String receipt = Workflow.newActivityStub(Payment.class, OPTIONS).charge(orderId);
      Workflow.sleep(Duration.ofMillis(200));
      return receipt + " shipped";
    }
  }

  /** A compatible change: a different result computation, same commands. */
  public static final class OrderV1Refactored implements Order {
    @Override
    public String process(String orderId) {
      Payment payment = Workflow.newActivityStub(Payment.class, OPTIONS);
      String receipt = payment.charge(orderId);
      Workflow.sleep(Duration.ofMillis(200));
      return String.join(" ", receipt, "shipped");
    }
  }

  /** An incompatible change: a timer is now started before the activity. */
  public static final class OrderV2SleepsFirst implements Order {
    @Override
    public String process(String orderId) {
      Workflow.sleep(Duration.ofMillis(200));
      return Workflow.newActivityStub(Payment.class, OPTIONS).charge(orderId) + " shipped";
    }
  }

  /** An incompatible change: the timer was removed. */
  public static final class OrderV3NoTimer implements Order {
    @Override
    public String process(String orderId) {
      return Workflow.newActivityStub(Payment.class, OPTIONS).charge(orderId) + " shipped";
    }
  }

  static final class PaymentImpl implements Payment {
    @Override
    public String charge(String orderId) {
      return "receipt-" + orderId;
    }
  }

  @Test
  void recordedHistoryReplaysWithTheOriginalAndACompatibleVersion() {
    History history = recorded();

    assertThat(history.getEventsCount()).isGreaterThan(10);
    assertThatCode(() -> WorkflowReplayer.replay(history, OrderV1.class))
        .doesNotThrowAnyException();
    assertThatCode(() -> WorkflowReplayer.replay(history, OrderV1Refactored.class))
        .doesNotThrowAnyException();
  }

  @Test
  void reorderedCommandsFailWithExpectedFoundAndEventId() {
    NonDeterministicException e =
        catchThrowableOfType(
            NonDeterministicException.class,
            () -> WorkflowReplayer.replay(recorded(), OrderV2SleepsFirst.class));

    assertThat(e.eventId()).isEqualTo(5);
    assertThat(e.getMessage())
        .contains("history event 5")
        .contains("expects command ScheduleActivityTask(activityId=1, activityType=Charge)")
        .contains("produced StartTimer(timerId=1)");
  }

  @Test
  void removedTimerFailsNamingTheMissingCommand() {
    NonDeterministicException e =
        catchThrowableOfType(
            NonDeterministicException.class,
            () -> WorkflowReplayer.replay(recorded(), OrderV3NoTimer.class));

    assertThat(e.getMessage())
        .contains("expects command StartTimer(timerId=2)")
        .contains("CompleteWorkflowExecution");
  }

  @Test
  void freshHistoryFromTheServerReplaysToo() {
    try (TestServerHarness harness = new TestServerHarness()) {
      harness.worker.registerWorkflowImplementationTypes(OrderV1.class);
      harness.worker.registerActivitiesImplementations(new PaymentImpl());
      harness.factory.start();
      WorkflowHandle handle =
          harness.client.start(Order.class, harness.options(), o -> o.process("o-1"));
      assertThat(handle.getResult(String.class)).isEqualTo("receipt-o-1 shipped");

      History history = handle.fetchHistory();
      History roundTripped = WorkflowReplayer.parseJson(WorkflowReplayer.toJson(history));

      assertThat(roundTripped).isEqualTo(history);
      assertThatCode(() -> WorkflowReplayer.replay(roundTripped, OrderV1.class))
          .doesNotThrowAnyException();
      if (System.getenv("AEVUM_RECORD_HISTORY") != null) {
        writeRecording(history);
      }
    }
  }

  @Test
  void theOlderJsonOfTctlAndTheWebUiIsReadToo() throws IOException {
    String protoJson;
    try (InputStream in = ReplayTest.class.getResourceAsStream(RECORDED)) {
      protoJson = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // The older export writes enum values without prefix, in CamelCase.
    Matcher m = Pattern.compile("\"(EVENT_TYPE|TASK_QUEUE_KIND)_([A-Z_]+)\"").matcher(protoJson);
    StringBuilder older = new StringBuilder();
    while (m.find()) {
      StringBuilder camel = new StringBuilder();
      for (String word : m.group(2).split("_")) {
        camel.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
      }
      m.appendReplacement(older, "\"" + camel + "\"");
    }
    m.appendTail(older);
    assertThat(older.toString()).contains("\"eventType\": \"WorkflowExecutionStarted\"");

    History parsed = WorkflowReplayer.parseJson(older.toString());

    assertThat(parsed).isEqualTo(recorded());
    assertThatCode(() -> WorkflowReplayer.replay(parsed, OrderV1.class)).doesNotThrowAnyException();

    History withKind =
        WorkflowReplayer.parseJson(
            "{\"events\": [{\"eventId\": \"1\", \"eventType\": "
                + "\"WorkflowExecutionStarted\", \"workflowExecutionStartedEventAttributes\": {\"taskQueue\": "
                + "{\"name\": \"q\", \"kind\": \"Normal\"}, \"initiator\": \"CronSchedule\"}}]}");
    var started = withKind.getEvents(0).getWorkflowExecutionStartedEventAttributes();
    assertThat(started.getTaskQueue().getKind()).isEqualTo(TaskQueueKind.TASK_QUEUE_KIND_NORMAL);
    assertThat(started.getInitiator())
        .isEqualTo(ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE);
  }

  @Test
  void jsonThatIsNotAHistoryIsRejectedClearly() {
    assertThatThrownBy(() -> WorkflowReplayer.parseJson("{\"events\": ["))
        .hasMessageStartingWith("json: not valid JSON");
    assertThatThrownBy(() -> WorkflowReplayer.parseJson("[1]")).hasMessageContaining("\"events\"");
    assertThatThrownBy(() -> WorkflowReplayer.parseJson("{\"events\": [{\"eventId\": \"x\"}]}"))
        .hasMessageStartingWith("json: not a history");
  }

  private static void writeRecording(History history) {
    try {
      Files.writeString(
          Path.of(System.getenv("AEVUM_RECORD_HISTORY")), WorkflowReplayer.toJson(history));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static History recorded() {
    try (InputStream in = ReplayTest.class.getResourceAsStream(RECORDED)) {
      assertThat(in).as(RECORDED).isNotNull();
      return WorkflowReplayer.parseJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
