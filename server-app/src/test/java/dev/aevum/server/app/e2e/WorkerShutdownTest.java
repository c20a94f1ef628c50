package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.workflowservice.v1.ShutdownWorkerRequest;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ShutdownWorker, as the official SDK sends it when a worker stops: the workflows that worker
 * cached move to the next worker at once, not after their sticky schedule-to-start timeout.
 */
class WorkerShutdownTest extends ServerTest {
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

  private WorkerFactory startedWorker(String taskQueue) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    factory
        .newWorker(
            taskQueue,
            WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(STICKY_TIMEOUT).build())
        .registerWorkflowImplementationTypes(WaiterImpl.class);
    factory.start();
    return factory;
  }

  @Test
  void aRestartedWorkerResumesACachedWorkflowWithoutWaitingForTheStickyTimeout() throws Exception {
    String taskQueue = unique("restart");
    String workflowId = unique("waiter");
    WorkerFactory first = startedWorker(taskQueue);
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            "Waiter",
            WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(workflowId).build());
    stub.start();
    // The first worker ran the first workflow task and keeps the workflow cached (sticky).
    eventually(
        Duration.ofSeconds(20),
        () ->
            client.fetchHistory(workflowId).getEvents().stream()
                .anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED));
    first.shutdown(); // the SDK calls ShutdownWorker with its sticky queue
    first.awaitTermination(20, TimeUnit.SECONDS);
    assertThat(first.isTerminated()).isTrue();

    WorkerFactory second = startedWorker(taskQueue);
    try {
      stub.signal("go", "on");
      assertThat(stub.getResult(30, TimeUnit.SECONDS, String.class)).isEqualTo("got on");
    } finally {
      second.shutdownNow();
    }
  }

  @Test
  void aShutdownNamingNoStickyQueueIsFine() {
    cluster
        .blocking()
        .shutdownWorker(
            ShutdownWorkerRequest.newBuilder()
                .setNamespace(TestCluster.NAMESPACE)
                .setIdentity("activity-only worker")
                .build());
  }
}
