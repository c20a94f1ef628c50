package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.sdk.AevumClient;
import dev.aevum.sdk.AevumServiceException;
import dev.aevum.sdk.ConnectionOptions;
import dev.aevum.sdk.RetryOptions;
import dev.aevum.sdk.ServiceConnection;
import dev.aevum.sdk.WorkflowOptions;
import dev.aevum.sdk.activity.Activity;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.failure.ApplicationFailure;
import dev.aevum.sdk.worker.WorkerFactory;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The SDK's meters, with the names and tags Temporal's SDKs use. */
class SdkMetricsTest {
  @WorkflowInterface
  public interface Counting {
    @WorkflowMethod
    String run(int runsLeft);
  }

  @ActivityInterface
  public interface Step {
    String step();
  }

  public static final class CountingImpl implements Counting {
    @Override
    public String run(int runsLeft) {
      if (runsLeft > 1) {
        Workflow.continueAsNew(runsLeft - 1);
      }
      return Workflow.newActivityStub(
              Step.class,
              ActivityOptions.newBuilder()
                  .startToCloseTimeout(Duration.ofSeconds(5))
                  .retryOptions(
                      RetryOptions.newBuilder().initialInterval(Duration.ofMillis(50)).build())
                  .build())
          .step();
    }
  }

  public static final class FailsOnce implements Step {
    @Override
    public String step() {
      if (Activity.getExecutionContext().info().attempt() == 1) {
        throw ApplicationFailure.newFailure("first attempt fails", "Transient");
      }
      return "stepped";
    }
  }

  @Test
  void callsWorkflowTasksOutcomesAndActivitiesAreMetered() {
    MeterRegistry meters = new SimpleMeterRegistry();
    try (TestServerHarness harness = new TestServerHarness();
        ServiceConnection connection =
            ServiceConnection.connect(
                ConnectionOptions.newBuilder()
                    .target(harness.target)
                    .meterRegistry(meters)
                    .build())) {
      AevumClient client = AevumClient.newInstance(connection);
      String taskQueue = "metrics-" + UUID.randomUUID();
      WorkerFactory factory = WorkerFactory.newInstance(client);
      var worker = factory.newWorker(taskQueue);
      worker.registerWorkflowImplementationTypes(CountingImpl.class);
      worker.registerActivitiesImplementations(new FailsOnce());
      factory.start();
      try {
        WorkflowOptions options =
            WorkflowOptions.newBuilder()
                .taskQueue(taskQueue)
                .workflowId("metered-" + UUID.randomUUID())
                .executionTimeout(Duration.ofSeconds(60))
                .build();
        assertThat(client.start(Counting.class, options, c -> c.run(2)).getResult(String.class))
            .isEqualTo("stepped");
        assertThatThrownBy(() -> client.handle("no-such-workflow-" + UUID.randomUUID()).describe())
            .isInstanceOf(AevumServiceException.class);
      } finally {
        factory.close();
      }

      assertThat(count(meters, "temporal.request", "operation", "StartWorkflowExecution"))
          .isEqualTo(1);
      assertThat(
              meters
                  .get("temporal.request.failure")
                  .tag("operation", "DescribeWorkflowExecution")
                  .tag("status_code", "NOT_FOUND")
                  .counter()
                  .count())
          .isEqualTo(1);
      assertThat(
              meters
                  .get("temporal.long.request")
                  .tag("operation", "PollWorkflowTaskQueue")
                  .counter()
                  .count())
          .isGreaterThanOrEqualTo(2);
      assertThat(count(meters, "temporal.workflow.continue.as.new", "workflow_type", "Counting"))
          .isEqualTo(1);
      assertThat(count(meters, "temporal.workflow.completed", "workflow_type", "Counting"))
          .isEqualTo(1);
      assertThat(
              meters
                  .get("temporal.workflow.task.execution.latency")
                  .tag("task_queue", taskQueue)
                  .timer()
                  .count())
          .isGreaterThanOrEqualTo(3);
      assertThat(
              meters
                  .get("temporal.activity.execution.latency")
                  .tag("activity_type", "Step")
                  .timer()
                  .count())
          .isEqualTo(2);
      assertThat(count(meters, "temporal.activity.execution.failed", "activity_type", "Step"))
          .isEqualTo(1);
    }
  }

  @Test
  void withoutARegistryNothingIsRecorded() {
    try (TestServerHarness harness = new TestServerHarness()) {
      assertThat(harness.connection.options().meterRegistry()).isEmpty();
    }
  }

  private static double count(MeterRegistry meters, String name, String tag, String value) {
    return meters.get(name).tag(tag, value).counter().count();
  }
}
