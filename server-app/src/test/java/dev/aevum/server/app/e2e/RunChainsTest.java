package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.Durations;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ContinueAsNewInitiator;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs that lead to other runs: continue-as-new, workflow retries, cron, and start delay. */
class RunChainsTest extends ServerTest {

  @WorkflowInterface
  public interface Chain {
    @WorkflowMethod
    String run(String scenario, int n);
  }

  public static class ChainImpl implements Chain {
    @Override
    public String run(String scenario, int n) {
      switch (scenario) {
        case "countdown":
          if (n > 0) {
            Workflow.continueAsNew(scenario, n - 1);
          }
          return "done after " + Workflow.getInfo().getContinuedExecutionRunId().isPresent();
        case "retry":
          if (Workflow.getInfo().getAttempt() < n) {
            throw ApplicationFailure.newFailure(
                "attempt " + Workflow.getInfo().getAttempt() + " fails", "Retry");
          }
          return "succeeded on attempt " + Workflow.getInfo().getAttempt();
        case "cron":
          {
            Optional<Integer> last =
                Optional.ofNullable(Workflow.getLastCompletionResult(Integer.class));
            return String.valueOf(last.orElse(0) + 1);
          }
        case "sleep":
          Workflow.sleep(Duration.ofMinutes(10));
          return "woke";
        case "continue-then-sleep":
          if (Workflow.getInfo().getContinuedExecutionRunId().isEmpty()) {
            Workflow.continueAsNew(scenario, n);
          }
          Workflow.sleep(Duration.ofMinutes(10));
          return "woke";
        default:
          return "started at " + Workflow.currentTimeMillis();
      }
    }
  }

  private String taskQueue() {
    String taskQueue = unique("chains");
    worker(taskQueue).registerWorkflowImplementationTypes(ChainImpl.class);
    startWorkers();
    return taskQueue;
  }

  private List<HistoryEvent> history(String workflowId, String runId) {
    return client.fetchHistory(workflowId, runId).getEvents();
  }

  private HistoryEvent closeEvent(String workflowId, String runId) {
    var response =
        cluster
            .blockingFollowingNextRuns()
            .withDeadlineAfter(60, TimeUnit.SECONDS)
            .getWorkflowExecutionHistory(
                GetWorkflowExecutionHistoryRequest.newBuilder()
                    .setNamespace(TestCluster.NAMESPACE)
                    .setExecution(
                        WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId))
                    .setWaitNewEvent(true)
                    .setHistoryEventFilterType(
                        HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
                    .build());
    if (response.getHistory().getEventsCount() == 0) {
      return closeEvent(workflowId, runId);
    }
    return response.getHistory().getEvents(0);
  }

