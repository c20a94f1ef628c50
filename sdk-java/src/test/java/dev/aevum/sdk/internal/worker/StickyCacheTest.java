package dev.aevum.sdk.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.WorkflowOptions;
import dev.aevum.sdk.it.StickyExecutionTest;
import dev.aevum.sdk.it.TestServerHarness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With a cache, workflow tasks after the first continue the cached execution from partial history.
 */
class StickyCacheTest {
  private static TaskQueueWorker worker(TestServerHarness harness, String queue, int cacheSize) {
    TaskQueueWorker worker =
        new TaskQueueWorker(
            harness.client.connection().rpc(),
            harness.client.options(),
            queue,
            new TaskQueueWorker.Limits(
                1, 1, 10, 10, 10, Duration.ofSeconds(2), cacheSize, Duration.ofSeconds(5)),
            List.of());
    worker.registerWorkflow(StickyExecutionTest.CounterImpl.class);
    worker.registerActivities(new StickyExecutionTest.IncrementImpl());
    return worker;
  }

  private static int runCounter(TestServerHarness harness, TaskQueueWorker worker, String queue)
      throws InterruptedException {
    worker.start();
    try {
      WorkflowHandle handle =
          harness.client.start(
              StickyExecutionTest.Counter.class,
              WorkflowOptions.newBuilder().taskQueue(queue).build(),
              c -> c.count(4));
      return handle.getResult(int.class);
    } finally {
      worker.shutdown();
      worker.awaitTermination(Duration.ofSeconds(5));
    }
  }

  @Test
  void tasksAfterTheFirstAreServedFromTheCache() throws InterruptedException {
    try (TestServerHarness harness = new TestServerHarness()) {
      TaskQueueWorker worker = worker(harness, "sticky-on", 10);

      assertThat(runCounter(harness, worker, "sticky-on")).isEqualTo(4);
      assertThat(worker.cacheHits()).isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void zeroCacheSizeReplaysEveryTask() throws InterruptedException {
    try (TestServerHarness harness = new TestServerHarness()) {
      TaskQueueWorker worker = worker(harness, "sticky-off", 0);

      assertThat(runCounter(harness, worker, "sticky-off")).isEqualTo(4);
      assertThat(worker.cacheHits()).isZero();
    }
  }
}
