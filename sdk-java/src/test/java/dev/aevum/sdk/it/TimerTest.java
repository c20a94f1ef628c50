package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TimerTest {
  @WorkflowInterface
  public interface Sleeper {
    @WorkflowMethod
    long sleepAndMeasure(long millis);
  }

  public static final class SleeperImpl implements Sleeper {
    @Override
    public long sleepAndMeasure(long millis) {
      long before = Workflow.currentTimeMillis();
      Workflow.sleep(Duration.ofMillis(millis));
      return Workflow.currentTimeMillis() - before;
    }
  }

  private TestServerHarness harness;

  @BeforeEach
  void setUp() {
    harness = new TestServerHarness();
    harness.worker.registerWorkflowImplementationTypes(SleeperImpl.class);
    harness.factory.start();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void sleepStartsADurableTimerAndWorkflowTimeAdvances() {
    WorkflowHandle handle =
        harness.client.start(Sleeper.class, harness.options(), s -> s.sleepAndMeasure(1_000));

    long elapsed = handle.getResult(long.class);

    assertThat(elapsed).isGreaterThanOrEqualTo(1_000);
    List<EventType> types =
        handle.fetchHistory().getEventsList().stream().map(HistoryEvent::getEventType).toList();
    assertThat(types)
        .containsSubsequence(
            EventType.EVENT_TYPE_TIMER_STARTED,
            EventType.EVENT_TYPE_TIMER_FIRED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  }
}
