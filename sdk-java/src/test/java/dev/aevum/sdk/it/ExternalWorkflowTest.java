package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.sdk.WorkflowFailedException;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.failure.ApplicationFailure;
import dev.aevum.sdk.failure.CanceledFailure;
import dev.aevum.sdk.worker.WorkflowReplayer;
import dev.aevum.sdk.workflow.Async;
import dev.aevum.sdk.workflow.Promise;
import dev.aevum.sdk.workflow.SignalMethod;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.enums.v1.EventType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExternalWorkflowTest {
  @WorkflowInterface
  public interface Mailbox {
    @WorkflowMethod
    String receive();

    @SignalMethod
    void post(String message);
  }

  public static final class MailboxImpl implements Mailbox {
    private String message;

    @Override
    public String receive() {
      Workflow.await(() -> message != null);
      return message;
    }

    @Override
    public void post(String value) {
      message = value;
    }
  }

  @WorkflowInterface
  public interface Postman {
    @WorkflowMethod
    String deliver(String targetId, String mode);
  }

  public static final class PostmanImpl implements Postman {
    @Override
    public String deliver(String targetId, String mode) {
      switch (mode) {
        case "signal" -> {
          Workflow.newExternalWorkflowStub(Mailbox.class, targetId).post("hi");
          try {
            Workflow.signalExternalWorkflow(targetId + "-missing", "post", "lost");
            return "no failure";
          } catch (ApplicationFailure e) {
            return "sent," + e.type();
          }
        }
        case "cancel" -> {
          Workflow.cancelExternalWorkflow(targetId);
          return "canceled";
        }
        default -> {
          Mailbox child = Workflow.newChildWorkflowStub(Mailbox.class);
          Promise<String> received = Async.function(child::receive);
          child.post("from parent");
          return received.get();
        }
      }
    }
  }

  private TestServerHarness harness;

  @BeforeEach
  void setUp() {
    harness = new TestServerHarness();
    harness.worker.registerWorkflowImplementationTypes(MailboxImpl.class, PostmanImpl.class);
    harness.factory.start();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void workflowSignalsAnotherWorkflowAndLearnsOfAMissingOne() {
    WorkflowHandle mailbox =
        harness.client.start(Mailbox.class, harness.options(), Mailbox::receive);
    WorkflowHandle postman =
        harness.client.start(
            Postman.class, harness.options(), p -> p.deliver(mailbox.workflowId(), "signal"));

    assertThat(mailbox.getResult(String.class)).isEqualTo("hi");
    assertThat(postman.getResult(String.class))
        .isEqualTo(
            "sent,SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND");
    assertThatCode(() -> WorkflowReplayer.replay(postman.fetchHistory(), PostmanImpl.class))
        .doesNotThrowAnyException();
  }

  @Test
  void workflowCancelsAnotherWorkflow() {
    WorkflowHandle mailbox =
        harness.client.start(Mailbox.class, harness.options(), Mailbox::receive);
    WorkflowHandle postman =
        harness.client.start(
            Postman.class, harness.options(), p -> p.deliver(mailbox.workflowId(), "cancel"));

    assertThat(postman.getResult(String.class)).isEqualTo("canceled");
    assertThatThrownBy(() -> mailbox.getResult(String.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(postman.fetchHistory().getEventsList())
        .anyMatch(
            e ->
                e.getEventType()
                    == EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
  }

  @Test
  void parentSignalsItsChildThroughTheChildStub() {
    WorkflowHandle postman =
        harness.client.start(Postman.class, harness.options(), p -> p.deliver("", "child"));

    assertThat(postman.getResult(String.class)).isEqualTo("from parent");
    assertThatCode(() -> WorkflowReplayer.replay(postman.fetchHistory(), PostmanImpl.class))
        .doesNotThrowAnyException();
  }

  @Test
  void signalWithStartStartsTheWorkflowAndDeliversTheSignal() {
    WorkflowHandle mailbox =
        harness.client.signalWithStart(
            Mailbox.class, harness.options(), Mailbox::receive, m -> m.post("early"));

    assertThat(mailbox.getResult(String.class)).isEqualTo("early");
  }
}
