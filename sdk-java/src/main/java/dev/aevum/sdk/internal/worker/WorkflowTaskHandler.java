package dev.aevum.sdk.internal.worker;

import com.google.protobuf.ByteString;
import dev.aevum.sdk.ContextPropagator;
import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.failure.ApplicationFailure;
import dev.aevum.sdk.internal.common.FailureConverter;
import dev.aevum.sdk.internal.common.Rpc;
import dev.aevum.sdk.internal.replay.LocalActivityExecutor;
import dev.aevum.sdk.internal.replay.WorkflowEntryPoint;
import dev.aevum.sdk.internal.replay.WorkflowExecutionRunner;
import dev.aevum.sdk.internal.replay.WorkflowTaskFailedException;
import io.temporal.api.command.v1.Command;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.QueryResultType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.query.v1.WorkflowQueryResult;
import io.temporal.api.taskqueue.v1.StickyExecutionAttributes;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedResponse;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Handles one workflow task: continues a cached execution with the new events (sticky execution),
 * or replays the full history with a fresh runner, and answers with the new commands (or a task
 * failure the server will retry).
 */
final class WorkflowTaskHandler {
  private static final System.Logger LOG = System.getLogger(WorkflowTaskHandler.class.getName());

  private final Rpc rpc;
  private final String namespace;
  private final String identity;
  private final WorkflowRegistry registry;
  private final DataConverter converter;
  private final FailureConverter failures;
  private final Duration deadlockTimeout;
  private final WorkflowCache cache;
  private final Optional<StickyExecutionAttributes> sticky;
  private final LocalActivityExecutor localActivities;
  private final List<ContextPropagator> propagators;

  WorkflowTaskHandler(
      Rpc rpc,
      String namespace,
      String identity,
      WorkflowRegistry registry,
      DataConverter converter,
      Duration deadlockTimeout,
      WorkflowCache cache,
      Optional<StickyExecutionAttributes> sticky,
      LocalActivityExecutor localActivities,
      List<ContextPropagator> propagators) {
    this.localActivities = localActivities;
    this.propagators = propagators;
    this.cache = cache;
    this.sticky = sticky;
    this.rpc = rpc;
    this.namespace = namespace;
    this.identity = identity;
    this.registry = registry;
    this.converter = converter;
    this.failures = new FailureConverter(converter);
    this.deadlockTimeout = deadlockTimeout;
  }

  void handle(PollWorkflowTaskQueueResponse task) {
    Optional<PollWorkflowTaskQueueResponse> next = Optional.of(task);
    // A heartbeated task can come back in the response (return_new_workflow_task): handle it here.
    while (next.isPresent()) {
      next = handleOne(next.get());
    }
  }

  /** Handles one task; returns the next task when the server handed it back with the response. */
  private Optional<PollWorkflowTaskQueueResponse> handleOne(PollWorkflowTaskQueueResponse task) {
    long received = System.nanoTime();
    String type = task.getWorkflowType().getName();
    Optional<WorkflowEntryPoint> entryPoint = registry.entryPoint(type, converter);
    if (entryPoint.isEmpty() && task.hasQuery()) {
      respondQuery(
          task, Optional.empty(), "workflow type " + type + " is not registered with this worker");
      return Optional.empty();
    }
    if (entryPoint.isEmpty()) {
      fail(
          task,
          WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE,
          failures.toFailure(
              ApplicationFailure.newFailure(
                  "workflow type "
                      + type
                      + " is not registered with this worker; registered: "
                      + registry.types(),
                  "UnknownWorkflowType")));
      return Optional.empty();
    }
    String runId = task.getWorkflowExecution().getRunId();
    List<HistoryEvent> events = new ArrayList<>(task.getHistory().getEventsList());
    Optional<WorkflowExecutionRunner> cached = cache.take(runId);
    Optional<List<HistoryEvent>> continuation = cached.flatMap(r -> continuation(r, task, events));
    boolean fromCache =
        continuation.isPresent() || (cached.isPresent() && task.hasQuery() && events.isEmpty());
    WorkflowExecutionRunner runner;
    List<HistoryEvent> newEvents;
    if (fromCache) {
      runner = cached.get();
      newEvents = continuation.orElse(events);
    } else {
      cached.ifPresent(WorkflowExecutionRunner::close);
      runner =
          new WorkflowExecutionRunner(
              entryPoint.get(),
              converter,
              namespace,
              task.getWorkflowExecution().getWorkflowId(),
              runId,
              deadlockTimeout);
      runner.useLocalActivityExecutor(localActivities);
      runner.useContextPropagators(propagators);
      runner.useInterceptors(registry.interceptors());
      // A sticky task carries only new events; without the cached state we need them all.
      newEvents =
          !events.isEmpty() && events.get(0).getEventId() == 1
              ? withRemainingPages(task, events)
              : historyFromStart(task);
    }
    if (task.hasQuery()) {
      answerLegacyQuery(task, runner, newEvents, fromCache);
      return Optional.empty();
    }
    return complete(task, runner, newEvents, received);
  }

