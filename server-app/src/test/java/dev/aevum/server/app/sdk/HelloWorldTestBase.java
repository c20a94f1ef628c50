package dev.aevum.server.app.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.server.app.AevumTestServer;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The official Temporal Java SDK runs a workflow with one activity on an Aevum server. */
abstract class HelloWorldTestBase {

  @WorkflowInterface
  public interface Greeting {
    @WorkflowMethod
    String greet(String name);
  }

  @ActivityInterface
  public interface Greeter {
    String compose(String greeting, String name);
  }

  public static final class GreetingImpl implements Greeting {
    private final Greeter greeter = Workflow.newActivityStub(Greeter.class,
        ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

    @Override
    public String greet(String name) {
      return greeter.compose("Hello", name);
    }
  }

  static final class GreeterImpl implements Greeter {
    @Override
    public String compose(String greeting, String name) {
      return greeting + ", " + name + "!";
    }
  }

  private WorkerFactory factory;

  abstract AevumTestServer server();

  @AfterEach
  void stopWorkers() {
    if (factory != null) {
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void workflowWithOneActivityCompletes() {
    WorkflowClient client = server().client();
    String taskQueue = "hello-" + UUID.randomUUID();
    factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(taskQueue);
    worker.registerWorkflowImplementationTypes(GreetingImpl.class);
    worker.registerActivitiesImplementations(new GreeterImpl());
    factory.start();

    String workflowId = "hello-" + UUID.randomUUID();
    Greeting greeting = client.newWorkflowStub(Greeting.class,
        WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(workflowId).build());
    WorkflowClient.start(greeting::greet, "World");
    String result;
    try {
      result = WorkflowStub.fromTyped(greeting).getResult(30, TimeUnit.SECONDS, String.class);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("workflow " + workflowId + " did not complete within 30s on " + server().store(), e);
    }

    assertThat(result).isEqualTo("Hello, World!");
    assertThat(client.fetchHistory(workflowId).getEvents())
        .extracting(e -> e.getEventType())
        .containsExactly(
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
            EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
            EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
            EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  }
}
