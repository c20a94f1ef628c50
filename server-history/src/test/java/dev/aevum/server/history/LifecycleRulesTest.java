package dev.aevum.server.history;

import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Durations;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.FailWorkflowExecutionCommandAttributes;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.failure.v1.ApplicationFailureInfo;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How runs end by the clock or by failing, and the retry that follows. */
class LifecycleRulesTest extends HistoryTestBase {

  @Test
  void aRunTimesOutWhenItsRunTimeoutPasses() {
    var run =
        start(
            StartWorkflowExecutionRequest.newBuilder()
                .setWorkflowId("wf-run-timeout")
                .setWorkflowRunTimeout(Durations.fromSeconds(60)));
    complete(takeWorkflowTask());

    advance(Duration.ofSeconds(59));
    assertThat(status(run)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    advance(Duration.ofSeconds(1));
    assertThat(status(run)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT);
    assertThat(eventTypes(run)).endsWith(EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT);
  }

  @Test
  void aFailedRunIsRetriedAsANewRunAfterItsBackoff() {
    var first =
        start(
            StartWorkflowExecutionRequest.newBuilder()
                .setWorkflowId("wf-retry")
                .setRetryPolicy(
                    RetryPolicy.newBuilder()
                        .setInitialInterval(Durations.fromSeconds(3))
                        .setMaximumAttempts(2)));
    complete(takeWorkflowTask(), failWorkflow("boom"));
    assertThat(eventTypes(first)).endsWith(EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);

    awaitOutboxIdle();
    advance(Duration.ofMillis(2_999));
    assertThat(matching.pendingWorkflowTasks()).isZero();
    advance(Duration.ofMillis(1));
    var retry = takeWorkflowTask();
    assertThat(retry.getWorkflowExecution().getRunId()).isNotEqualTo(first.getRunId());
    var started = retry.getHistory().getEvents(0).getWorkflowExecutionStartedEventAttributes();
    assertThat(started.getAttempt()).isEqualTo(2);
    assertThat(started.getContinuedFailure().getMessage()).isEqualTo("boom");

    // The second failure is the last attempt: no third run.
    complete(retry, failWorkflow("boom again"));
    advance(Duration.ofMinutes(10));
    assertThat(matching.pendingWorkflowTasks()).isZero();
  }

  private static Command failWorkflow(String message) {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION)
        .setFailWorkflowExecutionCommandAttributes(
            FailWorkflowExecutionCommandAttributes.newBuilder()
                .setFailure(
                    Failure.newBuilder()
                        .setMessage(message)
                        .setApplicationFailureInfo(
                            ApplicationFailureInfo.newBuilder().setType("Boom"))))
        .build();
  }
}
