package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.worker.WorkerFactory;
import dev.aevum.sdk.worker.WorkerOptions;
import dev.aevum.sdk.workflow.SignalMethod;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A worker that shuts down tells the server (ShutdownWorker), so the workflows it had cached go to
 * the next worker at once instead of waiting out their sticky schedule-to-start timeout.
 */
public class WorkerRestartTest {
  /** Far longer than the test waits: a workflow that waited for it would fail the test. */
  private static final Duration STICKY_TIMEOUT = Duration.ofMinutes(2);

  @WorkflowInterface
  public interface Waiter {
    @WorkflowMethod
    String run();

    @SignalMethod
    void go(String value);
  }

  public static final class WaiterImpl implements Waiter {
    private String value;

    @Override
    public String run() {
      Workflow.await(() -> value != null);
      return "got " + value;
    }

    @Override
    public void go(String value) {
      this.value = value;
    }
  }

  @Test
  void aRestartedWorkerResumesACachedWorkflowWithoutWaitingForTheStickyTimeout() throws Exception {
    // Temporal's test server answers ShutdownWorker and does nothing more (its sticky tasks wait
    // for
    // their timeout); Temporal's server and Aevum move them. server-app runs this class on Aevum.
    Assumptions.assumeFalse(
        System.getProperty(TestServerHarness.SERVER_PROPERTY, "").isEmpty(),
        "needs a server that acts on ShutdownWorker");
    WorkerOptions options =
        WorkerOptions.newBuilder().stickyScheduleToStartTimeout(STICKY_TIMEOUT).build();
    try (TestServerHarness harness = new TestServerHarness(options)) {
      harness.worker.registerWorkflowImplementationTypes(WaiterImpl.class);
      harness.factory.start();
      WorkflowHandle handle = harness.client.start(Waiter.class, harness.options(), Waiter::run);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (handle.fetchHistory().getEventsList().stream()
          .noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)) {
        assertThat(System.nanoTime())
            .as("first workflow task completed in time")
            .isLessThan(deadline);
        Thread.sleep(20);
      }
      harness.factory.shutdown();
      assertThat(harness.factory.awaitTermination(Duration.ofSeconds(20))).isTrue();

      WorkerFactory next = WorkerFactory.newInstance(harness.client);
      next.newWorker(harness.taskQueue, options)
          .registerWorkflowImplementationTypes(WaiterImpl.class);
      next.start();
      try {
        handle.signal(Waiter.class, w -> w.go("on"));
        String result =
            CompletableFuture.supplyAsync(() -> handle.getResult(String.class))
                .get(30, TimeUnit.SECONDS);
        assertThat(result).isEqualTo("got on");
      } finally {
        next.close();
      }
    }
  }
}
