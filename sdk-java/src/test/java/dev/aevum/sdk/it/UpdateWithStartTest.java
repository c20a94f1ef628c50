package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.sdk.UpdateHandle;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.WorkflowIdConflictPolicy;
import dev.aevum.sdk.WorkflowOptions;
import dev.aevum.sdk.WorkflowUpdateException;
import dev.aevum.sdk.workflow.UpdateMethod;
import dev.aevum.sdk.workflow.UpdateValidatorMethod;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UpdateWithStartTest {
  @WorkflowInterface
  public interface Counter {
    @WorkflowMethod
    int run(int start);

    @UpdateMethod
    int add(int amount);

    @UpdateValidatorMethod(updateName = "add")
    void validateAdd(int amount);

    @UpdateMethod
    void close();
  }

  public static final class CounterImpl implements Counter {
    private int total;
    private boolean closed;

    @Override
    public int run(int start) {
      total += start;
      Workflow.await(() -> closed);
      return total;
    }

    @Override
    public int add(int amount) {
      Workflow.sleep(
          Duration.ofMillis(10)); // a handler that blocks: the result comes in a later task
      total += amount;
      return total;
    }

    @Override
    public void validateAdd(int amount) {
      if (amount <= 0) {
        throw new IllegalArgumentException("amount must be positive");
      }
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static WorkflowOptions useExisting(TestServerHarness harness, String workflowId) {
    return WorkflowOptions.newBuilder()
        .taskQueue(harness.taskQueue)
        .workflowId(workflowId)
        .idConflictPolicy(WorkflowIdConflictPolicy.USE_EXISTING)
        .executionTimeout(Duration.ofSeconds(60))
        .build();
  }

  @Test
  void startsTheWorkflowThenUpdatesTheRunningOneAndReturnsTheUpdateResults() {
    try (TestServerHarness harness = new TestServerHarness()) {
      harness.worker.registerWorkflowImplementationTypes(CounterImpl.class);
      harness.factory.start();
      WorkflowOptions options = useExisting(harness, "wf-" + UUID.randomUUID());

      int first =
          harness.client.executeUpdateWithStart(
              Counter.class, options, c -> c.run(100), c -> c.add(5));
      WorkflowHandle handle = harness.client.handle(options.workflowId().orElseThrow());
      String runId = handle.describe().runId();
      int second =
          harness.client.executeUpdateWithStart(
              Counter.class, options, c -> c.run(100), c -> c.add(3));

      assertThat(first).isEqualTo(105);
      assertThat(second).isEqualTo(108);
      assertThat(handle.describe().runId())
          .as("the second call used the running workflow")
          .isEqualTo(runId);
      handle.update(
          Counter.class,
          c -> {
            c.close();
            return null;
          });
      assertThat(handle.getResult(Integer.class)).isEqualTo(108);
    }
  }

  @Test
  void startUpdateWithStartReturnsAHandleAndARejectionRaises() {
    try (TestServerHarness harness = new TestServerHarness()) {
      harness.worker.registerWorkflowImplementationTypes(CounterImpl.class);
      harness.factory.start();
      WorkflowOptions options = useExisting(harness, "wf-" + UUID.randomUUID());

      UpdateHandle<Integer> accepted =
          harness.client.startUpdateWithStart(Counter.class, options, c -> c.run(1), c -> c.add(2));
      assertThat(accepted.getResult()).isEqualTo(3);
      assertThatThrownBy(
              () ->
                  harness.client.executeUpdateWithStart(
                      Counter.class, options, c -> c.run(1), c -> c.add(-1)))
          .isInstanceOf(WorkflowUpdateException.class)
          .hasMessageContaining("amount must be positive");

      WorkflowHandle handle = harness.client.handle(options.workflowId().orElseThrow());
      handle.update(
          Counter.class,
          c -> {
            c.close();
            return null;
          });
      assertThat(handle.getResult(Integer.class)).isEqualTo(3);
    }
  }

  @Test
  void optionsWithoutAConflictPolicyAreRefusedNamingTheField() {
    try (TestServerHarness harness = new TestServerHarness()) {
      WorkflowOptions options = harness.options();
      assertThatThrownBy(
              () ->
                  harness.client.executeUpdateWithStart(
                      Counter.class, options, c -> c.run(1), c -> c.add(2)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("idConflictPolicy");
    }
  }
}
