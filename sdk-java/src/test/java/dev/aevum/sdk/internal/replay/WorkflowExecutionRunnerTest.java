package dev.aevum.sdk.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Timestamp;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.workflow.NonDeterministicException;
import dev.aevum.sdk.workflow.Workflow;
import io.temporal.api.command.v1.Command;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.ActivityTaskCompletedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.TimerFiredEventAttributes;
import io.temporal.api.history.v1.TimerStartedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Drives the runner with hand-built histories, one workflow task at a time. */
class WorkflowExecutionRunnerTest {
  private static final DataConverter DC = DataConverter.defaultInstance();

  @ActivityInterface
  public interface Echo {
    String echo(String value);
  }

  /** Builds a history event by event, with ids and times like the server's. */
  static final class History {
    final List<HistoryEvent> events = new ArrayList<>();

    History add(EventType type, Consumer<HistoryEvent.Builder> attributes) {
      HistoryEvent.Builder b =
          HistoryEvent.newBuilder()
              .setEventId(events.size() + 1)
              .setEventType(type)
              .setEventTime(Timestamp.newBuilder().setSeconds(1_000 + events.size()));
      attributes.accept(b);
      events.add(b.build());
      return this;
    }

    History started() {
      return add(
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
          b ->
              b.setWorkflowExecutionStartedEventAttributes(
                  WorkflowExecutionStartedEventAttributes.newBuilder()
                      .setWorkflowType(WorkflowType.newBuilder().setName("Test"))
                      .setTaskQueue(TaskQueue.newBuilder().setName("q"))
                      .setInput(DC.toPayloads("in"))
                      .setAttempt(1)));
    }

    History task() {
      return add(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, b -> {})
          .add(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, b -> {});
    }

    History completed() {
      return add(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, b -> {});
    }

    History failed() {
      return add(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED, b -> {});
    }

    History activityScheduled(String id, String type) {
      return add(
          EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
          b ->
              b.setActivityTaskScheduledEventAttributes(
                  ActivityTaskScheduledEventAttributes.newBuilder()
                      .setActivityId(id)
                      .setActivityType(ActivityType.newBuilder().setName(type))));
    }

    History activityCompleted(long scheduledEventId, Object result) {
      return add(
          EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
          b ->
              b.setActivityTaskCompletedEventAttributes(
                  ActivityTaskCompletedEventAttributes.newBuilder()
                      .setScheduledEventId(scheduledEventId)
                      .setResult(DC.toPayloads(result))));
    }

    History timerStarted(String id) {
      return add(
          EventType.EVENT_TYPE_TIMER_STARTED,
          b ->
              b.setTimerStartedEventAttributes(
                  TimerStartedEventAttributes.newBuilder().setTimerId(id)));
    }

    History timerFired(String id, long startedEventId) {
      return add(
          EventType.EVENT_TYPE_TIMER_FIRED,
          b ->
              b.setTimerFiredEventAttributes(
                  TimerFiredEventAttributes.newBuilder()
                      .setTimerId(id)
                      .setStartedEventId(startedEventId)));
    }
  }

  private final List<String> trace = new ArrayList<>();

