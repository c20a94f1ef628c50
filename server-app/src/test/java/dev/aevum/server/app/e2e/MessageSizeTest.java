package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.TerminatedFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Requests above Temporal's 4 MiB limit are refused in the words Temporal's SDKs recognise; a
 * workflow task whose answer is too large terminates its workflow instead of retrying forever.
 */
class MessageSizeTest extends ServerTest {
  static final String FIVE_MEGABYTES = "x".repeat(5 * 1024 * 1024);

  @ActivityInterface
  public interface Sink {
    void take(String data);
  }

  @WorkflowInterface
  public interface Big {
    @WorkflowMethod
    void run(String input);
  }

  public static class BigImpl implements Big {
    @Override
    public void run(String input) {
      Workflow.newActivityStub(
              Sink.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(5)).build())
          .take(FIVE_MEGABYTES);
    }
  }

  @Test
  void aRequestAboveFourMebibytesIsRefusedAsTooLarge() {
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            "Big", WorkflowOptions.newBuilder().setTaskQueue(unique("big")).build());
    assertThatThrownBy(() -> stub.start(FIVE_MEGABYTES))
        .hasCauseInstanceOf(StatusRuntimeException.class)
        .cause()
        .satisfies(
            e -> {
              Status status = ((StatusRuntimeException) e).getStatus();
              assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
              assertThat(status.getDescription())
                  .startsWith("grpc: received message larger than max (")
                  .endsWith(" vs. 4194304)");
            });
  }

  @Test
  void aWorkflowTaskWhoseAnswerIsTooLargeTerminatesTheWorkflow() {
    String queue = unique("big");
    worker(queue).registerWorkflowImplementationTypes(BigImpl.class);
    startWorkers();
    Big big =
        client.newWorkflowStub(
            Big.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(queue)
                .setWorkflowTaskTimeout(Duration.ofSeconds(2))
                .build());

    assertThatThrownBy(() -> big.run(""))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(TerminatedFailure.class);
    String id = WorkflowStub.fromTyped(big).getExecution().getWorkflowId();
    List<HistoryEvent> failed =
        client.fetchHistory(id).getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
            .toList();
    assertThat(failed)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getWorkflowTaskFailedEventAttributes().getCause())
                    .isEqualTo(
                        WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND));
  }
}
