package dev.aevum.server.history;

import static dev.aevum.server.history.Commands.completeWorkflow;
import static dev.aevum.server.history.Commands.startChild;
import static io.temporal.api.enums.v1.EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parent close policies: what a closing parent does to its running children. */
class ChildRulesTest extends HistoryTestBase {

  @Test
  void abandonLeavesTheChildRunning() {
    var child =
        parentClosesWithChild(
            "parent-abandon", "child-abandon", ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON);
    // The parent's close task has run by now: whatever it was going to do is done.
    assertThat(status(child)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  }

  @Test
  void terminateEndsTheChildWithTheParent() {
    var child =
        parentClosesWithChild(
            "parent-terminate", "child-terminate", ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE);
    assertThat(status(child))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
  }

  /** Starts a parent that starts a child, completes the parent and waits for the outbox. */
  private WorkflowExecution parentClosesWithChild(
      String parentId, String childId, ParentClosePolicy policy) {
    var parent = start(parentId);
    complete(takeWorkflowTask(), startChild(childId, policy));
    // Next: the child's first task and the parent's task that sees ChildWorkflowExecutionStarted.
    Map<String, PollWorkflowTaskQueueResponse> tasks = new HashMap<>();
    for (int i = 0; i < 2; i++) {
      var task = takeWorkflowTask();
      tasks.put(task.getWorkflowExecution().getWorkflowId(), task);
    }
    assertThat(tasks).containsOnlyKeys(parentId, childId);
    var parentTask = tasks.get(parentId);
    assertThat(
            parentTask.getHistory().getEventsList().stream()
                .anyMatch(e -> e.getEventType() == EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED))
        .isTrue();
    complete(parentTask, completeWorkflow());
    assertThat(status(parent))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    awaitOutboxIdle();
    return WorkflowExecution.newBuilder().setWorkflowId(childId).build();
  }
}
