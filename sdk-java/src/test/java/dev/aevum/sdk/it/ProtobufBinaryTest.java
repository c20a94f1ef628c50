package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.sdk.AevumClient;
import dev.aevum.sdk.ClientOptions;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.converter.ByteArrayPayloadConverter;
import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.converter.JacksonJsonPayloadConverter;
import dev.aevum.sdk.converter.NullPayloadConverter;
import dev.aevum.sdk.converter.ProtobufBinaryPayloadConverter;
import dev.aevum.sdk.converter.ProtobufJsonPayloadConverter;
import dev.aevum.sdk.worker.Worker;
import dev.aevum.sdk.worker.WorkerFactory;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Protobuf messages as workflow and activity arguments and results, written as binary/protobuf. */
class ProtobufBinaryTest {
  /**
   * Temporal's default order with the two protobuf converters swapped: binary writes, JSON still
   * reads.
   */
  static final DataConverter BINARY_FIRST =
      DataConverter.of(
          List.of(
              new NullPayloadConverter(),
              new ByteArrayPayloadConverter(),
              new ProtobufBinaryPayloadConverter(),
              new ProtobufJsonPayloadConverter(),
              new JacksonJsonPayloadConverter()));

  @ActivityInterface
  public interface Typing {
    WorkflowType typeOf(WorkflowExecution execution);
  }

  public static final class TypingImpl implements Typing {
    @Override
    public WorkflowType typeOf(WorkflowExecution execution) {
      return WorkflowType.newBuilder().setName("type-of-" + execution.getWorkflowId()).build();
    }
  }

  @WorkflowInterface
  public interface Renaming {
    @WorkflowMethod
    WorkflowExecution rename(WorkflowExecution execution);
  }

  public static final class RenamingImpl implements Renaming {
    @Override
    public WorkflowExecution rename(WorkflowExecution execution) {
      WorkflowType type =
          Workflow.newActivityStub(
                  Typing.class,
                  ActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(10)).build())
              .typeOf(execution);
      return execution.toBuilder().setRunId(type.getName()).build();
    }
  }

  @Test
  void workflowTakesAndReturnsProtoMessagesWrittenAsBinary() {
    try (TestServerHarness harness = new TestServerHarness()) {
      AevumClient client =
          AevumClient.newInstance(
              harness.connection, ClientOptions.newBuilder().dataConverter(BINARY_FIRST).build());
      WorkerFactory factory = WorkerFactory.newInstance(client);
      try {
        Worker worker = factory.newWorker(harness.taskQueue);
        worker.registerWorkflowImplementationTypes(RenamingImpl.class);
        worker.registerActivitiesImplementations(new TypingImpl());
        factory.start();
        WorkflowExecution input = WorkflowExecution.newBuilder().setWorkflowId("order-1").build();

        WorkflowHandle handle =
            client.start(Renaming.class, harness.options(), r -> r.rename(input));

        WorkflowExecution expected = input.toBuilder().setRunId("type-of-order-1").build();
        assertThat(handle.getResult(WorkflowExecution.class)).isEqualTo(expected);
        // A client on the default converter (which writes JSON) reads the binary result too.
        assertThat(harness.client.handle(handle.workflowId()).getResult(WorkflowExecution.class))
            .isEqualTo(expected);

        History history = handle.fetchHistory();
        assertBinary(
            payloadOf(history, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED),
            "temporal.api.common.v1.WorkflowExecution");
        assertBinary(
            payloadOf(history, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
            "temporal.api.common.v1.WorkflowExecution");
        assertBinary(
            payloadOf(history, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED),
            "temporal.api.common.v1.WorkflowType");
        assertBinary(
            payloadOf(history, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED),
            "temporal.api.common.v1.WorkflowExecution");
      } finally {
        factory.close();
      }
    }
  }

  private static void assertBinary(Payload payload, String messageType) {
    assertThat(payload.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("binary/protobuf");
    assertThat(payload.getMetadataOrThrow("messageType").toStringUtf8()).isEqualTo(messageType);
  }

  private static Payload payloadOf(History history, EventType type) {
    HistoryEvent event =
        history.getEventsList().stream()
            .filter(e -> e.getEventType() == type)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no " + type + " in history"));
    return switch (type) {
      case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED ->
          event.getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0);
      case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED ->
          event.getActivityTaskScheduledEventAttributes().getInput().getPayloads(0);
      case EVENT_TYPE_ACTIVITY_TASK_COMPLETED ->
          event.getActivityTaskCompletedEventAttributes().getResult().getPayloads(0);
      case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED ->
          event.getWorkflowExecutionCompletedEventAttributes().getResult().getPayloads(0);
      default -> throw new IllegalArgumentException("no payload read for " + type);
    };
  }
}
