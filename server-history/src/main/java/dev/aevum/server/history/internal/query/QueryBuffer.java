package dev.aevum.server.history.internal.query;

import dev.aevum.proto.persistence.MutableState;
import dev.aevum.server.common.Errors;
import dev.aevum.server.history.internal.execution.RunKey;
import io.temporal.api.enums.v1.QueryResultType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.query.v1.WorkflowQueryResult;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Consistent queries: a query that arrives while a workflow task is scheduled rides on that task,
 * so the worker answers it after applying every event before it. A query the task does not answer
 * (the task failed, timed out or ignored it, or it vanished before starting) falls back to a query
 * task.
 */
public final class QueryBuffer {
  /**
   * Buffered queries per run, like Temporal's history.MaxBufferedQueryCount (raised from its
   * default 1).
   */
  static final int MAX_PER_RUN = 10;

  private final Map<RunKey, Map<String, Buffered>> runs = new HashMap<>();

  private static final class Buffered {
    final WorkflowQuery query;
    final Consumer<QueryWorkflowResponse> onAnswer;
    final Consumer<Throwable> onError;
    final Runnable fallback;

    /** Started event id of the workflow task that carries it; 0 until delivered. */
    long deliveredWith;

    Buffered(
        WorkflowQuery query,
        Consumer<QueryWorkflowResponse> onAnswer,
        Consumer<Throwable> onError,
        Runnable fallback) {
      this.query = query;
      this.onAnswer = onAnswer;
      this.onError = onError;
      this.fallback = fallback;
    }
  }

  /**
   * @return the buffered query's id, or empty when the run's buffer is full
   */
  public synchronized Optional<String> buffer(
      RunKey key,
      WorkflowQuery query,
      Consumer<QueryWorkflowResponse> onAnswer,
      Consumer<Throwable> onError,
      Runnable fallback) {
    Map<String, Buffered> queries = runs.computeIfAbsent(key, k -> new LinkedHashMap<>());
    if (queries.size() >= MAX_PER_RUN) {
      return Optional.empty();
    }
    String id = UUID.randomUUID().toString();
    queries.put(id, new Buffered(query, onAnswer, onError, fallback));
    return Optional.of(id);
  }

  /**
   * Takes back a query no task carries yet (the task it was meant for started before it was
   * buffered).
   *
   * @return true if it was taken back; false if a task carries it already
   */
  public synchronized boolean takeBackUndelivered(RunKey key, String id) {
    Map<String, Buffered> queries = runs.get(key);
    Buffered q = queries == null ? null : queries.get(id);
    if (q == null || q.deliveredWith != 0) {
      return false;
    }
    queries.remove(id);
    if (queries.isEmpty()) {
      runs.remove(key);
    }
    return true;
  }

  /** The queries a workflow task started as {@code startedEventId} carries. */
  public synchronized Map<String, WorkflowQuery> deliver(RunKey key, long startedEventId) {
    Map<String, WorkflowQuery> delivered = new LinkedHashMap<>();
    runs.getOrDefault(key, Map.of())
        .forEach(
            (id, q) -> {
              if (q.deliveredWith == 0) {
                q.deliveredWith = startedEventId;
                delivered.put(id, q.query);
              }
            });
    return delivered;
  }

  /** The worker's answers, from a completed workflow task. */
  public void answer(RunKey key, Map<String, WorkflowQueryResult> results) {
    List<Map.Entry<Buffered, WorkflowQueryResult>> answered = new ArrayList<>();
    synchronized (this) {
      Map<String, Buffered> queries = runs.get(key);
      if (queries == null) {
        return;
      }
      results.forEach(
          (id, result) -> {
            Buffered q = queries.remove(id);
            if (q != null) {
              answered.add(Map.entry(q, result));
            }
          });
      if (queries.isEmpty()) {
        runs.remove(key);
      }
    }
    for (var entry : answered) {
      WorkflowQueryResult result = entry.getValue();
      if (result.getResultType() == QueryResultType.QUERY_RESULT_TYPE_ANSWERED) {
        entry
            .getKey()
            .onAnswer
            .accept(QueryWorkflowResponse.newBuilder().setQueryResult(result.getAnswer()).build());
      } else {
        entry
            .getKey()
            .onError
            .accept(Errors.queryFailed(result.getErrorMessage(), result.getFailure()));
      }
    }
  }

  /**
   * After every commit of the run: delivered queries whose workflow task is no longer running
   * unanswered, and undelivered ones no task is pending for, go to a query task instead.
   */
  public void committed(RunKey key, MutableState state) {
    List<Buffered> orphans = new ArrayList<>();
    synchronized (this) {
      Map<String, Buffered> queries = runs.get(key);
      if (queries == null) {
        return;
      }
      boolean taskPending = state.hasWorkflowTask();
      long running = taskPending ? state.getWorkflowTask().getStartedEventId() : 0;
      boolean open =
          state.getExecution().getStatus()
              == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE;
      queries
          .values()
          .removeIf(
              q -> {
                boolean orphan =
                    !open
                        || (q.deliveredWith != 0 && q.deliveredWith != running)
                        || (q.deliveredWith == 0 && !taskPending);
                if (orphan) {
                  orphans.add(q);
                }
                return orphan;
              });
      if (queries.isEmpty()) {
        runs.remove(key);
      }
    }
    orphans.forEach(q -> q.fallback.run());
  }
}
