package dev.aevum.server.app.e2e;

import static io.temporal.api.enums.v1.EventType.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.Durations;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.command.v1.CancelTimerCommandAttributes;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.CompleteWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.RecordMarkerCommandAttributes;
import io.temporal.api.command.v1.ScheduleActivityTaskCommandAttributes;
import io.temporal.api.command.v1.StartTimerCommandAttributes;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.StickyExecutionAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.ResetStickyTaskQueueRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The workflow task protocol through the raw API, asserting exact histories. */
class WorkflowTaskProtocolTest extends ServerTest {

  private RawWorker worker() {
    return new RawWorker(cluster, unique("raw"));
  }

  static Command startTimer(String id, Duration after) {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_START_TIMER)
        .setStartTimerCommandAttributes(
            StartTimerCommandAttributes.newBuilder()
                .setTimerId(id)
                .setStartToFireTimeout(RawWorker.proto(after)))
        .build();
  }

  static Command cancelTimer(String id) {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_CANCEL_TIMER)
        .setCancelTimerCommandAttributes(CancelTimerCommandAttributes.newBuilder().setTimerId(id))
        .build();
  }

  static Command marker(String name) {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_RECORD_MARKER)
        .setRecordMarkerCommandAttributes(
            RecordMarkerCommandAttributes.newBuilder().setMarkerName(name))
        .build();
  }

  static Command complete() {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION)
        .setCompleteWorkflowExecutionCommandAttributes(
            CompleteWorkflowExecutionCommandAttributes.getDefaultInstance())
        .build();
  }

  static Command activity(String id) {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK)
        .setScheduleActivityTaskCommandAttributes(
            ScheduleActivityTaskCommandAttributes.newBuilder()
                .setActivityId(id)
                .setActivityType(ActivityType.newBuilder().setName("Act"))
                .setStartToCloseTimeout(Durations.fromSeconds(30)))
        .build();
  }

  @Test
  void pollAnswersEmptyAtTheDeadline() {
    RawWorker w = worker();
    var response =
        w.withDeadline(Duration.ofSeconds(3))
            .pollWorkflowTaskQueue(
                PollWorkflowTaskQueueRequest.newBuilder()
                    .setNamespace(RawWorker.NAMESPACE)
                    .setTaskQueue(TaskQueue.newBuilder().setName(w.taskQueue))
                    .build());
    assertThat(response.getTaskToken()).isEmpty();
  }

  @Test
  void aRetryPolicyWithUnsetFieldsIsCheckedAfterTemporalsDefaults() {
    RawWorker w = worker();
    var run = w.start(unique("retry-defaults"));
    var task = w.pollWorkflowTask();
    Command schedule =
        activity("a1").toBuilder()
            .setScheduleActivityTaskCommandAttributes(
                activity("a1").getScheduleActivityTaskCommandAttributes().toBuilder()
                    .setRetryPolicy(RetryPolicy.newBuilder().setMaximumAttempts(3)))
            .build();
    w.complete(task.getTaskToken(), schedule);
    var policy = w.history(run).get(4).getActivityTaskScheduledEventAttributes().getRetryPolicy();
    assertThat(policy.getBackoffCoefficient()).isEqualTo(2.0);
    assertThat(policy.getMaximumAttempts()).isEqualTo(3);
  }

  @Test
  void commandsBecomeEventsInOrder() {
    RawWorker w = worker();
    var run = w.start(unique("commands"));
    var task = w.pollWorkflowTask();
    assertThat(task.getStartedEventId()).isEqualTo(3);
    assertThat(task.getPreviousStartedEventId()).isZero();
    assertThat(task.getHistory().getEventsList())
        .extracting(HistoryEvent::getEventType)
        .containsExactly(
            EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EVENT_TYPE_WORKFLOW_TASK_STARTED);
    w.complete(
        task.getTaskToken(),
        startTimer("t1", Duration.ofHours(1)),
        marker("m"),
        cancelTimer("t1"),
        complete());
    var events = w.history(run);
    assertThat(events)
        .extracting(HistoryEvent::getEventType)
        .containsExactly(
            EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EVENT_TYPE_WORKFLOW_TASK_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
            EVENT_TYPE_TIMER_STARTED,
            EVENT_TYPE_MARKER_RECORDED,
            EVENT_TYPE_TIMER_CANCELED,
            EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    assertThat(events.get(6).getTimerCanceledEventAttributes().getStartedEventId()).isEqualTo(5);
    assertThat(
            events
                .get(7)
                .getWorkflowExecutionCompletedEventAttributes()
                .getWorkflowTaskCompletedEventId())
        .isEqualTo(4);
  }

  @Test
  void invalidCommandFailsTheTaskWithItsCause() {
    RawWorker w = worker();
    var run = w.start(unique("invalid"));
    var task = w.pollWorkflowTask();
    assertThatThrownBy(
            () ->
                w.complete(
                    task.getTaskToken(),
                    startTimer("dup", Duration.ofHours(1)),
                    startTimer("dup", Duration.ofHours(1))))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    var events = w.history(run);
    assertThat(events)
        .extracting(HistoryEvent::getEventType)
        .containsExactly(
            EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EVENT_TYPE_WORKFLOW_TASK_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_FAILED);
    assertThat(events.get(3).getWorkflowTaskFailedEventAttributes().getCause())
        .isEqualTo(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_START_TIMER_DUPLICATE_ID);
    // The retry is transient: attempt 2, its events only in the poll response.
    var retry = w.pollWorkflowTask();
    assertThat(retry.getAttempt()).isEqualTo(2);
    assertThat(retry.getStartedEventId()).isEqualTo(6);
    assertThat(retry.getHistory().getEventsList())
        .extracting(HistoryEvent::getEventId)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(w.history(run)).hasSize(4);
    w.complete(retry.getTaskToken(), complete());
    var after = w.history(run);
    assertThat(after)
        .extracting(HistoryEvent::getEventType)
        .endsWith(
            EVENT_TYPE_WORKFLOW_TASK_FAILED,
            EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EVENT_TYPE_WORKFLOW_TASK_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
            EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    assertThat(after.get(4).getWorkflowTaskScheduledEventAttributes().getAttempt()).isEqualTo(2);
  }

  @Test
  void reportedFailureRetriesTransientlyAndStaleTokensAreRefused() {
    RawWorker w = worker();
    var run = w.start(unique("failed"));
    var task = w.pollWorkflowTask();
    w.stub()
        .respondWorkflowTaskFailed(
            RespondWorkflowTaskFailedRequest.newBuilder()
                .setNamespace(RawWorker.NAMESPACE)
                .setTaskToken(task.getTaskToken())
                .setCause(
                    WorkflowTaskFailedCause
                        .WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE)
                .setIdentity(w.identity)
                .build());
    assertThatThrownBy(() -> w.complete(task.getTaskToken(), complete()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getStatus().getDescription()).isEqualTo("Workflow task not found.");
            });
    var second = w.pollWorkflowTask();
    assertThat(second.getAttempt()).isEqualTo(2);
    w.stub()
        .respondWorkflowTaskFailed(
            RespondWorkflowTaskFailedRequest.newBuilder()
                .setNamespace(RawWorker.NAMESPACE)
                .setTaskToken(second.getTaskToken())
                .setCause(
                    WorkflowTaskFailedCause
                        .WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE)
                .build());
    var third = w.pollWorkflowTask();
    assertThat(third.getAttempt()).isEqualTo(3);
    // Repeated failures of a transient task leave one WorkflowTaskFailed in history.
    assertThat(w.types(run))
        .containsExactly(
            EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EVENT_TYPE_WORKFLOW_TASK_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_FAILED);
  }

  @Test
  void startToCloseTimeoutRetriesTheTask() {
    RawWorker w = worker();
    var run =
        w.start(
            StartWorkflowExecutionRequest.newBuilder()
                .setWorkflowId(unique("wft-timeout"))
                .setWorkflowTaskTimeout(Durations.fromSeconds(1)));
    w.pollWorkflowTask();
    var retry = w.pollWorkflowTask();
    assertThat(retry.getAttempt()).isEqualTo(2);
    var events = w.history(run);
    assertThat(events)
        .extracting(HistoryEvent::getEventType)
        .containsExactly(
            EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EVENT_TYPE_WORKFLOW_TASK_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
    assertThat(events.get(3).getWorkflowTaskTimedOutEventAttributes().getTimeoutType())
        .isEqualTo(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE);
  }

  @Test
  void closeCommandWithNewEventsIsUnhandled() {
    RawWorker w = worker();
    var run = w.start(unique("unhandled"));
    w.complete(w.pollWorkflowTask().getTaskToken(), activity("a"), activity("b"));
    var a = w.pollActivityTask();
    var b = w.pollActivityTask();
    w.stub()
        .respondActivityTaskCompleted(
            RespondActivityTaskCompletedRequest.newBuilder()
                .setNamespace(RawWorker.NAMESPACE)
                .setTaskToken(a.getTaskToken())
                .build());
    var second = w.pollWorkflowTask();
    w.stub()
        .respondActivityTaskCompleted(
            RespondActivityTaskCompletedRequest.newBuilder()
                .setNamespace(RawWorker.NAMESPACE)
                .setTaskToken(b.getTaskToken())
                .build());
    assertThatThrownBy(() -> w.complete(second.getTaskToken(), complete()))
        .isInstanceOf(StatusRuntimeException.class);
    var third = w.pollWorkflowTask();
    assertThat(third.getAttempt()).isEqualTo(1);
    w.complete(third.getTaskToken(), complete());
    var events = w.history(run);
    assertThat(events)
        .extracting(HistoryEvent::getEventType)
        .containsExactly(
            EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EVENT_TYPE_WORKFLOW_TASK_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
            EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
            EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
            EVENT_TYPE_ACTIVITY_TASK_STARTED,
            EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
            EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EVENT_TYPE_WORKFLOW_TASK_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_FAILED,
            EVENT_TYPE_ACTIVITY_TASK_STARTED,
            EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
            EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EVENT_TYPE_WORKFLOW_TASK_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
            EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    assertThat(events.get(10).getWorkflowTaskFailedEventAttributes().getCause())
        .isEqualTo(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND);
    assertThat(events.get(12).getActivityTaskCompletedEventAttributes().getStartedEventId())
        .isEqualTo(12);
  }

  @Test
  void returnNewWorkflowTaskStartsTheNextTaskInline() {
    RawWorker w = worker();
    var run = w.start(unique("inline"));
    var task = w.pollWorkflowTask();
    var response =
        w.stub()
            .respondWorkflowTaskCompleted(
                w.completion(task.getTaskToken(), marker("m"))
                    .setForceCreateNewWorkflowTask(true)
                    .setReturnNewWorkflowTask(true)
                    .build());
    assertThat(response.hasWorkflowTask()).isTrue();
    var next = response.getWorkflowTask();
    assertThat(next.getStartedEventId()).isEqualTo(7);
    assertThat(next.getPreviousStartedEventId()).isEqualTo(3);
    w.complete(next.getTaskToken(), complete());
    assertThat(w.types(run))
        .containsExactly(
            EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EVENT_TYPE_WORKFLOW_TASK_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
            EVENT_TYPE_MARKER_RECORDED,
            EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EVENT_TYPE_WORKFLOW_TASK_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
            EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  }

  @Test
  void stickyWorkerGetsPartialHistoryAndResetSendsFullHistory() {
    RawWorker w = worker();
    var run = w.start(unique("sticky"));
    TaskQueue sticky =
        TaskQueue.newBuilder()
            .setName(unique("sticky-q"))
            .setKind(TaskQueueKind.TASK_QUEUE_KIND_STICKY)
            .setNormalName(w.taskQueue)
            .build();
    // A sticky poller must have been seen for matching to accept sticky tasks.
    var stickyPoll = CompletableFuture.supplyAsync(() -> w.pollWorkflowTask(sticky));
    eventually(Duration.ofSeconds(10), () -> true);
    var first = w.pollWorkflowTask();
    w.stub()
        .respondWorkflowTaskCompleted(
            w.completion(first.getTaskToken(), startTimer("t", Duration.ofMillis(100)))
                .setStickyAttributes(
                    StickyExecutionAttributes.newBuilder()
                        .setWorkerTaskQueue(sticky)
                        .setScheduleToStartTimeout(Durations.fromSeconds(10)))
                .build());
    var second = stickyPoll.join();
    assertThat(second.getPreviousStartedEventId()).isEqualTo(3);
    assertThat(second.getHistory().getEvents(0).getEventId()).isEqualTo(4);
    assertThat(second.getHistory().getEventsList())
        .extracting(HistoryEvent::getEventType)
        .containsExactly(
            EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
            EVENT_TYPE_TIMER_STARTED,
            EVENT_TYPE_TIMER_FIRED,
            EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EVENT_TYPE_WORKFLOW_TASK_STARTED);
    w.stub()
        .respondWorkflowTaskCompleted(
            w.completion(second.getTaskToken(), startTimer("t2", Duration.ofMillis(100)))
                .setStickyAttributes(
                    StickyExecutionAttributes.newBuilder()
                        .setWorkerTaskQueue(sticky)
                        .setScheduleToStartTimeout(Durations.fromSeconds(10)))
                .build());
    w.stub()
        .resetStickyTaskQueue(
            ResetStickyTaskQueueRequest.newBuilder()
                .setNamespace(RawWorker.NAMESPACE)
                .setExecution(run)
                .build());
    var third = w.pollWorkflowTask();
    assertThat(third.getHistory().getEvents(0).getEventId()).isEqualTo(1);
    w.complete(third.getTaskToken(), complete());
  }

  @Test
  void stickyTaskFallsBackToTheNormalQueueWithoutStickyPoller() {
    RawWorker w = worker();
    var run = w.start(unique("sticky-gone"));
    var first = w.pollWorkflowTask();
    TaskQueue sticky =
        TaskQueue.newBuilder()
            .setName(unique("gone"))
            .setKind(TaskQueueKind.TASK_QUEUE_KIND_STICKY)
            .setNormalName(w.taskQueue)
            .build();
    w.stub()
        .respondWorkflowTaskCompleted(
            w.completion(first.getTaskToken(), startTimer("t", Duration.ofMillis(50)))
                .setStickyAttributes(
                    StickyExecutionAttributes.newBuilder()
                        .setWorkerTaskQueue(sticky)
                        .setScheduleToStartTimeout(Durations.fromSeconds(5)))
                .build());
    var second = w.pollWorkflowTask();
    assertThat(second.getHistory().getEvents(0).getEventId()).isEqualTo(1);
    w.complete(second.getTaskToken(), complete());
    assertThat(w.types(run)).endsWith(EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  }

  @Test
  void tooManyBufferedEventsFailTheRunningTask() {
    RawWorker w = worker();
    var run = w.start(unique("buffered"));
    var task = w.pollWorkflowTask();
    for (int i = 0; i <= 100; i++) {
      w.stub()
          .signalWorkflowExecution(
              SignalWorkflowExecutionRequest.newBuilder()
                  .setNamespace(RawWorker.NAMESPACE)
                  .setWorkflowExecution(run)
                  .setSignalName("s" + i)
                  .build());
    }
    var events = w.history(run);
    assertThat(events.get(3).getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_TASK_FAILED);
    assertThat(events.get(3).getWorkflowTaskFailedEventAttributes().getCause())
        .isEqualTo(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND);
    assertThat(
            events.stream().filter(e -> e.getEventType() == EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED))
        .hasSize(101);
    assertThatThrownBy(() -> w.complete(task.getTaskToken(), WorkflowTaskProtocolTest.complete()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  // A query meeting a scheduled task rides on that task: server-history's QueryRulesTest, which
  // knows when the query is buffered instead of sleeping for it.

}
