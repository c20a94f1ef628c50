package dev.aevum.sdk.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.workflow.NonDeterministicException;
import io.temporal.api.command.v1.Command;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.TimerStartedEventAttributes;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandMatcherTest {
  private static final ActivityOptions OPTIONS =
      ActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(1)).build();

  static HistoryEvent activityScheduled(long eventId, String activityId, String type) {
    return HistoryEvent.newBuilder()
        .setEventId(eventId)
        .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .setActivityTaskScheduledEventAttributes(
            ActivityTaskScheduledEventAttributes.newBuilder()
                .setActivityId(activityId)
                .setActivityType(ActivityType.newBuilder().setName(type)))
        .build();
  }

  static HistoryEvent timerStarted(long eventId, String timerId) {
    return HistoryEvent.newBuilder()
        .setEventId(eventId)
        .setEventType(EventType.EVENT_TYPE_TIMER_STARTED)
        .setTimerStartedEventAttributes(
            TimerStartedEventAttributes.newBuilder().setTimerId(timerId))
        .build();
  }

  @Test
  void sameActivityIdAndTypeMatchEvenWhenArgumentsDiffer() {
    Command produced =
        Commands.scheduleActivity("1", "Charge", "q", OPTIONS, Payloads.getDefaultInstance());

    assertThatCode(() -> CommandMatcher.requireMatch(activityScheduled(5, "1", "Charge"), produced))
        .doesNotThrowAnyException();
  }

  @Test
  void differentActivityTypeNamesExpectedFoundAndEvent() {
    Command produced =
        Commands.scheduleActivity("1", "Refund", "q", OPTIONS, Payloads.getDefaultInstance());

    assertThatThrownBy(
            () -> CommandMatcher.requireMatch(activityScheduled(5, "1", "Charge"), produced))
        .isInstanceOf(NonDeterministicException.class)
        .hasMessage(
            "history event 5 (EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) expects command"
                + " ScheduleActivityTask(activityId=1, activityType=Charge)"
                + " but the workflow code produced ScheduleActivityTask(activityId=1, activityType=Refund)")
        .extracting(e -> ((NonDeterministicException) e).eventId())
        .isEqualTo(5L);
  }

  @Test
  void differentCommandTypeIsReported() {
    Command produced = Commands.startTimer("1", Duration.ofSeconds(1));

    assertThatThrownBy(
            () -> CommandMatcher.requireMatch(activityScheduled(7, "1", "Charge"), produced))
        .hasMessageContaining(
            "expects command ScheduleActivityTask(activityId=1, activityType=Charge)")
        .hasMessageContaining("produced StartTimer(timerId=1)");
  }

  @Test
  void timerIdsMustMatch() {
    assertThatCode(
            () ->
                CommandMatcher.requireMatch(
                    timerStarted(5, "3"), Commands.startTimer("3", Duration.ofSeconds(9))))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                CommandMatcher.requireMatch(
                    timerStarted(5, "3"), Commands.startTimer("4", Duration.ofSeconds(1))))
        .hasMessageContaining(
            "expects command StartTimer(timerId=3) but the workflow code produced StartTimer(timerId=4)");
  }

  @Test
  void missingAndExtraCommandsAreDescribed() {
    assertThat(CommandMatcher.missingCommand(timerStarted(9, "2")).getMessage())
        .isEqualTo(
            "history event 9 (EVENT_TYPE_TIMER_STARTED) expects command StartTimer(timerId=2)"
                + " but the workflow code produced no further command");
    assertThat(
            CommandMatcher.extraCommand(Commands.completeWorkflow(Optional.empty()), 12)
                .getMessage())
        .isEqualTo(
            "the workflow code produced command CompleteWorkflowExecution that history does not contain"
                + " (expected no command before event 12)");
  }

  @Test
  void knowsWhichEventsComeFromCommands() {
    assertThat(CommandMatcher.commandTypeOf(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED))
        .contains(CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION);
    assertThat(CommandMatcher.commandTypeOf(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED))
        .isEmpty();
    assertThat(CommandMatcher.commandTypeOf(EventType.EVENT_TYPE_TIMER_FIRED)).isEmpty();
  }
}
