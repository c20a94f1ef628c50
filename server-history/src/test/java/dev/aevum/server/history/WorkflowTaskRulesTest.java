package dev.aevum.server.history;

import static dev.aevum.server.history.Commands.completeWorkflow;
import static dev.aevum.server.history.Commands.startTimer;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_FIRED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.server.common.api.HistoryApi;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The workflow task state machine and timers, on history's own clock. */
class WorkflowTaskRulesTest extends HistoryTestBase {

  @Test
  void theFirstTaskIsDispatchedStartedOnceAndCompleted() {
    var run = start("wf-first-task");
    var task = takeWorkflowTask();
    assertThat(task.getHistory().getEventsList().stream().map(HistoryEvent::getEventType))
        .containsExactly(
            EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EVENT_TYPE_WORKFLOW_TASK_STARTED);
    assertThat(task.getStartedEventId()).isEqualTo(3);

    complete(task, completeWorkflow());

    assertThat(status(run)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    assertThat(eventTypes(run))
        .endsWith(EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    assertThatThrownBy(() -> complete(task, completeWorkflow()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void aTaskStartsForOnePollerOnly() {
    start("wf-one-poller");
    var dispatched = matching.nextWorkflowTask(WAIT).orElseThrow();
    call(
        HistoryApi.RECORD_WORKFLOW_TASK_STARTED,
        dispatched.getWorkflowId(),
        startRequest(dispatched));

    assertThatThrownBy(
            () ->
                call(
                    HistoryApi.RECORD_WORKFLOW_TASK_STARTED,
                    dispatched.getWorkflowId(),
                    startRequest(dispatched)))
        .isInstanceOf(StatusRuntimeException.class);
  }

  @Test
  void aTimerFiresWhenTheClockReachesItAndNotBefore() {
    var run = start("wf-timer");
    complete(takeWorkflowTask(), startTimer("t1", Duration.ofHours(1)));
    awaitOutboxIdle();

    advance(Duration.ofMinutes(59));
    assertThat(eventTypes(run))
        .contains(EVENT_TYPE_TIMER_STARTED)
        .doesNotContain(EVENT_TYPE_TIMER_FIRED);
    assertThat(matching.pendingWorkflowTasks()).isZero();

    advance(Duration.ofMinutes(1));
    assertThat(eventTypes(run)).contains(EVENT_TYPE_TIMER_FIRED);
    var next = takeWorkflowTask();
    assertThat(next.getHistory().getEventsList().stream().map(HistoryEvent::getEventType))
        .contains(EVENT_TYPE_TIMER_FIRED);
  }

  @Test
  void aStartedTaskThatIsNotAnsweredTimesOutAndIsTriedAgain() {
    var run = start("wf-task-timeout");
    takeWorkflowTask();

    advance(Duration.ofSeconds(9));
    assertThat(eventTypes(run)).doesNotContain(EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);

    advance(Duration.ofSeconds(1)); // the default workflow task timeout is 10 s
    assertThat(eventTypes(run)).contains(EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
    var retry = matching.nextWorkflowTask(WAIT).orElseThrow();
    assertThat(retry.getAttempt()).isEqualTo(2);
  }

  static long count(List<EventType> events, EventType type) {
    return events.stream().filter(type::equals).count();
  }
}