  @Test
  void continueAsNewStartsTheNextRunAndTheResultFollowsIt() {
    String taskQueue = taskQueue();
    String id = unique("countdown");
    Chain chain =
        client.newWorkflowStub(
            Chain.class,
            WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(id).build());
    var execution = WorkflowClient.start(chain::run, "countdown", 2);
    assertThat(client.newUntypedWorkflowStub(id).getResult(String.class))
        .isEqualTo("done after true");
    var first = history(id, execution.getRunId());
    var last = first.get(first.size() - 1);
    assertThat(last.getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    String second = last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId();
    var secondStarted = history(id, second).get(0).getWorkflowExecutionStartedEventAttributes();
    assertThat(secondStarted.getContinuedExecutionRunId()).isEqualTo(execution.getRunId());
    assertThat(secondStarted.getFirstExecutionRunId()).isEqualTo(execution.getRunId());
    assertThat(secondStarted.getInitiator())
        .isEqualTo(ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW);
  }

  @Test
  void failedRunIsRetriedByItsRetryPolicy() {
    String taskQueue = taskQueue();
    String id = unique("retry");
    Chain chain =
        client.newWorkflowStub(
            Chain.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(taskQueue)
                .setWorkflowId(id)
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofMillis(200))
                        .setBackoffCoefficient(1)
                        .build())
                .build());
    var execution = WorkflowClient.start(chain::run, "retry", 3);
    var firstClose = closeEvent(id, execution.getRunId());
    assertThat(firstClose.getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
    assertThat(firstClose.getWorkflowExecutionFailedEventAttributes().getRetryState())
        .isEqualTo(RetryState.RETRY_STATE_IN_PROGRESS);
    String second = firstClose.getWorkflowExecutionFailedEventAttributes().getNewExecutionRunId();
    var started = history(id, second).get(0).getWorkflowExecutionStartedEventAttributes();
    assertThat(started.getAttempt()).isEqualTo(2);
    assertThat(started.getInitiator())
        .isEqualTo(ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_RETRY);
    assertThat(Durations.toMillis(started.getFirstWorkflowTaskBackoff())).isEqualTo(200);
    assertThat(started.getContinuedFailure().getMessage()).isEqualTo("attempt 1 fails");
    var secondClose = closeEvent(id, second);
    String third = secondClose.getWorkflowExecutionFailedEventAttributes().getNewExecutionRunId();
    var thirdClose = closeEvent(id, third);
    assertThat(thirdClose.getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  }

  @Test
  void retriesStopAtMaximumAttempts() {
    String taskQueue = taskQueue();
    String id = unique("retry-max");
    Chain chain =
        client.newWorkflowStub(
            Chain.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(taskQueue)
                .setWorkflowId(id)
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setMaximumAttempts(2)
                        .setInitialInterval(Duration.ofMillis(100))
                        .build())
                .build());
    var execution = WorkflowClient.start(chain::run, "retry", 5);
    String second =
        closeEvent(id, execution.getRunId())
            .getWorkflowExecutionFailedEventAttributes()
            .getNewExecutionRunId();
    var last = closeEvent(id, second);
    assertThat(last.getWorkflowExecutionFailedEventAttributes().getRetryState())
        .isEqualTo(RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);
    assertThat(last.getWorkflowExecutionFailedEventAttributes().getNewExecutionRunId()).isEmpty();
    assertThatThrownBy(() -> client.newUntypedWorkflowStub(id).getResult(String.class))
        .isInstanceOf(WorkflowFailedException.class);
  }

