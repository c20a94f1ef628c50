package dev.aevum.server.history.internal.query;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.aevum.proto.matching.QueryTaskRequest;
import dev.aevum.proto.persistence.MutableState;
import dev.aevum.server.common.Errors;
import dev.aevum.server.history.internal.execution.HistoryReader;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.ShardContext;
import dev.aevum.server.history.internal.workflow.StartWorkflow;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.QueryRejectCondition;
import io.temporal.api.enums.v1.QueryResultType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.History;
import io.temporal.api.query.v1.QueryRejected;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedRequest;
import java.util.Optional;

/**
 * QueryWorkflow through a query task: the worker that holds the workflow (its sticky queue, else
 * any worker of the normal queue, which then replays full history) answers through matching.
 */
public final class Queries {
  private Queries() {}

  /** What to send to matching, or the answer when the query is rejected without asking a worker. */
  public record Plan(
      RunKey key,
      Optional<QueryWorkflowResponse> rejected,
      Optional<QueryTaskRequest> sticky,
      QueryTaskRequest normal,
      boolean firstTaskPending,
      boolean taskScheduled) {}

  public static Plan plan(
      ShardContext shard, String namespaceId, String namespace, QueryWorkflowRequest request) {
    var execution = request.getExecution();
    RunKey key = shard.resolve(namespaceId, execution.getWorkflowId(), execution.getRunId());
    MutableState state =
        shard.read(key).orElseThrow(() -> Errors.notFound("workflow execution not found"));
    var info = state.getExecution();
    WorkflowExecutionStatus status = WorkflowExecutionStatus.forNumber(info.getStatus());
    boolean running = status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    QueryRejectCondition condition = request.getQueryRejectCondition();
    if ((condition == QueryRejectCondition.QUERY_REJECT_CONDITION_NOT_OPEN && !running)
        || (condition == QueryRejectCondition.QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY
            && !running
            && status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED)) {
      return new Plan(
          key,
          Optional.of(
              QueryWorkflowResponse.newBuilder()
                  .setQueryRejected(QueryRejected.newBuilder().setStatus(status))
                  .build()),
          Optional.empty(),
          null,
          false,
          false);
    }
    if (running && state.hasWorkflowTask() && state.getWorkflowTask().getAttempt() >= 3) {
      throw Errors.workflowNotReady(
          "Workflow task is not ready yet: it failed "
              + (state.getWorkflowTask().getAttempt() - 1)
              + " times; the query cannot be answered now.");
    }
    if (running && state.getLastCompletedWorkflowTaskStartedEventId() == 0) {
      // Like Temporal, wait for the first workflow task: before it the workflow has no handlers.
      return new Plan(key, Optional.empty(), Optional.empty(), null, true, false);
    }
    PollWorkflowTaskQueueResponse.Builder task =
        PollWorkflowTaskQueueResponse.newBuilder()
            .setWorkflowExecution(StartWorkflow.execution(key))
            .setWorkflowType(WorkflowType.newBuilder().setName(info.getWorkflowType()))
            .setPreviousStartedEventId(state.getLastCompletedWorkflowTaskStartedEventId())
            .setAttempt(1)
            .setQuery(
                WorkflowQuery.newBuilder()
                    .setQueryType(request.getQuery().getQueryType())
                    .setQueryArgs(request.getQuery().getQueryArgs())
                    .setHeader(request.getQuery().getHeader()))
            .setWorkflowExecutionTaskQueue(
                TaskQueue.newBuilder()
                    .setName(info.getTaskQueue())
                    .setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL));
    Optional<QueryTaskRequest> sticky = Optional.empty();
    if (running && !state.getStickyTaskQueue().isEmpty()) {
      // The sticky worker has the workflow cached: it needs no history.
      sticky =
          Optional.of(
              request(
                  namespaceId,
                  namespace,
                  key,
                  state.getStickyTaskQueue(),
                  TaskQueueKind.TASK_QUEUE_KIND_STICKY,
                  task.clone().setHistory(History.getDefaultInstance()).build()));
    }
    var events = HistoryReader.read(shard, key, 1, state.getNextEventId());
    QueryTaskRequest normal =
        request(
            namespaceId,
            namespace,
            key,
            info.getTaskQueue(),
            TaskQueueKind.TASK_QUEUE_KIND_NORMAL,
            task.setHistory(History.newBuilder().addAllEvents(events)).build());
    // A scheduled task carries the query, answered after the events before it; while a task
    // runs, the query goes to the worker at once, as with Temporal.
    boolean taskScheduled =
        running && state.hasWorkflowTask() && state.getWorkflowTask().getStartedEventId() == 0;
    return new Plan(key, Optional.empty(), sticky, normal, false, taskScheduled);
  }

  private static QueryTaskRequest request(
      String namespaceId,
      String namespace,
      RunKey key,
      String queue,
      TaskQueueKind kind,
      PollWorkflowTaskQueueResponse task) {
    return QueryTaskRequest.newBuilder()
        .setNamespaceId(namespaceId)
        .setNamespace(namespace)
        .setTaskQueue(queue)
        .setTaskQueueKind(kind.getNumber())
        .setPollResponse(task.toByteString())
        .setWorkflowId(key.workflowId())
        .setRunId(key.runId())
        .build();
  }

  /** Turns the worker's answer into the caller's response or a QueryFailed error. */
  public static QueryWorkflowResponse answer(ByteString completion) {
    RespondQueryTaskCompletedRequest done;
    try {
      done = RespondQueryTaskCompletedRequest.parseFrom(completion);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("matching returned a malformed query answer", e);
    }
    if (done.getCompletedType() == QueryResultType.QUERY_RESULT_TYPE_ANSWERED) {
      return QueryWorkflowResponse.newBuilder().setQueryResult(done.getQueryResult()).build();
    }
    throw Errors.queryFailed(done.getErrorMessage(), done.getFailure());
  }
}
