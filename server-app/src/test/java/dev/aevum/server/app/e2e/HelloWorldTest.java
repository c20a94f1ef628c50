package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Temporal's "foundations": start, activity, timer, result, describe, history. */
class HelloWorldTest extends ServerTest {

  @ActivityInterface
  public interface Greetings {
    String greet(String name);
  }

  public static class GreetingsImpl implements Greetings {
    @Override
    public String greet(String name) {
      return "Hello " + name;
    }
  }

  @WorkflowInterface
  public interface HelloWorkflow {
    @WorkflowMethod
    String hello(String name);
  }

  public static class HelloWorkflowImpl implements HelloWorkflow {
    private final Greetings greetings =
        Workflow.newActivityStub(
            Greetings.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

    @Override
    public String hello(String name) {
      Workflow.sleep(Duration.ofMillis(200));
      return greetings.greet(name) + "!";
    }
  }

  @Test
  void workflowWithTimerAndActivityCompletes() {
    String taskQueue = unique("hello");
    var worker = worker(taskQueue);
    worker.registerWorkflowImplementationTypes(HelloWorkflowImpl.class);
    worker.registerActivitiesImplementations(new GreetingsImpl());
    startWorkers();

    String workflowId = unique("hello-wf");
    HelloWorkflow workflow =
        client.newWorkflowStub(
            HelloWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(workflowId).build());
    assertThat(workflow.hello("Aevum")).isEqualTo("Hello Aevum!");

    var description = WorkflowStub.fromTyped(workflow).describe();
    assertThat(description.getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    assertThat(description.getWorkflowType()).isEqualTo("HelloWorkflow");

    var events = client.fetchHistory(workflowId).getEvents();
    assertThat(events)
        .extracting(HistoryEvent::getEventType)
        .containsExactly(
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
            EventType.EVENT_TYPE_TIMER_STARTED,
            EventType.EVENT_TYPE_TIMER_FIRED,
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
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).getEventId()).isEqualTo(i + 1);
    }
  }
}