  /**
   * Runs the task's events and answers. When local activities still run at 80% of the workflow task
   * timeout, the answer is a heartbeat: the commands so far and a request for a new task at once,
   * in which the activities go on (the runner is kept for it, whatever the cache size).
   */
  private Optional<PollWorkflowTaskQueueResponse> complete(
      PollWorkflowTaskQueueResponse task,
      WorkflowExecutionRunner runner,
      List<HistoryEvent> events,
      long received) {
    String runId = task.getWorkflowExecution().getRunId();
    RespondWorkflowTaskCompletedRequest.Builder request;
    boolean heartbeat;
    try {
      List<Command> commands = runner.process(events, task.getMessagesList(), received);
      heartbeat = runner.hasRunningLocalActivities();
      request =
          RespondWorkflowTaskCompletedRequest.newBuilder()
              .setNamespace(namespace)
              .setTaskToken(task.getTaskToken())
              .setIdentity(identity)
              .addAllCommands(commands)
              .addAllMessages(runner.newMessages())
              .putAllQueryResults(answerQueries(runner, task.getQueriesMap()))
              .setForceCreateNewWorkflowTask(heartbeat)
              .setReturnNewWorkflowTask(heartbeat);
    } catch (WorkflowTaskFailedException e) {
      runner.close();
      LOG.log(
          Level.WARNING,
          "workflow task of "
              + task.getWorkflowExecution().getWorkflowId()
              + " failed: "
              + e.getMessage());
      fail(task, e.failedCause(), failures.toFailure(e.getCause()));
      rpc.metrics()
          .workflowTask(
              task.getWorkflowType().getName(),
              task.getWorkflowExecutionTaskQueue().getName(),
              System.nanoTime() - received,
              true);
      return Optional.empty();
    } catch (RuntimeException e) {
      runner.close();
      throw e;
    }
    boolean keep = (heartbeat || cache.isEnabled()) && !runner.isClosed();
    if (keep && cache.isEnabled()) {
      sticky.ifPresent(request::setStickyAttributes);
    }
    // Kept before answering: after a heartbeat the next task exists at once, and another poller
    // thread may get it.
    if (keep && heartbeat) {
      cache.park(runId, runner);
    } else if (keep) {
      cache.put(runId, runner);
    }
    RespondWorkflowTaskCompletedResponse response;
    try {
      response =
          rpc.call(
              "RespondWorkflowTaskCompleted", s -> s.respondWorkflowTaskCompleted(request.build()));
    } catch (RuntimeException e) {
      if (!keep || cache.remove(runId, runner)) {
        runner.close();
      }
      throw e;
    }
    if (!keep) {
      runner.close();
    }
    recordCompletion(task, request, received);
    boolean handedBack =
        heartbeat
            && response.hasWorkflowTask()
            && !response.getWorkflowTask().getTaskToken().isEmpty();
    return handedBack ? Optional.of(response.getWorkflowTask()) : Optional.empty();
  }

  private void recordCompletion(
      PollWorkflowTaskQueueResponse task,
      RespondWorkflowTaskCompletedRequest.Builder request,
      long received) {
    String type = task.getWorkflowType().getName();
    String queue = task.getWorkflowExecutionTaskQueue().getName();
    rpc.metrics().workflowTask(type, queue, System.nanoTime() - received, false);
    for (Command command : request.getCommandsList()) {
      switch (command.getCommandType()) {
        case COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION ->
            rpc.metrics().workflowClosed(type, queue, "completed");
        case COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION ->
            rpc.metrics().workflowClosed(type, queue, "failed");
        case COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION ->
            rpc.metrics().workflowClosed(type, queue, "canceled");
        case COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION ->
            rpc.metrics().workflowClosed(type, queue, "continue_as_new");
        default -> {}
      }
    }
  }

  /**
   * The events a cached runner has not seen, when the task goes on from where it stopped: a sticky
   * task's new events, or the tail of a full history (a heartbeated execution without sticky
   * queue).
   */
  private Optional<List<HistoryEvent>> continuation(
      WorkflowExecutionRunner runner,
      PollWorkflowTaskQueueResponse task,
      List<HistoryEvent> events) {
    long next = runner.lastEventId() + 1;
    if (events.isEmpty() || events.get(0).getEventId() > next) {
      return Optional.empty();
    }
    List<HistoryEvent> all = withRemainingPages(task, new ArrayList<>(events));
    int skip = (int) (next - all.get(0).getEventId()); // event ids are consecutive
    if (skip >= all.size()
        || all.get(skip).getEventId() != next
        || all.get(skip).getEventType() != EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
      return Optional.empty();
    }
    return Optional.of(new ArrayList<>(all.subList(skip, all.size())));
  }

