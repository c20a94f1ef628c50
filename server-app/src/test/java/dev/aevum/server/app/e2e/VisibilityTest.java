package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** List, Count and Scan of workflow executions by visibility query, through the official SDK. */
class VisibilityTest extends ServerTest {
  private static final SearchAttributeKey<String> CUSTOMER =
      SearchAttributeKey.forKeyword("CustomKeywordField");
  private static final SearchAttributeKey<Long> AMOUNT =
      SearchAttributeKey.forLong("CustomIntField");

  @WorkflowInterface
  public interface OrderWorkflow {
    @WorkflowMethod
    String order();

    @SignalMethod
    void ship();
  }

  public static class OrderWorkflowImpl implements OrderWorkflow {
    private boolean shipped;

    @Override
    public String order() {
      Workflow.await(() -> shipped);
      Workflow.upsertTypedSearchAttributes(CUSTOMER.valueSet("shipped"));
      return "shipped";
    }

    @Override
    public void ship() {
      shipped = true;
    }
  }

  @WorkflowInterface
  public interface QuickWorkflow {
    @WorkflowMethod
    String quick();
  }

  public static class QuickWorkflowImpl implements QuickWorkflow {
    @Override
    public String quick() {
      return "done";
    }
  }

  /** Three orders (acme 10, acme 20, globex 30; the first one shipped) and two quick runs. */
  private String fiveRuns() {
    String taskQueue = unique("visibility");
    var worker = worker(taskQueue);
    worker.registerWorkflowImplementationTypes(OrderWorkflowImpl.class, QuickWorkflowImpl.class);
    startWorkers();
    List<OrderWorkflow> orders =
        List.of(
            order(taskQueue, "acme", 10),
            order(taskQueue, "acme", 20),
            order(taskQueue, "globex", 30));
    for (int i = 0; i < 2; i++) {
      QuickWorkflow quick =
          client.newWorkflowStub(
              QuickWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setTaskQueue(taskQueue)
                  .setWorkflowId(unique("quick"))
                  .build());
      assertThat(quick.quick()).isEqualTo("done");
    }
    orders.get(0).ship();
    assertThat(WorkflowStub.fromTyped(orders.get(0)).getResult(String.class)).isEqualTo("shipped");
    return taskQueue;
  }

  private OrderWorkflow order(String taskQueue, String customer, long amount) {
    OrderWorkflow order =
        client.newWorkflowStub(
            OrderWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(taskQueue)
                .setWorkflowId(unique("order"))
                .setTypedSearchAttributes(
                    SearchAttributes.newBuilder()
                        .set(CUSTOMER, customer)
                        .set(AMOUNT, amount)
                        .build())
                .build());
    WorkflowClient.start(order::order);
    return order;
  }

  private Set<String> ids(String query) {
    return client
        .listExecutions(query)
        .map(m -> m.getExecution().getWorkflowId())
        .collect(Collectors.toSet());
  }

  private long count(String query) {
    return client.countWorkflows(query).getCount();
  }

