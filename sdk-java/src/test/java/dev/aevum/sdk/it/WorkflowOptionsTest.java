package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.sdk.WorkflowAlreadyStartedException;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.WorkflowIdConflictPolicy;
import dev.aevum.sdk.WorkflowIdReusePolicy;
import dev.aevum.sdk.WorkflowOptions;
import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.workflow.SignalMethod;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkflowOptionsTest {
  @WorkflowInterface
  public interface Gate {
    @WorkflowMethod
    String pass(String who);

    @SignalMethod
    void open();
  }

  public static final class GateImpl implements Gate {
    private boolean open;

    @Override
    public String pass(String who) {
      if (who.equals("wait")) {
        Workflow.await(() -> open);
      }
      return "passed " + who;
    }

    @Override
    public void open() {
      open = true;
    }
  }

  private TestServerHarness harness;

  @BeforeEach
  void setUp() {
    harness = new TestServerHarness();
    harness.worker.registerWorkflowImplementationTypes(GateImpl.class);
    harness.factory.start();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  private WorkflowOptions.Builder options(String id) {
    return WorkflowOptions.newBuilder()
        .taskQueue(harness.taskQueue)
        .workflowId(id)
        .executionTimeout(Duration.ofSeconds(60));
  }

  private static WorkflowExecutionStartedEventAttributes started(WorkflowHandle handle) {
    return handle.fetchHistory().getEvents(0).getWorkflowExecutionStartedEventAttributes();
  }

  @Test
  void memoAndStartDelayReachTheServer() {
    WorkflowHandle handle =
        harness.client.start(
            Gate.class,
            options("memo-" + UUID.randomUUID())
                .memo("owner", "ann")
                .startDelay(Duration.ofMillis(500))
                .build(),
            g -> g.pass("ann"));

    assertThat(handle.getResult(String.class)).isEqualTo("passed ann");
    WorkflowExecutionStartedEventAttributes started = started(handle);
    assertThat(
            DataConverter.defaultInstance()
                .fromPayload(
                    started.getMemo().getFieldsOrThrow("owner"), String.class, String.class))
        .isEqualTo("ann");
    assertThat(started.getFirstWorkflowTaskBackoff().getNanos()).isEqualTo(500_000_000);
  }

  @Test
  void rejectDuplicateRefusesAClosedId() {
    String id = "dup-" + UUID.randomUUID();
    WorkflowOptions reject =
        options(id).idReusePolicy(WorkflowIdReusePolicy.REJECT_DUPLICATE).build();
    assertThat(harness.client.start(Gate.class, reject, g -> g.pass("one")).getResult(String.class))
        .isEqualTo("passed one");

    assertThatThrownBy(() -> harness.client.start(Gate.class, reject, g -> g.pass("two")))
        .isInstanceOf(WorkflowAlreadyStartedException.class);
  }

  @Test
  void useExistingReturnsTheRunningWorkflow() {
    String id = "running-" + UUID.randomUUID();
    WorkflowHandle first =
        harness.client.start(Gate.class, options(id).build(), g -> g.pass("wait"));

    WorkflowHandle second =
        harness.client.start(
            Gate.class,
            options(id).idConflictPolicy(WorkflowIdConflictPolicy.USE_EXISTING).build(),
            g -> g.pass("other"));

    assertThat(second.runId()).isEqualTo(first.runId());
    first.signal("open");
    assertThat(second.getResult(String.class)).isEqualTo("passed wait");
  }

  @Test
  void cronScheduleIsRecorded() {
    WorkflowHandle handle =
        harness.client.start(
            Gate.class,
            options("cron-" + UUID.randomUUID()).cronSchedule("0 0 1 1 *").build(),
            g -> g.pass("yearly"));

    assertThat(started(handle).getCronSchedule()).isEqualTo("0 0 1 1 *");
    handle.terminate("test over");
  }
}
