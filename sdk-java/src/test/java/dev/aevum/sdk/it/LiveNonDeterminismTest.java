package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.WorkflowOptions;
import dev.aevum.sdk.worker.WorkerFactory;
import dev.aevum.sdk.worker.WorkerOptions;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A worker running changed code reports the divergence to the server as a workflow task failure.
 */
class LiveNonDeterminismTest {
  @WorkflowInterface
  public interface Nap {
    @WorkflowMethod
    String nap();
  }

  public static final class NapV1 implements Nap {
    @Override
    public String nap() {
      Workflow.sleep(Duration.ofSeconds(2));
      return "rested";
    }
  }

  public static final class NapV2 implements Nap {
    @Override
    public String nap() {
      return "no time to rest";
    }
  }

  @Test
  void changedCodeFailsTheWorkflowTaskWithNonDeterministicCause() {
    // No sticky cache on the old worker. With one, the test server first offers the next task on
    // the
    // stopped worker's sticky queue; the task times out there, and the failure of the retried
    // attempt is not written to history (attempt > 1), so there would be no event to assert on.
    try (TestServerHarness harness =
        new TestServerHarness(WorkerOptions.newBuilder().workflowCacheSize(0).build())) {
      harness.worker.registerWorkflowImplementationTypes(NapV1.class);
      harness.factory.start();
      WorkflowOptions options =
          WorkflowOptions.newBuilder()
              .taskQueue(harness.taskQueue)
              .workflowId("nap")
              .taskTimeout(Duration.ofSeconds(2))
              .build();
      WorkflowHandle handle = harness.client.start(Nap.class, options, Nap::nap);
      awaitEvent(handle, e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED);
      harness.factory.close();

      try (WorkerFactory v2 = WorkerFactory.newInstance(harness.client)) {
        v2.newWorker(harness.taskQueue).registerWorkflowImplementationTypes(NapV2.class);
        v2.start();

        HistoryEvent failed =
            awaitEvent(handle, e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);

        var attributes = failed.getWorkflowTaskFailedEventAttributes();
        assertThat(attributes.getCause())
            .isEqualTo(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR);
        assertThat(attributes.getFailure().getMessage())
            .contains("expects command StartTimer(timerId=1)")
            .contains("produced CompleteWorkflowExecution");
      }
    }
  }

  private static HistoryEvent awaitEvent(WorkflowHandle handle, Predicate<HistoryEvent> match) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<HistoryEvent> found =
          handle.fetchHistory().getEventsList().stream().filter(match).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      LockSupport.parkNanos(
          Duration.ofMillis(50).toNanos()); // pause between polls, not a wait for the outcome
    }
    throw new AssertionError("event not seen within 20 s in " + handle);
  }
}
