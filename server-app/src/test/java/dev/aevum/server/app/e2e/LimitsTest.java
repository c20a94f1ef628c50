package dev.aevum.server.app.e2e;

import static io.temporal.api.enums.v1.EventType.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.aevum.server.history.HistorySettings;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.CompleteWorkflowExecutionCommandAttributes;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** History and payload limits, with small limits so the tests stay fast. */
class LimitsTest extends ServerTest {
  private static final int MAX_EVENTS = 30;
  private static final int MAX_BLOB = 10_000;

  @Override
  HistorySettings historySettings() {
    var d = HistorySettings.defaults();
    return new HistorySettings(
        d.numHistoryShards(),
        d.defaultWorkflowTaskTimeout(),
        d.maxWorkflowTaskTimeout(),
        d.longPollExpiration(),
        d.historyMaxPageSize(),
        MAX_EVENTS,
        d.historySizeLimitBytes(),
        MAX_BLOB,
        d.pendingActivitiesLimit(),
        d.cacheSize());
  }

  @Test
  void outgrowingTheHistoryCountTerminatesTheWorkflow() {
    RawWorker w = new RawWorker(cluster, unique("limits"));
    var run = w.start(unique("count"));
    var task = w.pollWorkflowTask();
    List<Command> markers = new ArrayList<>();
    for (int i = 0; i < MAX_EVENTS; i++) {
      markers.add(WorkflowTaskProtocolTest.marker("m" + i));
    }
    assertThatThrownBy(
            () ->
                w.stub()
                    .respondWorkflowTaskCompleted(
                        w.completion(task.getTaskToken()).addAllCommands(markers).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo("Workflow history count exceeds limit.");
            });
    var events = w.history(run);
    assertThat(events)
        .extracting(HistoryEvent::getEventType)
        .containsExactly(
            EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EVENT_TYPE_WORKFLOW_TASK_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_FAILED,
            EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
    assertThat(events.get(4).getWorkflowExecutionTerminatedEventAttributes().getReason())
        .isEqualTo("Workflow history count exceeds limit.");
  }

  @Test
  void oversizedResultTerminatesTheWorkflow() {
    RawWorker w = new RawWorker(cluster, unique("limits"));
    var run = w.start(unique("blob"));
    var task = w.pollWorkflowTask();
    Payloads big =
        Payloads.newBuilder()
            .addPayloads(Payload.newBuilder().setData(ByteString.copyFrom(new byte[MAX_BLOB + 1])))
            .build();
    Command complete =
        Command.newBuilder()
            .setCommandType(CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION)
            .setCompleteWorkflowExecutionCommandAttributes(
                CompleteWorkflowExecutionCommandAttributes.newBuilder().setResult(big))
            .build();
    assertThatThrownBy(() -> w.complete(task.getTaskToken(), complete))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e ->
                assertThat(e.getStatus().getDescription())
                    .isEqualTo(
                        "BadCompleteWorkflowExecutionAttributes: CompleteWorkflowExecutionCommandAttributes.Result exceeds size limit."));
    var events = w.history(run);
    assertThat(events)
        .extracting(HistoryEvent::getEventType)
        .endsWith(EVENT_TYPE_WORKFLOW_TASK_FAILED, EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
    assertThat(events.get(3).getWorkflowTaskFailedEventAttributes().getCause())
        .isEqualTo(
            WorkflowTaskFailedCause
                .WORKFLOW_TASK_FAILED_CAUSE_BAD_COMPLETE_WORKFLOW_EXECUTION_ATTRIBUTES);
  }

  @Test
  void closeCommandMustBeLastAndNothingIsRecorded() {
    RawWorker w = new RawWorker(cluster, unique("limits"));
    var run = w.start(unique("sequence"));
    var task = w.pollWorkflowTask();
    assertThatThrownBy(
            () ->
                w.complete(
                    task.getTaskToken(),
                    WorkflowTaskProtocolTest.complete(),
                    WorkflowTaskProtocolTest.startTimer("t", Duration.ofSeconds(1))))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e ->
                assertThat(e.getStatus().getDescription())
                    .isEqualTo(
                        "invalid command sequence: [CompleteWorkflowExecution, StartTimer],"
                            + " command CompleteWorkflowExecution must be the last command."));
    assertThat(w.history(run)).hasSize(3);
    w.complete(task.getTaskToken(), WorkflowTaskProtocolTest.complete());
    assertThat(w.types(run)).endsWith(EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  }
}
