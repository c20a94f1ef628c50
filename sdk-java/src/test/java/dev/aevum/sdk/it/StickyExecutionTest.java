package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.worker.WorkerOptions;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cached executions continue from partial (sticky) histories; without a cache, full replay. */
public class StickyExecutionTest {
  @WorkflowInterface
  public interface Counter {
    @WorkflowMethod
    int count(int steps);
  }

  @ActivityInterface
  public interface Increment {
    int plusOne(int value);
  }

  public static final class CounterImpl implements Counter {
    private final Increment increment =
        Workflow.newActivityStub(
            Increment.class,
            ActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(5)).build());

    @Override
    public int count(int steps) {
      int value = 0;
      for (int i = 0; i < steps; i++) {
        value = increment.plusOne(value);
        if (i % 2 == 0) {
          Workflow.sleep(Duration.ofMillis(50));
        }
      }
      return value;
    }
  }

  public static final class IncrementImpl implements Increment {
    @Override
    public int plusOne(int value) {
      return value + 1;
    }
  }

  /** The queue each workflow task was scheduled on. */
  private static List<String> workflowTaskQueues(WorkflowHandle handle) {
    return handle.fetchHistory().getEventsList().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)
        .map(HistoryEvent::getWorkflowTaskScheduledEventAttributes)
        .map(a -> a.getTaskQueue().getName())
        .toList();
  }

  static WorkflowHandle runCounter(TestServerHarness harness) {
    harness.worker.registerWorkflowImplementationTypes(CounterImpl.class);
    harness.worker.registerActivitiesImplementations(new IncrementImpl());
    harness.factory.start();
    WorkflowHandle handle = harness.client.start(Counter.class, harness.options(), c -> c.count(5));
    assertThat(handle.getResult(int.class)).isEqualTo(5);
    return handle;
  }

  @Test
  void cachedExecutionsCompleteCorrectly() {
    try (TestServerHarness harness = new TestServerHarness()) {
      assertThat(workflowTaskQueues(runCounter(harness))).hasSizeGreaterThan(5);
    }
  }

  @Test
  void withoutCacheEveryTaskReplaysTheFullHistory() {
    try (TestServerHarness harness =
        new TestServerHarness(WorkerOptions.newBuilder().workflowCacheSize(0).build())) {
      List<String> queues = workflowTaskQueues(runCounter(harness));

      assertThat(queues).hasSizeGreaterThan(5).containsOnly(harness.taskQueue);
    }
  }
}
