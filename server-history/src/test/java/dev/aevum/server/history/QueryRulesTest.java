package dev.aevum.server.history;

import static dev.aevum.server.history.Commands.startTimer;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.aevum.server.common.api.HistoryApi;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.QueryResultType;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.query.v1.WorkflowQueryResult;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Queries that meet a scheduled workflow task wait for it and ride along with it; queries that meet
 * a running one go to a query task at once.
 */
class QueryRulesTest extends HistoryTestBase {

  @Test
  void aQueryMeetingAScheduledTaskIsDeliveredWithThatTaskAndAnsweredByItsCompletion() {
    var run = start("wf-buffered-query");
    complete(takeWorkflowTask(), startTimer("t", Duration.ofSeconds(1)));
    advance(Duration.ofSeconds(1)); // the timer fires: a new task is scheduled, not started

    var answer =
        callAsync(
            HistoryApi.QUERY_WORKFLOW,
            run.getWorkflowId(),
            QueryWorkflowRequest.newBuilder()
                .setNamespace(NS)
                .setExecution(run)
                .setQuery(WorkflowQuery.newBuilder().setQueryType("state"))
                .build());
    // Direct executors: the call has been handled (and the query buffered) when callAsync returns.
    assertThat(answer).isNotDone();

    var task = takeWorkflowTask();
    assertThat(task.getQueriesMap()).hasSize(1);
    String queryId = task.getQueriesMap().keySet().iterator().next();
    assertThat(task.getQueriesMap().get(queryId).getQueryType()).isEqualTo("state");

    Payloads ready =
        Payloads.newBuilder()
            .addPayloads(Payload.newBuilder().setData(ByteString.copyFromUtf8("\"ready\"")))
            .build();
    call(
        HistoryApi.RESPOND_WORKFLOW_TASK_COMPLETED,
        run.getWorkflowId(),
        RespondWorkflowTaskCompletedRequest.newBuilder()
            .setNamespace(NS)
            .setTaskToken(task.getTaskToken())
            .setIdentity("test-worker")
            .putQueryResults(
                queryId,
                WorkflowQueryResult.newBuilder()
                    .setResultType(QueryResultType.QUERY_RESULT_TYPE_ANSWERED)
                    .setAnswer(ready)
                    .build())
            .build());

    assertThat(await(answer).getQueryResult()).isEqualTo(ready);
  }

  @Test
  void aQueryMeetingARunningTaskGoesToAQueryTaskAtOnceAndIsAnsweredFromIt() {
    var run = start("wf-query-running-task");
    complete(takeWorkflowTask(), startTimer("t", Duration.ofSeconds(1)));
    advance(Duration.ofSeconds(1));
    takeWorkflowTask(); // started: the worker is applying the timer's event

    var answer =
        callAsync(
            HistoryApi.QUERY_WORKFLOW,
            run.getWorkflowId(),
            QueryWorkflowRequest.newBuilder()
                .setNamespace(NS)
                .setExecution(run)
                .setQuery(WorkflowQuery.newBuilder().setQueryType("state"))
                .build());

    // As with Temporal, the query does not wait for the running task.
    var queryTask = matching.nextQueryTask(WAIT).orElseThrow();
    assertThat(queryTask.request().getWorkflowId()).isEqualTo(run.getWorkflowId());
    Payloads now =
        Payloads.newBuilder()
            .addPayloads(Payload.newBuilder().setData(ByteString.copyFromUtf8("\"now\"")))
            .build();
    queryTask.answer(
        RespondQueryTaskCompletedRequest.newBuilder()
            .setCompletedType(QueryResultType.QUERY_RESULT_TYPE_ANSWERED)
            .setQueryResult(now)
            .build()
            .toByteString());

    assertThat(await(answer).getQueryResult()).isEqualTo(now);
  }
}