  /** echo(input), then sleep 1 s, then return the echo; records what it saw. */
  private final WorkflowEntryPoint workflow =
      input -> {
        String arg = DC.fromPayloads(0, input, String.class, String.class);
        trace.add(
            "start replaying=" + Workflow.isReplaying() + " t=" + Workflow.currentTimeMillis());
        String echoed =
            Workflow.newActivityStub(
                    Echo.class,
                    ActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(1)).build())
                .echo(arg);
        trace.add("echoed " + echoed + " replaying=" + Workflow.isReplaying());
        Workflow.sleep(Duration.ofSeconds(1));
        return Optional.of(DC.toPayloads(echoed + "!"));
      };

  private List<Command> run(WorkflowEntryPoint entryPoint, History history) {
    try (WorkflowExecutionRunner runner =
        new WorkflowExecutionRunner(entryPoint, DC, "ns", "wf", "run", Duration.ofSeconds(5))) {
      return runner.process(history.events);
    }
  }

  @Test
  void firstTaskSchedulesTheActivityWithTaskTime() {
    List<Command> commands = run(workflow, new History().started().task());

    assertThat(commands)
        .extracting(Command::getCommandType)
        .containsExactly(CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK);
    var attributes = commands.get(0).getScheduleActivityTaskCommandAttributes();
    assertThat(attributes.getActivityType().getName()).isEqualTo("Echo");
    assertThat(attributes.getActivityId()).isEqualTo("1");
    assertThat(attributes.getTaskQueue().getName()).isEqualTo("q");
    assertThat(DC.fromPayloads(0, Optional.of(attributes.getInput()), String.class, String.class))
        .isEqualTo("in");
    assertThat(trace).containsExactly("start replaying=false t=1002000");
  }

  @Test
  void secondTaskReplaysTheFirstAndStartsTheTimer() {
    History history =
        new History()
            .started()
            .task()
            .completed()
            .activityScheduled("1", "Echo")
            .activityCompleted(5, "IN")
            .task();

    List<Command> commands = run(workflow, history);

    assertThat(commands)
        .extracting(Command::getCommandType)
        .containsExactly(CommandType.COMMAND_TYPE_START_TIMER);
    assertThat(commands.get(0).getStartTimerCommandAttributes().getTimerId()).isEqualTo("2");
    assertThat(trace)
        .containsExactly("start replaying=true t=1002000", "echoed IN replaying=false");
  }

  @Test
  void lastTaskCompletesTheWorkflowWithTheResult() {
    History history =
        new History()
            .started()
            .task()
            .completed()
            .activityScheduled("1", "Echo")
            .activityCompleted(5, "IN")
            .task()
            .completed()
            .timerStarted("2")
            .timerFired("2", 10)
            .task();

    List<Command> commands = run(workflow, history);

    assertThat(commands)
        .extracting(Command::getCommandType)
        .containsExactly(CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION);
    var result = commands.get(0).getCompleteWorkflowExecutionCommandAttributes().getResult();
    assertThat(DC.fromPayloads(0, Optional.of(result), String.class, String.class))
        .isEqualTo("IN!");
  }

  @Test
  void cachedRunnerContinuesFromPartialHistory() {
    History full =
        new History()
            .started()
            .task()
            .completed()
            .activityScheduled("1", "Echo")
            .activityCompleted(5, "IN")
            .task()
            .completed()
            .timerStarted("2")
            .timerFired("2", 10)
            .task();
    try (WorkflowExecutionRunner runner =
        new WorkflowExecutionRunner(workflow, DC, "ns", "wf", "run", Duration.ofSeconds(5))) {
      List<Command> first = runner.process(full.events.subList(0, 3));
      List<Command> second = runner.process(full.events.subList(3, 8));
      List<Command> third = runner.process(full.events.subList(8, full.events.size()));

      assertThat(first)
          .extracting(Command::getCommandType)
          .containsExactly(CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK);
      assertThat(second)
          .extracting(Command::getCommandType)
          .containsExactly(CommandType.COMMAND_TYPE_START_TIMER);
      assertThat(third)
          .extracting(Command::getCommandType)
          .containsExactly(CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION);
      assertThat(runner.isClosed()).isTrue();
      assertThat(runner.lastEventId()).isEqualTo(full.events.size());
      // The code ran once, never replayed: the cache saved all re-execution.
      assertThat(trace)
          .containsExactly("start replaying=false t=1002000", "echoed IN replaying=false");
    }
  }

  @Test
  void failedWorkflowTaskIsSkippedOnReplay() {
    History history = new History().started().task().failed().task();

    List<Command> commands = run(workflow, history);

    assertThat(commands).hasSize(1);
    assertThat(trace).hasSize(1);
  }

  @Test
  void commandThatHistoryLacksIsNonDeterministic() {
    // History says the first task completed with no command; the code schedules an activity.
    History history = new History().started().task().completed().task();

    WorkflowTaskFailedException e =
        catchThrowableOfType(WorkflowTaskFailedException.class, () -> run(workflow, history));

    assertThat(e.failedCause())
        .isEqualTo(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR);
    assertThat(e.getCause())
        .isInstanceOf(NonDeterministicException.class)
        .hasMessageContaining(
            "produced command ScheduleActivityTask(activityId=1, activityType=Echo)")
        .hasMessageContaining("before event 6");
  }

  @Test
  void recordedCommandOfAnotherTypeIsNonDeterministic() {
    History history = new History().started().task().completed().timerStarted("1");

    WorkflowTaskFailedException e =
        catchThrowableOfType(WorkflowTaskFailedException.class, () -> run(workflow, history));

    assertThat(e.getCause())
        .hasMessageContaining(
            "history event 5 (EVENT_TYPE_TIMER_STARTED) expects command StartTimer(timerId=1)");
  }

  @Test
  void unexpectedExceptionFailsTheTaskNotTheWorkflow() {
    WorkflowEntryPoint broken =
        input -> {
          throw new IllegalStateException("bug in workflow");
        };

    WorkflowTaskFailedException e =
        catchThrowableOfType(
            WorkflowTaskFailedException.class, () -> run(broken, new History().started().task()));

    assertThat(e.failedCause())
        .isEqualTo(
            WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE);
    assertThat(e.getCause()).hasMessage("bug in workflow");
  }

  @Test
  void workflowRandomnessIsStableAcrossReplays() {
    List<String> uuids = new ArrayList<>();
    WorkflowEntryPoint random =
        input -> {
          uuids.add(Workflow.randomUUID().toString());
          return Optional.empty();
        };

    run(random, new History().started().task());
    run(random, new History().started().task());

    assertThat(uuids).hasSize(2);
    assertThat(uuids.get(0)).isEqualTo(uuids.get(1));
  }
}
