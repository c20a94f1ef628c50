package dev.aevum.server.history;

import com.google.protobuf.util.Durations;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.CompleteWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.ScheduleActivityTaskCommandAttributes;
import io.temporal.api.command.v1.StartChildWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.StartTimerCommandAttributes;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.taskqueue.v1.TaskQueue;
import java.time.Duration;

/** The commands the history rule tests answer workflow tasks with. */
final class Commands {
  private Commands() {}

  static Command completeWorkflow() {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION)
        .setCompleteWorkflowExecutionCommandAttributes(
            CompleteWorkflowExecutionCommandAttributes.getDefaultInstance())
        .build();
  }

  static Command startTimer(String id, Duration after) {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_START_TIMER)
        .setStartTimerCommandAttributes(
            StartTimerCommandAttributes.newBuilder()
                .setTimerId(id)
                .setStartToFireTimeout(Durations.fromMillis(after.toMillis())))
        .build();
  }

  static Command scheduleActivity(String id, Duration initialInterval, int maximumAttempts) {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK)
        .setScheduleActivityTaskCommandAttributes(
            ScheduleActivityTaskCommandAttributes.newBuilder()
                .setActivityId(id)
                .setActivityType(ActivityType.newBuilder().setName("Charge"))
                .setTaskQueue(TaskQueue.newBuilder().setName(HistoryTestBase.QUEUE))
                .setStartToCloseTimeout(Durations.fromSeconds(30))
                .setRetryPolicy(
                    RetryPolicy.newBuilder()
                        .setInitialInterval(Durations.fromMillis(initialInterval.toMillis()))
                        .setBackoffCoefficient(2)
                        .setMaximumAttempts(maximumAttempts)))
        .build();
  }

  static Command startChild(String workflowId, ParentClosePolicy policy) {
    return Command.newBuilder()
        .setCommandType(CommandType.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION)
        .setStartChildWorkflowExecutionCommandAttributes(
            StartChildWorkflowExecutionCommandAttributes.newBuilder()
                .setNamespace(HistoryTestBase.NS)
                .setWorkflowId(workflowId)
                .setWorkflowType(WorkflowType.newBuilder().setName("Child"))
                .setTaskQueue(TaskQueue.newBuilder().setName(HistoryTestBase.QUEUE))
                .setParentClosePolicy(policy))
        .build();
  }
}
