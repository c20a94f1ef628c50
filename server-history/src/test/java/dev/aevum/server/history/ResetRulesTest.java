package dev.aevum.server.history;

import static dev.aevum.server.history.Commands.startTimer;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.server.common.api.HistoryApi;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** ResetWorkflowExecution: a new run from the base run's history, the current run terminated. */
class ResetRulesTest extends HistoryTestBase {

  @Test
  void resetToTheFirstTaskStartsANewRunFromItsHistoryAndEndsTheOldOne() {
    var base = start("wf-reset");
    complete(takeWorkflowTask(), startTimer("t", Duration.ofHours(1)));
    long firstTaskCompleted = history(base).get(3).getEventId();

    String newRunId =
        call(
                HistoryApi.RESET_WORKFLOW_EXECUTION,
                base.getWorkflowId(),
                ResetWorkflowExecutionRequest.newBuilder()
                    .setNamespace(NS)
                    .setWorkflowExecution(base)
                    .setWorkflowTaskFinishEventId(firstTaskCompleted)
                    .setReason("bad deploy")
                    .setRequestId(UUID.randomUUID().toString())
                    .build())
            .getRunId();

    var reset =
        WorkflowExecution.newBuilder()
            .setWorkflowId(base.getWorkflowId())
            .setRunId(newRunId)
            .build();
    assertThat(status(base))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
    assertThat(status(reset)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(eventTypes(reset))
        .startsWith(
            EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EVENT_TYPE_WORKFLOW_TASK_STARTED,
            EVENT_TYPE_WORKFLOW_TASK_FAILED);
    HistoryEvent failed = history(reset).get(3);
    assertThat(failed.getWorkflowTaskFailedEventAttributes().getBaseRunId())
        .isEqualTo(base.getRunId());
    assertThat(failed.getWorkflowTaskFailedEventAttributes().getNewRunId()).isEqualTo(newRunId);

    // The timer of the base run was never copied: the reset run does not fire it.
    var next = takeWorkflowTask();
    assertThat(next.getWorkflowExecution().getRunId()).isEqualTo(newRunId);
    complete(next);
    advance(Duration.ofHours(1));
    assertThat(matching.pendingWorkflowTasks()).isZero();
  }
}
