package dev.aevum.server.history;

import static dev.aevum.server.history.Commands.scheduleActivity;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.server.common.api.HistoryApi;
import io.temporal.api.failure.v1.ApplicationFailureInfo;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Activity retries by their retry policy, on history's own clock. */
class ActivityRulesTest extends HistoryTestBase {

  @Test
  void aFailedAttemptIsRetriedAfterItsBackoffAndNotBefore() {
    var run = start("wf-activity-retry");
    complete(takeWorkflowTask(), scheduleActivity("charge", Duration.ofSeconds(5), 3));
    var first = takeActivityTask();
    assertThat(first.getAttempt()).isEqualTo(1);

    fail(first, "card declined");
    awaitOutboxIdle();
    advance(Duration.ofMillis(4_999));
    assertThat(matching.pendingActivityTasks()).isZero();

    advance(Duration.ofMillis(1));
    var second = takeActivityTask();
    assertThat(second.getAttempt()).isEqualTo(2);

    fail(second, "card declined again");
    awaitOutboxIdle();
    advance(Duration.ofMillis(9_999)); // backoff coefficient 2: 10 s before the third attempt
    assertThat(matching.pendingActivityTasks()).isZero();
    advance(Duration.ofMillis(1));
    assertThat(takeActivityTask().getAttempt()).isEqualTo(3);
    // Retries are not in history: only the last attempt's outcome will be.
    assertThat(eventTypes(run)).doesNotContain(EVENT_TYPE_ACTIVITY_TASK_FAILED);
  }

  @Test
  void theLastAttemptsFailureReachesTheWorkflow() {
    var run = start("wf-activity-exhausted");
    complete(takeWorkflowTask(), scheduleActivity("charge", Duration.ofSeconds(1), 1));

    fail(takeActivityTask(), "card declined");

    assertThat(eventTypes(run)).contains(EVENT_TYPE_ACTIVITY_TASK_FAILED);
    assertThat(takeWorkflowTask().getWorkflowExecution()).isEqualTo(run);
  }

  private void fail(PollActivityTaskQueueResponse task, String message) {
    call(
        HistoryApi.RESPOND_ACTIVITY_TASK_FAILED,
        task.getWorkflowExecution().getWorkflowId(),
        RespondActivityTaskFailedRequest.newBuilder()
            .setNamespace(NS)
            .setTaskToken(task.getTaskToken())
            .setIdentity("test-worker")
            .setFailure(
                Failure.newBuilder()
                    .setMessage(message)
                    .setApplicationFailureInfo(
                        ApplicationFailureInfo.newBuilder().setType("Declined")))
            .build());
  }
}
