package dev.aevum.server.history.internal.workflowtask;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import dev.aevum.proto.persistence.MutableState;
import dev.aevum.proto.persistence.WorkflowTaskInfo;
import dev.aevum.proto.token.TaskToken;
import dev.aevum.server.history.internal.execution.HistoryReader;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.ShardContext;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowTaskScheduledEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskStartedEventAttributes;
import io.temporal.api.protocol.v1.Message;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.util.List;

/** Builds the poll response that hands a started workflow task to a worker. */
public final class PollResponses {
  private PollResponses() {}

  /**
   * @param pollQueue the queue the worker polled; a poll of the run's sticky queue gets only the
   *     events after the last completed task, which that worker has cached
   */
  public static PollWorkflowTaskQueueResponse workflowTask(
      ShardContext shard,
      RunKey key,
      MutableState state,
      String pollQueue,
      List<Message> messages) {
    WorkflowTaskInfo task = state.getWorkflowTask();
    var execution = state.getExecution();
    boolean stickyPoll =
        !state.getStickyTaskQueue().isEmpty() && pollQueue.equals(state.getStickyTaskQueue());
    long previousStarted = state.getLastCompletedWorkflowTaskStartedEventId();
    long first = stickyPoll && previousStarted > 0 ? previousStarted + 1 : 1;
    List<HistoryEvent> events = HistoryReader.read(shard, key, first, state.getNextEventId());
    History.Builder history = History.newBuilder().addAllEvents(events);
    if (task.getTransient()) {
      addTransientEvents(history, task);
    }
    TaskToken token =
        TaskToken.newBuilder()
            .setKind(TaskToken.Kind.WORKFLOW_TASK)
            .setNamespaceId(key.namespaceId())
            .setWorkflowId(key.workflowId())
            .setRunId(key.runId())
            .setScheduledEventId(task.getScheduledEventId())
            .setStartedEventId(task.getStartedEventId())
            .setAttempt(task.getAttempt())
            .setStartedTimeMs(task.getStartedTimeMs())
            .build();
    return PollWorkflowTaskQueueResponse.newBuilder()
        .setTaskToken(ByteString.copyFrom(token.toByteArray()))
        .setWorkflowExecution(
            WorkflowExecution.newBuilder().setWorkflowId(key.workflowId()).setRunId(key.runId()))
        .setWorkflowType(WorkflowType.newBuilder().setName(execution.getWorkflowType()))
        .setPreviousStartedEventId(previousStarted)
        .setStartedEventId(task.getStartedEventId())
        .setAttempt(task.getAttempt())
        .setHistory(history)
        .setScheduledTime(Timestamps.fromMillis(task.getScheduledTimeMs()))
        .setStartedTime(Timestamps.fromMillis(task.getStartedTimeMs()))
        .setWorkflowExecutionTaskQueue(
            TaskQueue.newBuilder()
                .setName(execution.getTaskQueue())
                .setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL))
        .addAllMessages(messages)
        .build();
  }

  private static void addTransientEvents(History.Builder history, WorkflowTaskInfo task) {
    var time = Timestamps.fromMillis(task.getScheduledTimeMs());
    history.addEvents(
        HistoryEvent.newBuilder()
            .setEventId(task.getScheduledEventId())
            .setEventTime(time)
            .setEventType(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)
            .setWorkflowTaskScheduledEventAttributes(
                WorkflowTaskScheduledEventAttributes.newBuilder()
                    .setTaskQueue(
                        TaskQueue.newBuilder()
                            .setName(task.getTaskQueue())
                            .setKind(TaskQueueKind.forNumber(task.getTaskQueueKind())))
                    .setStartToCloseTimeout(Durations.fromMillis(task.getStartToCloseTimeoutMs()))
                    .setAttempt(task.getAttempt())));
    history.addEvents(
        HistoryEvent.newBuilder()
            .setEventId(task.getStartedEventId())
            .setEventTime(Timestamps.fromMillis(task.getStartedTimeMs()))
            .setEventType(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
            .setWorkflowTaskStartedEventAttributes(
                WorkflowTaskStartedEventAttributes.newBuilder()
                    .setScheduledEventId(task.getScheduledEventId())
                    .setIdentity(task.getIdentity())
                    .setRequestId(task.getRequestId())));
  }
}
