package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.QueryRejectCondition;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowQueryConditionallyRejectedException;
import io.temporal.client.WorkflowQueryException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signals, signal-with-start, queries and cancellation through the official SDK. */
class SignalsAndQueriesTest extends ServerTest {

  @WorkflowInterface
  public interface Mailbox {
    @WorkflowMethod
    List<String> collect(int expected);

    @SignalMethod
    void deliver(String message);

    @QueryMethod
    List<String> received();
  }

  public static class MailboxImpl implements Mailbox {
    private final List<String> messages = new ArrayList<>();

    @Override
    public List<String> collect(int expected) {
      Workflow.await(() -> messages.size() >= expected);
      return messages;
    }

    @Override
    public void deliver(String message) {
      messages.add(message);
    }

    @Override
    public List<String> received() {
      return messages;
    }
  }

  private String taskQueue() {
    String taskQueue = unique("mailbox");
    worker(taskQueue).registerWorkflowImplementationTypes(MailboxImpl.class);
    startWorkers();
    return taskQueue;
  }

  private Mailbox mailbox(String taskQueue, String workflowId) {
    return client.newWorkflowStub(
        Mailbox.class,
        WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(workflowId).build());
  }

  @Test
  void signalsReachTheWorkflowAndQueriesSeeItsState() {
    String taskQueue = taskQueue();
    String id = unique("signals");
    Mailbox mailbox = mailbox(taskQueue, id);
    WorkflowClient.start(mailbox::collect, 3);
    Mailbox running = client.newWorkflowStub(Mailbox.class, id);
    running.deliver("a");
    running.deliver("b");
    eventually(Duration.ofSeconds(20), () -> running.received().size() == 2);
    assertThat(running.received()).containsExactly("a", "b");
    running.deliver("c");
    assertThat(WorkflowStub.fromTyped(running).getResult(List.class))
        .containsExactly("a", "b", "c");
    // A closed workflow still answers queries from its history.
    assertThat(running.received()).containsExactly("a", "b", "c");
    var signaled =
        client.fetchHistory(id).getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
            .toList();
    assertThat(signaled).hasSize(3);
  }

  @Test
  void signalWithStartStartsOnceAndSignalsAfterwards() {
    String taskQueue = taskQueue();
    String id = unique("signal-with-start");
    Mailbox first = mailbox(taskQueue, id);
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(first::collect, 2);
    request.add(first::deliver, "one");
    var execution = client.signalWithStart(request);
    Mailbox second = mailbox(taskQueue, id);
    BatchRequest again = client.newSignalWithStartRequest();
    again.add(second::collect, 2);
    again.add(second::deliver, "two");
    var sameExecution = client.signalWithStart(again);
    assertThat(sameExecution.getRunId()).isEqualTo(execution.getRunId());
    assertThat(WorkflowStub.fromTyped(first).getResult(List.class)).containsExactly("one", "two");
    var events = client.fetchHistory(id).getEvents();
    assertThat(events.subList(0, 3))
        .extracting(HistoryEvent::getEventType)
        .containsExactly(
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  }

  @Test
  void unknownQueryTypeFailsWithTheWorkersMessage() {
    String taskQueue = taskQueue();
    String id = unique("bad-query");
    WorkflowClient.start(mailbox(taskQueue, id)::collect, 1);
    WorkflowStub stub = client.newUntypedWorkflowStub(id);
    eventually(
        Duration.ofSeconds(20),
        () -> client.newWorkflowStub(Mailbox.class, id).received().isEmpty());
    assertThatThrownBy(() -> stub.query("noSuchQuery", String.class))
        .isInstanceOf(WorkflowQueryException.class)
        .rootCause()
        .hasMessageContaining("Unknown query type: noSuchQuery");
    stub.terminate("done");
  }

  @Test
  void queryRejectConditionIsApplied() {
    String taskQueue = taskQueue();
    String id = unique("reject");
    WorkflowClient.start(mailbox(taskQueue, id)::collect, 1);
    WorkflowStub stub = client.newUntypedWorkflowStub(id);
    stub.terminate("closed");
    WorkflowClient rejecting =
        WorkflowClient.newInstance(
            client.getWorkflowServiceStubs(),
            WorkflowClientOptions.newBuilder()
                .setNamespace(TestCluster.NAMESPACE)
                .setQueryRejectCondition(QueryRejectCondition.QUERY_REJECT_CONDITION_NOT_OPEN)
                .build());
    assertThatThrownBy(() -> rejecting.newUntypedWorkflowStub(id).query("received", List.class))
        .isInstanceOfSatisfying(
            WorkflowQueryConditionallyRejectedException.class,
            e ->
                assertThat(e.getWorkflowExecutionStatus())
                    .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED));
  }

  @Test
  void cancelRequestEndsTheWorkflowCanceled() {
    String taskQueue = taskQueue();
    String id = unique("cancel");
    WorkflowClient.start(mailbox(taskQueue, id)::collect, 5);
    WorkflowStub stub = client.newUntypedWorkflowStub(id);
    eventually(
        Duration.ofSeconds(20),
        () -> client.newWorkflowStub(Mailbox.class, id).received().isEmpty());
    stub.cancel();
    assertThatThrownBy(() -> stub.getResult(List.class))
        .isInstanceOfSatisfying(
            WorkflowFailedException.class,
            e -> assertThat(e.getCause()).isInstanceOf(CanceledFailure.class));
    var events = client.fetchHistory(id).getEvents();
    assertThat(events)
        .extracting(HistoryEvent::getEventType)
        .contains(
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED);
    // Cancelling again, or a closed workflow, is not an error.
    stub.cancel();
  }
}
