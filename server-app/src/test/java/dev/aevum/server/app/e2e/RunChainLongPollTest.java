package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Durations;
import dev.aevum.server.history.HistorySettings;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.ContinueAsNewWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.FailWorkflowExecutionCommandAttributes;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * History long polls without run id while the run they resolved closes into a next run
 * (continue-as-new, a workflow retry): the poll answers with that run's close event, which names
 * the next run, as Temporal's does (as ContinuedAsNew for clients that follow only that). The
 * long-poll deadline of this server is far beyond what the tests wait, so an answer only at the
 * deadline shows as a failure.
 */
class RunChainLongPollTest extends ServerTest {
  private static final Duration LONG_POLL = Duration.ofMinutes(10);

  @Override
  HistorySettings historySettings() {
    return HistorySettings.defaults().withLongPollExpiration(LONG_POLL);
  }

  private RawWorker worker() {
    return new RawWorker(cluster, unique("chain-poll"));
  }

  @Test
  void closeEventPollWithoutRunIdAnswersWithTheContinuedAsNewEvent() throws Exception {
    RawWorker w = worker();
    var first = w.start(unique("can"));
    var task = w.pollWorkflowTask();
    var waiting =
        parkedPoll(
            w.stub(),
            first.getWorkflowId(),
            r ->
                r.setHistoryEventFilterType(
                    HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT));
    w.complete(task.getTaskToken(), continueAsNew(w));

    var events = waiting.get(60, TimeUnit.SECONDS).getHistory().getEventsList();
    assertThat(events)
        .extracting(HistoryEvent::getEventType)
        .containsExactly(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    assertThat(
            events
                .get(0)
                .getWorkflowExecutionContinuedAsNewEventAttributes()
                .getNewExecutionRunId())
        .isEqualTo(currentRun(w, first.getWorkflowId()))
        .isNotEqualTo(first.getRunId());
  }

  @Test
  void closeEventPollWithoutRunIdAnswersWithTheFailureThatRetries() throws Exception {
    RawWorker w = worker();
    var first = retriedRun(w);
    var task = w.pollWorkflowTask();
    var waiting =
        parkedPoll(
            cluster.blockingFollowingNextRuns(),
            first.getWorkflowId(),
            r ->
                r.setHistoryEventFilterType(
                    HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT));
    w.complete(task.getTaskToken(), failWorkflow());

    var events = waiting.get(60, TimeUnit.SECONDS).getHistory().getEventsList();
    assertThat(events)
        .extracting(HistoryEvent::getEventType)
        .containsExactly(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
    assertThat(events.get(0).getWorkflowExecutionFailedEventAttributes().getNewExecutionRunId())
        .isEqualTo(currentRun(w, first.getWorkflowId()))
        .isNotEqualTo(first.getRunId());
  }

  @Test
  void clientsThatFollowOnlyContinueAsNewSeeTheRetryAsContinuedAsNew() throws Exception {
    RawWorker w = worker();
    var first = retriedRun(w);
    var task = w.pollWorkflowTask();
    // The official Java SDK declares no client features: Temporal rewrites the close event for it.
    var waiting =
        parkedPoll(
            w.stub(),
            first.getWorkflowId(),
            r ->
                r.setHistoryEventFilterType(
                    HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT));
    w.complete(task.getTaskToken(), failWorkflow());

    var events = waiting.get(60, TimeUnit.SECONDS).getHistory().getEventsList();
    assertThat(events)
        .extracting(HistoryEvent::getEventType)
        .containsExactly(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    var continued = events.get(0).getWorkflowExecutionContinuedAsNewEventAttributes();
    assertThat(continued.getNewExecutionRunId()).isEqualTo(currentRun(w, first.getWorkflowId()));
    assertThat(continued.getFailure().getMessage()).isEqualTo("first attempt fails");
    // The stored history keeps the real event.
    var history = w.history(first);
    assertThat(history.get(history.size() - 1).getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
  }

  private WorkflowExecution retriedRun(RawWorker w) {
    return w.start(
        StartWorkflowExecutionRequest.newBuilder()
            .setWorkflowId(unique("retry"))
            .setRetryPolicy(
                RetryPolicy.newBuilder()
                    .setMaximumAttempts(3)
                    .setInitialInterval(Durations.fromMillis(100))));
  }

  private static Command failWorkflow() {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION)
        .setFailWorkflowExecutionCommandAttributes(
            FailWorkflowExecutionCommandAttributes.newBuilder()
                .setFailure(Failure.newBuilder().setMessage("first attempt fails")))
        .build();
  }

  @Test
  void newEventPollWithoutRunIdStaysOnTheRunOfItsPageToken() throws Exception {
    RawWorker w = worker();
    var first = w.start(unique("pages"));
    var task = w.pollWorkflowTask();
    var firstPage =
        w.stub()
            .getWorkflowExecutionHistory(
                request(first.getWorkflowId()).setWaitNewEvent(true).build());
    assertThat(firstPage.getHistory().getEventsList())
        .extracting(HistoryEvent::getEventType)
        .containsExactly(
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    var waiting =
        parkedPoll(
            w.stub(), first.getWorkflowId(), r -> r.setNextPageToken(firstPage.getNextPageToken()));
    w.complete(task.getTaskToken(), continueAsNew(w));

    var next = waiting.get(60, TimeUnit.SECONDS);
    assertThat(next.getHistory().getEventsList())
        .extracting(HistoryEvent::getEventType)
        .containsExactly(
            EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    // The next run has its own history; the first run's pages end with its close event.
    assertThat(currentRun(w, first.getWorkflowId())).isNotEqualTo(first.getRunId());
    assertThat(next.getNextPageToken()).isEmpty();
  }

  /**
   * Sends a history long poll for the workflow's current run (no run id) and returns once the
   * server holds it, so that what the test does next happens while the poll waits.
   */
  private CompletableFuture<GetWorkflowExecutionHistoryResponse> parkedPoll(
      WorkflowServiceGrpc.WorkflowServiceBlockingStub stub,
      String workflowId,
      Function<
              GetWorkflowExecutionHistoryRequest.Builder,
              GetWorkflowExecutionHistoryRequest.Builder>
          shape) {
    double before = waitingCalls();
    var request = shape.apply(request(workflowId).setWaitNewEvent(true)).build();
    var waiting =
        CompletableFuture.supplyAsync(
            () ->
                stub.withDeadlineAfter(LONG_POLL.toMillis(), TimeUnit.MILLISECONDS)
                    .getWorkflowExecutionHistory(request));
    eventually(Duration.ofSeconds(30), () -> waiting.isDone() || waitingCalls() > before);
    assertThat(waiting).isNotDone();
    return waiting;
  }

  private double waitingCalls() {
    return cluster.meters().get("aevum.history.waiting.calls").gauge().value();
  }

  private static GetWorkflowExecutionHistoryRequest.Builder request(String workflowId) {
    return GetWorkflowExecutionHistoryRequest.newBuilder()
        .setNamespace(RawWorker.NAMESPACE)
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId));
  }

  private static Command continueAsNew(RawWorker w) {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION)
        .setContinueAsNewWorkflowExecutionCommandAttributes(
            ContinueAsNewWorkflowExecutionCommandAttributes.newBuilder()
                .setWorkflowType(WorkflowType.newBuilder().setName("RawWorkflow"))
                .setTaskQueue(TaskQueue.newBuilder().setName(w.taskQueue)))
        .build();
  }

  private static String currentRun(RawWorker w, String workflowId) {
    return w.stub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(RawWorker.NAMESPACE)
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .build())
        .getWorkflowExecutionInfo()
        .getExecution()
        .getRunId();
  }
}