  private List<HistoryEvent> historyFromStart(PollWorkflowTaskQueueResponse task) {
    return fetchPages(task, new ArrayList<>(), ByteString.EMPTY, true);
  }

  private List<HistoryEvent> withRemainingPages(
      PollWorkflowTaskQueueResponse task, List<HistoryEvent> events) {
    return fetchPages(task, events, task.getNextPageToken(), false);
  }

  private List<HistoryEvent> fetchPages(
      PollWorkflowTaskQueueResponse task,
      List<HistoryEvent> events,
      ByteString firstToken,
      boolean fromStart) {
    ByteString token = firstToken;
    boolean first = fromStart;
    while (first || !token.isEmpty()) {
      first = false;
      GetWorkflowExecutionHistoryRequest request =
          GetWorkflowExecutionHistoryRequest.newBuilder()
              .setNamespace(namespace)
              .setExecution(task.getWorkflowExecution())
              .setNextPageToken(token)
              .build();
      GetWorkflowExecutionHistoryResponse page =
          rpc.call("GetWorkflowExecutionHistory", s -> s.getWorkflowExecutionHistory(request));
      events.addAll(page.getHistory().getEventsList());
      token = page.getNextPageToken();
    }
    return events;
  }

  private void fail(
      PollWorkflowTaskQueueResponse task, WorkflowTaskFailedCause cause, Failure failure) {
    RespondWorkflowTaskFailedRequest request =
        RespondWorkflowTaskFailedRequest.newBuilder()
            .setNamespace(namespace)
            .setTaskToken(task.getTaskToken())
            .setIdentity(identity)
            .setCause(cause)
            .setFailure(failure)
            .build();
    rpc.call("RespondWorkflowTaskFailed", s -> s.respondWorkflowTaskFailed(request));
  }

  /**
   * A query task (not a workflow task): bring the execution up to date, run the handler, answer.
   */
  private void answerLegacyQuery(
      PollWorkflowTaskQueueResponse task,
      WorkflowExecutionRunner runner,
      List<HistoryEvent> events,
      boolean fromCache) {
    boolean keep = false;
    try {
      if (!events.isEmpty()) {
        runner.process(events);
      }
      WorkflowQuery query = task.getQuery();
      Optional<Payloads> answer =
          runner.query(
              query.getQueryType(),
              query.hasQueryArgs() ? Optional.of(query.getQueryArgs()) : Optional.empty());
      keep = fromCache && events.isEmpty();
      respondQuery(task, answer, "");
    } catch (RuntimeException e) {
      keep = false;
      respondQuery(task, Optional.empty(), messageOf(e));
    } finally {
      if (keep && runner.hasRunningLocalActivities()) {
        cache.park(
            task.getWorkflowExecution().getRunId(),
            runner); // its task was heartbeated: keep it whatever the cache size
      } else if (keep) {
        cache.putBack(task.getWorkflowExecution().getRunId(), runner);
      } else {
        runner.close();
      }
    }
  }

  /** Queries that arrived with a workflow task are answered in the same response. */
  private Map<String, WorkflowQueryResult> answerQueries(
      WorkflowExecutionRunner runner, Map<String, WorkflowQuery> queries) {
    Map<String, WorkflowQueryResult> results = new LinkedHashMap<>();
    queries.forEach(
        (id, query) -> {
          WorkflowQueryResult.Builder result = WorkflowQueryResult.newBuilder();
          try {
            runner
                .query(
                    query.getQueryType(),
                    query.hasQueryArgs() ? Optional.of(query.getQueryArgs()) : Optional.empty())
                .ifPresent(result::setAnswer);
            result.setResultType(QueryResultType.QUERY_RESULT_TYPE_ANSWERED);
          } catch (RuntimeException e) {
            result
                .setResultType(QueryResultType.QUERY_RESULT_TYPE_FAILED)
                .setErrorMessage(messageOf(e));
          }
          results.put(id, result.build());
        });
    return results;
  }

  private static String messageOf(RuntimeException e) {
    Throwable cause =
        e instanceof WorkflowTaskFailedException && e.getCause() != null ? e.getCause() : e;
    return cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
  }

  private void respondQuery(
      PollWorkflowTaskQueueResponse task, Optional<Payloads> answer, String error) {
    RespondQueryTaskCompletedRequest.Builder request =
        RespondQueryTaskCompletedRequest.newBuilder()
            .setNamespace(namespace)
            .setTaskToken(task.getTaskToken())
            .setCompletedType(
                error.isEmpty()
                    ? QueryResultType.QUERY_RESULT_TYPE_ANSWERED
                    : QueryResultType.QUERY_RESULT_TYPE_FAILED)
            .setErrorMessage(error);
    answer.ifPresent(request::setQueryResult);
    rpc.call("RespondQueryTaskCompleted", s -> s.respondQueryTaskCompleted(request.build()));
  }
}