  @Test
  void cronRunsCarryTheLastCompletionResult() {
    String taskQueue = taskQueue();
    String id = unique("cron");
    Chain chain =
        client.newWorkflowStub(
            Chain.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(taskQueue)
                .setWorkflowId(id)
                .setCronSchedule("@every 1s")
                .build());
    var execution = WorkflowClient.start(chain::run, "cron", 0);
    var first = history(id, execution.getRunId());
    assertThat(
            Durations.toMillis(
                first
                    .get(0)
                    .getWorkflowExecutionStartedEventAttributes()
                    .getFirstWorkflowTaskBackoff()))
        .isPositive();
    var firstClose = closeEvent(id, execution.getRunId());
    assertThat(firstClose.getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    String second =
        firstClose.getWorkflowExecutionCompletedEventAttributes().getNewExecutionRunId();
    assertThat(second).isNotEmpty();
    var secondStarted = history(id, second).get(0).getWorkflowExecutionStartedEventAttributes();
    assertThat(secondStarted.getInitiator())
        .isEqualTo(ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE);
    var secondClose = closeEvent(id, second);
    var payload =
        secondClose.getWorkflowExecutionCompletedEventAttributes().getResult().getPayloads(0);
    assertThat(payload.getData().toStringUtf8()).isEqualTo("\"2\"");
    cluster
        .blocking()
        .terminateWorkflowExecution(
            TerminateWorkflowExecutionRequest.newBuilder()
                .setNamespace(TestCluster.NAMESPACE)
                .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                .setReason("enough")
                .build());
  }

  @Test
  void startDelayPostponesTheFirstWorkflowTask() {
    String taskQueue = taskQueue();
    String id = unique("delay");
    Chain chain =
        client.newWorkflowStub(
            Chain.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(taskQueue)
                .setWorkflowId(id)
                .setStartDelay(Duration.ofSeconds(1))
                .build());
    long before = System.currentTimeMillis();
    var execution = WorkflowClient.start(chain::run, "plain", 0);
    var events = history(id, execution.getRunId());
    assertThat(events)
        .extracting(HistoryEvent::getEventType)
        .containsExactly(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
    assertThat(
            Durations.toMillis(
                events
                    .get(0)
                    .getWorkflowExecutionStartedEventAttributes()
                    .getFirstWorkflowTaskBackoff()))
        .isEqualTo(1000);
    String result = client.newUntypedWorkflowStub(id).getResult(String.class);
    assertThat(Long.parseLong(result.substring("started at ".length())))
        .isGreaterThanOrEqualTo(before + 1000);
  }

  @Test
  void runTimeoutIsRetriedToo() {
    String taskQueue = taskQueue();
    String id = unique("timeout-retry");
    Chain chain =
        client.newWorkflowStub(
            Chain.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(taskQueue)
                .setWorkflowId(id)
                .setWorkflowRunTimeout(Duration.ofSeconds(1))
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setMaximumAttempts(2)
                        .setInitialInterval(Duration.ofMillis(100))
                        .build())
                .build());
    var execution = WorkflowClient.start(chain::run, "sleep", 0);
    var firstClose = closeEvent(id, execution.getRunId());
    assertThat(firstClose.getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT);
    assertThat(firstClose.getWorkflowExecutionTimedOutEventAttributes().getRetryState())
        .isEqualTo(RetryState.RETRY_STATE_IN_PROGRESS);
    String second = firstClose.getWorkflowExecutionTimedOutEventAttributes().getNewExecutionRunId();
    var secondClose = closeEvent(id, second);
    assertThat(secondClose.getWorkflowExecutionTimedOutEventAttributes().getRetryState())
        .isEqualTo(RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);
  }

  /**
   * Starts a chain whose first run continues as new at once; returns the first run once the second
   * is current.
   */
  private WorkflowExecution continuedChain(String id) {
    Chain chain =
        client.newWorkflowStub(
            Chain.class,
            WorkflowOptions.newBuilder().setTaskQueue(taskQueue()).setWorkflowId(id).build());
    var first = WorkflowClient.start(chain::run, "continue-then-sleep", 0);
    eventually(Duration.ofSeconds(30), () -> !currentRun(id).equals(first.getRunId()));
    return first;
  }

  private String currentRun(String workflowId) {
    return client.newUntypedWorkflowStub(workflowId).describe().getExecution().getRunId();
  }

  private static Status.Code code(Runnable call) {
    try {
      call.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Test
  void terminateWithFirstExecutionRunIdEndsTheCurrentRunOfThatChain() {
    String id = unique("terminate-chain");
    var first = continuedChain(id);
    String second = currentRun(id);
    var terminate =
        TerminateWorkflowExecutionRequest.newBuilder()
            .setNamespace(TestCluster.NAMESPACE)
            .setWorkflowExecution(first)
            .setReason("by chain");
    // The named run is closed already.
    assertThat(code(() -> cluster.blocking().terminateWorkflowExecution(terminate.build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    // Another chain's first run: the current run is not of it.
    assertThat(
            code(
                () ->
                    cluster
                        .blocking()
                        .terminateWorkflowExecution(
                            terminate
                                .clone()
                                .setFirstExecutionRunId(UUID.randomUUID().toString())
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            code(
                () ->
                    cluster
                        .blocking()
                        .terminateWorkflowExecution(
                            terminate.clone().setFirstExecutionRunId(first.getRunId()).build())))
        .isEqualTo(Status.Code.OK);
    var events = history(id, second);
    assertThat(events.get(events.size() - 1).getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
    assertThat(
            history(id, first.getRunId())
                .get(history(id, first.getRunId()).size() - 1)
                .getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  }

  @Test
  void cancelWithFirstExecutionRunIdCancelsTheCurrentRunOfThatChain() {
    String id = unique("cancel-chain");
    var first = continuedChain(id);
    String second = currentRun(id);
    var cancel =
        RequestCancelWorkflowExecutionRequest.newBuilder()
            .setNamespace(TestCluster.NAMESPACE)
            .setWorkflowExecution(first)
            .setRequestId(UUID.randomUUID().toString());
    // Cancelling the closed run it names succeeds and changes nothing, as in Temporal.
    assertThat(code(() -> cluster.blocking().requestCancelWorkflowExecution(cancel.build())))
        .isEqualTo(Status.Code.OK);
    assertThat(history(id, second))
        .extracting(HistoryEvent::getEventType)
        .doesNotContain(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
    assertThat(
            code(
                () ->
                    cluster
                        .blocking()
                        .requestCancelWorkflowExecution(
                            cancel
                                .clone()
                                .setFirstExecutionRunId(UUID.randomUUID().toString())
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            code(
                () ->
                    cluster
                        .blocking()
                        .requestCancelWorkflowExecution(
                            cancel.clone().setFirstExecutionRunId(first.getRunId()).build())))
        .isEqualTo(Status.Code.OK);
    assertThat(closeEvent(id, second).getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED);
  }
}
