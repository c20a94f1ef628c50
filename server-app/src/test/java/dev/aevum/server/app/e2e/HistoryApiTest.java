package dev.aevum.server.app.e2e;

import static io.temporal.api.enums.v1.EventType.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.Durations;
import dev.aevum.persistence.HistoryTask;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.command.v1.Command;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.failure.v1.ApplicationFailureInfo;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryReverseRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatByIdRequest;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedByIdRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * History reads, describe, terminate, run timeouts and the activity *ById calls through the raw
 * API.
 */
class HistoryApiTest extends ServerTest {

  private RawWorker worker() {
    return new RawWorker(cluster, unique("raw"));
  }

  private GetWorkflowExecutionHistoryRequest.Builder historyRequest(WorkflowExecution run) {
    return GetWorkflowExecutionHistoryRequest.newBuilder()
        .setNamespace(RawWorker.NAMESPACE)
        .setExecution(run);
  }

  /** A run with 3 + 1 + 300 + 1 events: one task completed with 300 markers and completion. */
  private WorkflowExecution longRun(RawWorker w) {
    var run = w.start(unique("long"));
    var task = w.pollWorkflowTask();
    List<Command> commands = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      commands.add(WorkflowTaskProtocolTest.marker("m" + i));
    }
    commands.add(WorkflowTaskProtocolTest.complete());
    w.stub()
        .respondWorkflowTaskCompleted(
            w.completion(task.getTaskToken()).addAllCommands(commands).build());
    return run;
  }

  @Test
  void historyPagesForwardAndBackward() {
    RawWorker w = worker();
    var run = w.start(unique("paging"));
    for (int round = 0; round < 5; round++) {
      var task = w.pollWorkflowTask();
      w.stub()
          .respondWorkflowTaskCompleted(
              w.completion(task.getTaskToken(), WorkflowTaskProtocolTest.marker("m"))
                  .setForceCreateNewWorkflowTask(true)
                  .build());
    }
    w.complete(w.pollWorkflowTask().getTaskToken(), WorkflowTaskProtocolTest.complete());
    // 3 + 5 x (completed, marker, scheduled, started) + completed + close = 25 events.
    List<HistoryEvent> forward = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    int pages = 0;
    do {
      var page =
          w.stub()
              .getWorkflowExecutionHistory(
                  historyRequest(run).setMaximumPageSize(5).setNextPageToken(token).build());
      forward.addAll(page.getHistory().getEventsList());
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty());
    assertThat(pages).isGreaterThan(2);
    assertThat(forward)
        .extracting(HistoryEvent::getEventId)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 25).boxed().toList());

    List<HistoryEvent> backward = new ArrayList<>();
    token = ByteString.EMPTY;
    do {
      var page =
          w.stub()
              .getWorkflowExecutionHistoryReverse(
                  GetWorkflowExecutionHistoryReverseRequest.newBuilder()
                      .setNamespace(RawWorker.NAMESPACE)
                      .setExecution(run)
                      .setMaximumPageSize(4)
                      .setNextPageToken(token)
                      .build());
      backward.addAll(page.getHistory().getEventsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    assertThat(backward)
        .extracting(HistoryEvent::getEventId)
        .containsExactlyElementsOf(
            LongStream.iterate(25, i -> i >= 1, i -> i - 1).boxed().toList());
  }

  @Test
  void executedOutboxTasksAreDeleted() {
    RawWorker w = worker();
    var run = w.start(unique("outbox"));
    w.complete(w.pollWorkflowTask().getTaskToken(), WorkflowTaskProtocolTest.complete());
    assertThat(w.types(run)).endsWith(EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    var executions = cluster.persistence().executions();
    eventually(
        Duration.ofSeconds(20),
        () ->
            IntStream.rangeClosed(1, 4)
                .allMatch(
                    shard ->
                        executions
                            .loadTasks(shard, HistoryTask.Category.TRANSFER, 0, 10)
                            .isEmpty()));
  }

  @Test
  void largeBatchesComeBackWhole() {
    RawWorker w = worker();
    var run = longRun(w);
    assertThat(w.history(run)).hasSize(305);
  }

  @Test
  void longPollWaitsForTheCloseEvent() throws Exception {
    RawWorker w = worker();
    var run = w.start(unique("wait"));
    var waiting =
        CompletableFuture.supplyAsync(
            () ->
                w.withDeadline(Duration.ofSeconds(30))
                    .getWorkflowExecutionHistory(
                        historyRequest(run)
                            .setWaitNewEvent(true)
                            .setHistoryEventFilterType(
                                HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
                            .build()));
    w.complete(w.pollWorkflowTask().getTaskToken(), WorkflowTaskProtocolTest.complete());
    var response = waiting.get(20, TimeUnit.SECONDS);
    assertThat(response.getHistory().getEventsList())
        .extracting(HistoryEvent::getEventType)
        .containsExactly(EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  }

  @Test
  void longPollForNewEventsWakesAtTheNextCommit() throws Exception {
    RawWorker w = worker();
    var run = w.start(unique("wait-new"));
    var all =
        w.stub().getWorkflowExecutionHistory(historyRequest(run).setWaitNewEvent(true).build());
    assertThat(all.getHistory().getEventsCount()).isEqualTo(2);
    assertThat(all.getNextPageToken()).isNotEmpty();
    var waiting =
        CompletableFuture.supplyAsync(
            () ->
                w.withDeadline(Duration.ofSeconds(30))
                    .getWorkflowExecutionHistory(
                        historyRequest(run)
                            .setWaitNewEvent(true)
                            .setNextPageToken(all.getNextPageToken())
                            .build()));
    w.pollWorkflowTask();
    var next = waiting.get(20, TimeUnit.SECONDS);
    assertThat(next.getHistory().getEventsList())
        .extracting(HistoryEvent::getEventType)
        .containsExactly(EVENT_TYPE_WORKFLOW_TASK_STARTED);
  }

  @Test
  void badPageTokenIsRejected() {
    RawWorker w = worker();
    var run = w.start(unique("bad-token"));
    assertThatThrownBy(
            () ->
                w.stub()
                    .getWorkflowExecutionHistory(
                        historyRequest(run)
                            .setNextPageToken(ByteString.copyFromUtf8("garbage"))
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void unknownWorkflowIsNotFound() {
    RawWorker w = worker();
    assertThatThrownBy(
            () ->
                w.stub()
                    .describeWorkflowExecution(
                        DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(RawWorker.NAMESPACE)
                            .setExecution(
                                WorkflowExecution.newBuilder().setWorkflowId(unique("nobody")))
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void describeShowsPendingActivitiesAndTerminateClosesTheRun() {
    RawWorker w = worker();
    var run = w.start(unique("describe"));
    w.complete(w.pollWorkflowTask().getTaskToken(), WorkflowTaskProtocolTest.activity("act-1"));
    w.pollActivityTask();
    var description =
        w.stub()
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(RawWorker.NAMESPACE)
                    .setExecution(run)
                    .build());
    assertThat(description.getWorkflowExecutionInfo().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(description.getPendingActivitiesList())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getActivityId()).isEqualTo("act-1");
              assertThat(a.getState())
                  .isEqualTo(PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
              assertThat(a.getAttempt()).isEqualTo(1);
            });
    w.stub()
        .terminateWorkflowExecution(
            TerminateWorkflowExecutionRequest.newBuilder()
                .setNamespace(RawWorker.NAMESPACE)
                .setWorkflowExecution(run)
                .setReason("because")
                .build());
    var events = w.history(run);
    assertThat(events.get(events.size() - 1).getEventType())
        .isEqualTo(EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
    assertThat(
            events
                .get(events.size() - 1)
                .getWorkflowExecutionTerminatedEventAttributes()
                .getReason())
        .isEqualTo("because");
    assertThatThrownBy(
            () ->
                w.stub()
                    .terminateWorkflowExecution(
                        TerminateWorkflowExecutionRequest.newBuilder()
                            .setNamespace(RawWorker.NAMESPACE)
                            .setWorkflowExecution(run)
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void deleteTerminatesAndRemovesTheRun() {
    RawWorker w = worker();
    var run = w.start(unique("delete"));
    w.stub()
        .deleteWorkflowExecution(
            DeleteWorkflowExecutionRequest.newBuilder()
                .setNamespace(RawWorker.NAMESPACE)
                .setWorkflowExecution(run)
                .build());
    assertThatThrownBy(
            () ->
                w.stub()
                    .describeWorkflowExecution(
                        DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(RawWorker.NAMESPACE)
                            .setExecution(run)
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    // The workflow id is free again.
    assertThat(w.start(run.getWorkflowId()).getRunId()).isNotEqualTo(run.getRunId());
  }

  @Test
  void resetStartsANewRunFromAWorkflowTaskAndReappliesLaterSignals() {
    RawWorker w = worker();
    var run = w.start(unique("reset"));
    w.complete(
        w.pollWorkflowTask().getTaskToken(),
        WorkflowTaskProtocolTest.startTimer("t", Duration.ofHours(1)));
    w.stub()
        .signalWorkflowExecution(
            SignalWorkflowExecutionRequest.newBuilder()
                .setNamespace(RawWorker.NAMESPACE)
                .setWorkflowExecution(run)
                .setSignalName("again")
                .build());
    w.complete(w.pollWorkflowTask().getTaskToken(), WorkflowTaskProtocolTest.complete());
    var reset =
        w.stub()
            .resetWorkflowExecution(
                ResetWorkflowExecutionRequest.newBuilder()
                    .setNamespace(RawWorker.NAMESPACE)
                    .setWorkflowExecution(run)
                    .setReason("try again")
                    .setWorkflowTaskFinishEventId(4)
                    .setRequestId(UUID.randomUUID().toString())
                    .build());
    var next =
        WorkflowExecution.newBuilder()
            .setWorkflowId(run.getWorkflowId())
            .setRunId(reset.getRunId())
            .build();
    var events = w.history(next);
    assertThat(events)
        .extracting(HistoryEvent::getEventType)
        .containsExactly(
            EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EVENT_TYPE_WORKFLOW_TASK_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_FAILED,
            EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
            EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    var failed = events.get(3).getWorkflowTaskFailedEventAttributes();
    assertThat(failed.getCause())
        .isEqualTo(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW);
    assertThat(failed.getBaseRunId()).isEqualTo(run.getRunId());
    assertThat(failed.getNewRunId()).isEqualTo(reset.getRunId());
    // The new run is the current one and carries on.
    var task = w.pollWorkflowTask();
    assertThat(task.getWorkflowExecution().getRunId()).isEqualTo(reset.getRunId());
    w.complete(task.getTaskToken(), WorkflowTaskProtocolTest.complete());
    assertThat(w.types(next)).endsWith(EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  }

  @Test
  void resetArmsWhatWasPendingAtTheResetPoint() {
    RawWorker w = worker();
    var run = w.start(unique("reset-pending"));
    w.complete(w.pollWorkflowTask().getTaskToken(), WorkflowTaskProtocolTest.activity("act"));
    var activity = w.pollActivityTask();
    w.stub()
        .signalWorkflowExecution(
            SignalWorkflowExecutionRequest.newBuilder()
                .setNamespace(RawWorker.NAMESPACE)
                .setWorkflowExecution(run)
                .setSignalName("poke")
                .build());
    var second = w.pollWorkflowTask();
    w.complete(second.getTaskToken());
    long secondCompleted = w.history(run).size();
    w.stub()
        .respondActivityTaskCompleted(
            RespondActivityTaskCompletedRequest.newBuilder()
                .setNamespace(RawWorker.NAMESPACE)
                .setTaskToken(activity.getTaskToken())
                .build());
    w.complete(w.pollWorkflowTask().getTaskToken(), WorkflowTaskProtocolTest.complete());
    var reset =
        w.stub()
            .resetWorkflowExecution(
                ResetWorkflowExecutionRequest.newBuilder()
                    .setNamespace(RawWorker.NAMESPACE)
                    .setWorkflowExecution(run)
                    .setReason("redo")
                    .setWorkflowTaskFinishEventId(secondCompleted)
                    .setRequestId(UUID.randomUUID().toString())
                    .build());
    // The activity was pending at the reset point: the new run dispatches it again.
    var again = w.pollActivityTask();
    assertThat(again.getWorkflowExecution().getRunId()).isEqualTo(reset.getRunId());
    assertThat(again.getActivityId()).isEqualTo("act");
  }

  @Test
  void resetRejectsAnEventThatIsNotAWorkflowTaskEnd() {
    RawWorker w = worker();
    var run = w.start(unique("reset-bad"));
    w.complete(
        w.pollWorkflowTask().getTaskToken(),
        WorkflowTaskProtocolTest.marker("m"),
        WorkflowTaskProtocolTest.complete());
    assertThatThrownBy(
            () ->
                w.stub()
                    .resetWorkflowExecution(
                        ResetWorkflowExecutionRequest.newBuilder()
                            .setNamespace(RawWorker.NAMESPACE)
                            .setWorkflowExecution(run)
                            .setReason("x")
                            .setWorkflowTaskFinishEventId(5)
                            .setRequestId(UUID.randomUUID().toString())
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void runTimeoutClosesTheRun() {
    RawWorker w = worker();
    var run =
        w.start(
            StartWorkflowExecutionRequest.newBuilder()
                .setWorkflowId(unique("run-timeout"))
                .setWorkflowRunTimeout(Durations.fromSeconds(1)));
    var close =
        w.withDeadline(Duration.ofSeconds(30))
            .getWorkflowExecutionHistory(
                historyRequest(run)
                    .setWaitNewEvent(true)
                    .setHistoryEventFilterType(
                        HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
                    .build());
    eventually(
        Duration.ofSeconds(20),
        () ->
            !w.stub()
                .getWorkflowExecutionHistory(
                    historyRequest(run)
                        .setHistoryEventFilterType(
                            HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
                        .build())
                .getHistory()
                .getEventsList()
                .isEmpty());
    var events = w.history(run);
    var last = events.get(events.size() - 1);
    assertThat(last.getEventType()).isEqualTo(EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT);
    assertThat(last.getWorkflowExecutionTimedOutEventAttributes().getRetryState())
        .isEqualTo(RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET);
    assertThat(close).isNotNull();
  }

  @Test
  void executionTimeoutBoundsTheRun() {
    RawWorker w = worker();
    var run =
        w.start(
            StartWorkflowExecutionRequest.newBuilder()
                .setWorkflowId(unique("exec-timeout"))
                .setWorkflowExecutionTimeout(Durations.fromSeconds(1)));
    var started = w.history(run).get(0).getWorkflowExecutionStartedEventAttributes();
    assertThat(Durations.toMillis(started.getWorkflowRunTimeout())).isEqualTo(1000);
    assertThat(started.hasWorkflowExecutionExpirationTime()).isTrue();
    eventually(
        Duration.ofSeconds(20),
        () -> w.types(run).contains(EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT));
  }

  @Test
  void activityCallsByIdWork() {
    RawWorker w = worker();
    var run = w.start(unique("by-id"));
    w.complete(w.pollWorkflowTask().getTaskToken(), WorkflowTaskProtocolTest.activity("a1"));
    w.pollActivityTask();
    var heartbeat =
        w.stub()
            .recordActivityTaskHeartbeatById(
                RecordActivityTaskHeartbeatByIdRequest.newBuilder()
                    .setNamespace(RawWorker.NAMESPACE)
                    .setWorkflowId(run.getWorkflowId())
                    .setActivityId("a1")
                    .build());
    assertThat(heartbeat.getCancelRequested()).isFalse();
    w.stub()
        .respondActivityTaskCompletedById(
            RespondActivityTaskCompletedByIdRequest.newBuilder()
                .setNamespace(RawWorker.NAMESPACE)
                .setWorkflowId(run.getWorkflowId())
                .setRunId(run.getRunId())
                .setActivityId("a1")
                .setResult(Payloads.getDefaultInstance())
                .build());
    assertThat(w.types(run)).contains(EVENT_TYPE_ACTIVITY_TASK_COMPLETED);

    // Non-retryable failure by id, then cancel by id of another activity.
    w.complete(w.pollWorkflowTask().getTaskToken(), WorkflowTaskProtocolTest.activity("a2"));
    w.pollActivityTask();
    w.stub()
        .respondActivityTaskFailedById(
            RespondActivityTaskFailedByIdRequest.newBuilder()
                .setNamespace(RawWorker.NAMESPACE)
                .setWorkflowId(run.getWorkflowId())
                .setActivityId("a2")
                .setFailure(
                    Failure.newBuilder()
                        .setMessage("nope")
                        .setApplicationFailureInfo(
                            ApplicationFailureInfo.newBuilder().setNonRetryable(true)))
                .build());
    w.complete(w.pollWorkflowTask().getTaskToken(), WorkflowTaskProtocolTest.activity("a3"));
    w.pollActivityTask();
    w.stub()
        .respondActivityTaskCanceledById(
            RespondActivityTaskCanceledByIdRequest.newBuilder()
                .setNamespace(RawWorker.NAMESPACE)
                .setWorkflowId(run.getWorkflowId())
                .setActivityId("a3")
                .build());
    assertThat(w.types(run))
        .contains(EVENT_TYPE_ACTIVITY_TASK_FAILED, EVENT_TYPE_ACTIVITY_TASK_CANCELED);
    assertThatThrownBy(
            () ->
                w.stub()
                    .respondActivityTaskCompletedById(
                        RespondActivityTaskCompletedByIdRequest.newBuilder()
                            .setNamespace(RawWorker.NAMESPACE)
                            .setWorkflowId(run.getWorkflowId())
                            .setActivityId("a3")
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }
}