  @Test
  void listsAndCountsByTypeStatusTimeAndSearchAttributes() {
    String taskQueue = fiveRuns();
    String scope = "TaskQueue = '" + taskQueue + "'";

    List<WorkflowExecutionMetadata> all = client.listExecutions(scope).collect(Collectors.toList());
    assertThat(all).hasSize(5);
    assertThat(all)
        .extracting(m -> m.getWorkflowType())
        .containsOnly("OrderWorkflow", "QuickWorkflow");
    assertThat(all.get(0).getStartTime())
        .isAfterOrEqualTo(all.get(4).getStartTime()); // newest first

    assertThat(count(scope + " AND WorkflowType = 'OrderWorkflow' AND ExecutionStatus = 'Running'"))
        .isEqualTo(2);
    assertThat(count(scope + " AND ExecutionStatus IN ('Completed', 'Failed')")).isEqualTo(3);
    assertThat(count(scope + " AND CloseTime IS NOT NULL")).isEqualTo(3);
    assertThat(count(scope + " AND CloseTime IS NULL")).isEqualTo(2);
    assertThat(
            count(
                scope
                    + " AND StartTime > '2000-01-01T00:00:00Z' AND StartTime < '2999-01-01T00:00:00Z'"))
        .isEqualTo(5);
    assertThat(count(scope + " AND WorkflowId STARTS_WITH 'quick-'")).isEqualTo(2);

    // Custom search attributes: set at start, changed by an upsert in the workflow.
    assertThat(count(scope + " AND CustomKeywordField = 'acme'")).isEqualTo(1);
    assertThat(count(scope + " AND CustomKeywordField = 'shipped'")).isEqualTo(1);
    assertThat(count(scope + " AND CustomIntField > 15")).isEqualTo(2);
    assertThat(
            count(scope + " AND CustomIntField BETWEEN 10 AND 20 AND ExecutionStatus = 'Running'"))
        .isEqualTo(1);
    assertThat(
            count(scope + " AND (CustomKeywordField = 'globex' OR WorkflowType = 'QuickWorkflow')"))
        .isEqualTo(3);
    assertThat(count(scope + " AND CustomKeywordField IS NULL")).isEqualTo(2);

    WorkflowExecutionMetadata globex =
        client
            .listExecutions(scope + " AND CustomKeywordField = 'globex'")
            .findFirst()
            .orElseThrow();
    assertThat(globex.getTypedSearchAttributes().get(AMOUNT)).isEqualTo(30L);
    assertThat(globex.getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);

    CountWorkflowExecutionsResponse groups =
        cluster
            .blocking()
            .countWorkflowExecutions(
                CountWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(TestCluster.NAMESPACE)
                    .setQuery(scope + " GROUP BY ExecutionStatus")
                    .build());
    assertThat(groups.getCount()).isEqualTo(5);
    Map<String, Long> byStatus =
        groups.getGroupsList().stream()
            .collect(
                Collectors.toMap(
                    g ->
                        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                            g.getGroupValues(0), String.class, String.class),
                    CountWorkflowExecutionsResponse.AggregationGroup::getCount));
    assertThat(byStatus).isEqualTo(Map.of("Running", 2L, "Completed", 3L));
  }

  @Test
  void pagesCoverEveryRunOnceAndOldListCallsFilterOpenAndClosed() {
    String taskQueue = fiveRuns();
    String scope = "TaskQueue = '" + taskQueue + "'";
    Set<String> seen = new HashSet<>();
    int pages = 0;
    ByteString token = ByteString.EMPTY;
    do {
      ListWorkflowExecutionsResponse page =
          cluster
              .blocking()
              .listWorkflowExecutions(
                  ListWorkflowExecutionsRequest.newBuilder()
                      .setNamespace(TestCluster.NAMESPACE)
                      .setQuery(scope)
                      .setPageSize(2)
                      .setNextPageToken(token)
                      .build());
      assertThat(page.getExecutionsCount()).isLessThanOrEqualTo(2);
      page.getExecutionsList()
          .forEach(e -> assertThat(seen.add(e.getExecution().getWorkflowId())).isTrue());
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty());
    assertThat(seen).hasSize(5);
    assertThat(pages).isEqualTo(3);

    long open =
        cluster
            .blocking()
            .listOpenWorkflowExecutions(
                ListOpenWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(TestCluster.NAMESPACE)
                    .setMaximumPageSize(1000)
                    .build())
            .getExecutionsList()
            .stream()
            .filter(e -> seen.contains(e.getExecution().getWorkflowId()))
            .count();
    long closed =
        cluster
            .blocking()
            .listClosedWorkflowExecutions(
                ListClosedWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(TestCluster.NAMESPACE)
                    .setMaximumPageSize(1000)
                    .build())
            .getExecutionsList()
            .stream()
            .filter(e -> seen.contains(e.getExecution().getWorkflowId()))
            .count();
    assertThat(open).isEqualTo(2);
    assertThat(closed).isEqualTo(3);
  }

  @Test
  void aDeletedRunIsNoLongerListed() {
    String taskQueue = fiveRuns();
    String scope = "TaskQueue = '" + taskQueue + "' AND WorkflowType = 'QuickWorkflow'";
    WorkflowExecutionMetadata quick = client.listExecutions(scope).findFirst().orElseThrow();
    cluster
        .blocking()
        .deleteWorkflowExecution(
            DeleteWorkflowExecutionRequest.newBuilder()
                .setNamespace(TestCluster.NAMESPACE)
                .setWorkflowExecution(
                    WorkflowExecution.newBuilder()
                        .setWorkflowId(quick.getExecution().getWorkflowId())
                        .setRunId(quick.getExecution().getRunId()))
                .build());
    eventually(Duration.ofSeconds(10), () -> count(scope) == 1);
    assertThat(ids(scope)).doesNotContain(quick.getExecution().getWorkflowId());
  }

  @Test
  void badQueriesAndTokensAreRejectedNamingTheProblem() {
    assertInvalid("WorkflowType = ", "expected a value");
    assertInvalid("WorkflowType = Order", "quote strings");
    assertInvalid("StartTime > 'yesterday'", "RFC 3339");
    assertInvalid("ExecutionStatus = 'Sleeping'", "ExecutionStatus must be one of");
    assertInvalid("WorkflowId = 'a' ORDER BY StartTime", "ORDER BY is not supported");
    assertInvalid(
        "WorkflowId = 'a' GROUP BY ExecutionStatus", "only supported by CountWorkflowExecutions");
    assertInvalid("(WorkflowId = 'a'", "expected ')'");
    assertInvalid("WorkflowId = 'a", "not closed");
    assertThatThrownBy(
            () ->
                cluster
                    .blocking()
                    .listWorkflowExecutions(
                        ListWorkflowExecutionsRequest.newBuilder()
                            .setNamespace(TestCluster.NAMESPACE)
                            .setNextPageToken(ByteString.copyFromUtf8("junk"))
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains("NextPageToken");
            });
    assertThatThrownBy(
            () ->
                cluster
                    .blocking()
                    .countWorkflowExecutions(
                        CountWorkflowExecutionsRequest.newBuilder()
                            .setNamespace("no-such-namespace")
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  private void assertInvalid(String query, String problem) {
    assertThatThrownBy(
            () ->
                cluster
                    .blocking()
                    .listWorkflowExecutions(
                        ListWorkflowExecutionsRequest.newBuilder()
                            .setNamespace(TestCluster.NAMESPACE)
                            .setQuery(query)
                            .build()))
        .as(query)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .startsWith("invalid query")
                  .contains(problem);
            });
  }
}
