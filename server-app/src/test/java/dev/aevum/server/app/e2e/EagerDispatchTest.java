package dev.aevum.server.app.e2e;

import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Durations;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.ScheduleActivityTaskCommandAttributes;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Eager activity dispatch: an activity for the workflow's own task queue that the worker asks for
 * comes back in the RespondWorkflowTaskCompleted answer, already started, with no poll.
 */
class EagerDispatchTest extends ServerTest {

  private static Command activity(String id, String taskQueue, boolean eager) {
    ScheduleActivityTaskCommandAttributes.Builder a =
        ScheduleActivityTaskCommandAttributes.newBuilder()
            .setActivityId(id)
            .setActivityType(ActivityType.newBuilder().setName("Act"))
            .setStartToCloseTimeout(Durations.fromSeconds(30))
            .setRequestEagerExecution(eager);
    if (!taskQueue.isEmpty()) {
      a.setTaskQueue(TaskQueue.newBuilder().setName(taskQueue));
    }
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK)
        .setScheduleActivityTaskCommandAttributes(a)
        .build();
  }

  @Test
  void anEagerActivityComesBackStartedWithTheCompletion() {
    RawWorker w = new RawWorker(cluster, unique("eager"));
    var run = w.start(unique("eager-wf"));
    var task = w.pollWorkflowTask();

    var response = w.complete(task.getTaskToken(), activity("a1", "", true));

    assertThat(response.getActivityTasksCount()).isEqualTo(1);
    var activityTask = response.getActivityTasks(0);
    assertThat(activityTask.getActivityId()).isEqualTo("a1");
    assertThat(activityTask.getAttempt()).isEqualTo(1);
    assertThat(activityTask.getWorkflowExecution()).isEqualTo(run);
    assertThat(activityTask.getActivityType().getName()).isEqualTo("Act");
    var pending =
        w.stub()
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(RawWorker.NAMESPACE)
                    .setExecution(run)
                    .build())
            .getPendingActivities(0);
    assertThat(pending.getState()).isEqualTo(PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);

    w.stub()
        .respondActivityTaskCompleted(
            RespondActivityTaskCompletedRequest.newBuilder()
                .setNamespace(RawWorker.NAMESPACE)
                .setTaskToken(activityTask.getTaskToken())
                .setResult(Payloads.getDefaultInstance())
                .setIdentity("raw")
                .build());
    assertThat(w.types(run))
        .containsExactly(
            EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EVENT_TYPE_WORKFLOW_TASK_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
            EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
            EVENT_TYPE_ACTIVITY_TASK_STARTED,
            EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
            EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    HistoryEvent started = w.history(run).get(5);
    assertThat(started.getActivityTaskStartedEventAttributes().getScheduledEventId()).isEqualTo(5);
    assertThat(started.getActivityTaskStartedEventAttributes().getIdentity())
        .isEqualTo(w.completion(task.getTaskToken()).getIdentity());
    assertThat(started.getActivityTaskStartedEventAttributes().getRequestId()).startsWith("eager-");
  }

  @Test
  void onlyRequestedActivitiesOfTheWorkflowsOwnQueueAreEager() {
    RawWorker w = new RawWorker(cluster, unique("eager"));
    w.start(unique("eager-wf"));
    var task = w.pollWorkflowTask();

    var response =
        w.complete(
            task.getTaskToken(),
            activity("not-asked", "", false),
            activity("other-queue", unique("elsewhere"), true),
            activity("asked", "", true));

    assertThat(response.getActivityTasksList())
        .extracting(t -> t.getActivityId())
        .containsExactly("asked");
    assertThat(w.pollActivityTask().getActivityId())
        .isEqualTo("not-asked"); // dispatched the usual way
  }

  @Test
  void anEagerStartHandsTheFirstWorkflowTaskToTheCaller() {
    String queue = unique("eager-start");
    RawWorker w = new RawWorker(cluster, queue);
    String id = unique("eager-start-wf");
    var response =
        w.stub()
            .startWorkflowExecution(
                StartWorkflowExecutionRequest.newBuilder()
                    .setNamespace(RawWorker.NAMESPACE)
                    .setWorkflowId(id)
                    .setRequestId(unique("req"))
                    .setWorkflowType(WorkflowType.newBuilder().setName("Wf"))
                    .setTaskQueue(TaskQueue.newBuilder().setName(queue))
                    .setIdentity("starter")
                    .setRequestEagerExecution(true)
                    .build());

    assertThat(response.hasEagerWorkflowTask()).isTrue();
    var task = response.getEagerWorkflowTask();
    assertThat(task.getStartedEventId()).isEqualTo(3);
    assertThat(task.getHistory().getEventsList())
        .extracting(HistoryEvent::getEventType)
        .containsExactly(
            EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EVENT_TYPE_WORKFLOW_TASK_STARTED);
    w.complete(task.getTaskToken(), WorkflowTaskProtocolTest.complete());
    var run =
        WorkflowExecution.newBuilder().setWorkflowId(id).setRunId(response.getRunId()).build();
    assertThat(w.types(run))
        .endsWith(
            EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  }

  @Test
  void aDelayedStartIsNeverEager() {
    RawWorker w = new RawWorker(cluster, unique("eager-start"));
    var response =
        w.stub()
            .startWorkflowExecution(
                StartWorkflowExecutionRequest.newBuilder()
                    .setNamespace(RawWorker.NAMESPACE)
                    .setWorkflowId(unique("eager-delayed"))
                    .setRequestId(unique("r"))
                    .setWorkflowType(WorkflowType.newBuilder().setName("Wf"))
                    .setTaskQueue(TaskQueue.newBuilder().setName(unique("q")))
                    .setWorkflowStartDelay(Durations.fromSeconds(60))
                    .setRequestEagerExecution(true)
                    .build());
    assertThat(response.hasEagerWorkflowTask()).isFalse();
  }

  @ActivityInterface
  public interface Greeter {
    String greet(String name);
  }

  public static class GreeterImpl implements Greeter {
    @Override
    public String greet(String name) {
      return "hello " + name;
    }
  }

  @WorkflowInterface
  public interface Greeting {
    @WorkflowMethod
    String greet(String name);
  }

  public static class GreetingImpl implements Greeting {
    @Override
    public String greet(String name) {
      return Workflow.newActivityStub(
              Greeter.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build())
          .greet(name);
    }
  }

  @Test
  void theOfficialSdkRunsEagerActivities() {
    String queue = unique("eager-sdk");
    var worker = worker(queue);
    worker.registerWorkflowImplementationTypes(GreetingImpl.class);
    worker.registerActivitiesImplementations(new GreeterImpl());
    startWorkers();
    String id = unique("eager-sdk-wf");
    Greeting greeting =
        client.newWorkflowStub(
            Greeting.class,
            WorkflowOptions.newBuilder().setTaskQueue(queue).setWorkflowId(id).build());
    assertThat(greeting.greet("eager")).isEqualTo("hello eager");
    // The SDK asks for eager execution by default: the attempt was started by the completion
    // (its request id says so), not by a poll.
    var activityStarted =
        client.fetchHistory(id).getEvents().stream()
            .filter(e -> e.getEventType() == EVENT_TYPE_ACTIVITY_TASK_STARTED)
            .findFirst()
            .orElseThrow();
    assertThat(activityStarted.getActivityTaskStartedEventAttributes().getRequestId())
        .startsWith("eager-");
  }

  @Test
  void theOfficialSdkStartsEagerlyWhenAsked() {
    String queue = unique("eager-sdk-start");
    var worker = worker(queue);
    worker.registerWorkflowImplementationTypes(GreetingImpl.class);
    worker.registerActivitiesImplementations(new GreeterImpl());
    startWorkers();
    String id = unique("eager-sdk-start-wf");
    Greeting greeting =
        client.newWorkflowStub(
            Greeting.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(queue)
                .setWorkflowId(id)
                .setDisableEagerExecution(false)
                .build());
    assertThat(greeting.greet("early")).isEqualTo("hello early");
    // Started in the start's own transition: the first task's Started event shares its time.
    var events = client.fetchHistory(id).getEvents();
    assertThat(events.get(2).getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_TASK_STARTED);
    assertThat(events.get(2).getEventTime()).isEqualTo(events.get(0).getEventTime());
  }
}
