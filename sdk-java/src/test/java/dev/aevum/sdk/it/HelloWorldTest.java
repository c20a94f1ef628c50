package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
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

class HelloWorldTest {
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
    private final Greeter greeter =
        Workflow.newActivityStub(
            Greeter.class,
            ActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(10)).build());

    @Override
    public String greet(String name) {
      return greeter.compose("Hello", name) + " from " + Workflow.getInfo().workflowType();
    }
  }

  static final class GreeterImpl implements Greeter {
    @Override
    public String compose(String greeting, String name) {
      return greeting + ", " + name + "!";
    }
  }

  private TestServerHarness harness;

  @BeforeEach
  void setUp() {
    harness = new TestServerHarness();
    harness.worker.registerWorkflowImplementationTypes(GreetingImpl.class);
    harness.worker.registerActivitiesImplementations(new GreeterImpl());
    harness.factory.start();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void typedStubExecutesWorkflowWithActivity() {
    Greeting stub = harness.client.newWorkflowStub(Greeting.class, harness.options());

    assertThat(stub.greet("World")).isEqualTo("Hello, World! from Greeting");
  }

  @Test
  void startReturnsHandleAndHistoryHasTheExpectedEvents() {
    WorkflowHandle handle =
        harness.client.start(Greeting.class, harness.options(), g -> g.greet("Aevum"));

    assertThat(handle.getResult(String.class)).isEqualTo("Hello, Aevum! from Greeting");
    List<EventType> types =
        handle.fetchHistory().getEventsList().stream().map(HistoryEvent::getEventType).toList();
    assertThat(types)
        .contains(
            EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
            EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    assertThat(harness.connection.systemInfo().getServerVersion()).isNotNull();
  }
}
