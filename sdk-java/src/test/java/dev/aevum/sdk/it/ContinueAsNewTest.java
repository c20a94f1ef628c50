package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.WorkflowOptions;
import dev.aevum.sdk.WorkflowStatus;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContinueAsNewTest {
  @WorkflowInterface
  public interface Countdown {
    @WorkflowMethod
    String countdown(int remaining, int runs);
  }

  public static final class CountdownImpl implements Countdown {
    @Override
    public String countdown(int remaining, int runs) {
      Workflow.sleep(Duration.ofMillis(10));
      if (remaining > 0) {
        Workflow.continueAsNew(remaining - 1, runs + 1);
      }
      return "lift-off after " + runs + " runs";
    }
  }

  private TestServerHarness harness;

  @BeforeEach
  void setUp() {
    harness = new TestServerHarness();
    harness.worker.registerWorkflowImplementationTypes(CountdownImpl.class);
    harness.factory.start();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void resultFollowsTheChainOfRuns() {
    WorkflowOptions options = harness.options();
    WorkflowHandle first = harness.client.start(Countdown.class, options, c -> c.countdown(3, 1));

    assertThat(first.getResult(String.class)).isEqualTo("lift-off after 4 runs");
    assertThat(first.describe().status()).isEqualTo(WorkflowStatus.CONTINUED_AS_NEW);
    assertThat(first.fetchHistory().getEventsList())
        .last()
        .matches(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    WorkflowHandle latest = harness.client.handle(options.workflowId().orElseThrow());
    assertThat(latest.describe().runId()).isNotEqualTo(first.runId().orElseThrow());
    assertThat(latest.describe().status()).isEqualTo(WorkflowStatus.COMPLETED);
  }
}
