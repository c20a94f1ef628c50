package dev.aevum.sdk.samples;

import dev.aevum.sdk.WorkflowDescription;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.WorkflowOptions;
import dev.aevum.sdk.workflow.SignalMethod;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Finding workflows by visibility query: three orders tagged with a customer search attribute, two
 * of them shipped, then listed and counted with Temporal's query language. Needs a server with
 * visibility (Aevum or Temporal; Temporal's in-memory test server has none).
 */
public final class ListingSample {
  @WorkflowInterface
  public interface Order {
    @WorkflowMethod
    String run();

    @SignalMethod
    void ship();
  }

  public static final class OrderImpl implements Order {
    private boolean shipped;

    @Override
    public String run() {
      Workflow.await(() -> shipped);
      return "shipped";
    }

    @Override
    public void ship() {
      shipped = true;
    }
  }

  /** Runs the sample against the server at {@code target} and returns what it printed. */
  public static String run(String target) {
    return SampleRunner.run(
        target,
        worker -> worker.registerWorkflowImplementationTypes(OrderImpl.class),
        (client, options) -> {
          List<WorkflowHandle> orders =
              List.of(
                  client.start(Order.class, order(options, "acme"), Order::run),
                  client.start(Order.class, order(options, "acme"), Order::run),
                  client.start(Order.class, order(options, "globex"), Order::run));
          for (WorkflowHandle shipped : orders.subList(1, 3)) {
            shipped.signal(Order.class, Order::ship);
            shipped.getResult(String.class);
          }
          String ours = "TaskQueue = '" + options.taskQueue() + "'";
          List<String> acme =
              client
                  .listExecutions(ours + " AND CustomKeywordField = 'acme'")
                  .map(WorkflowDescription::status)
                  .map(
                      status ->
                          status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase())
                  .sorted()
                  .collect(Collectors.toList());
          long open = client.countExecutions(ours + " AND ExecutionStatus = 'Running'");
          String byStatus =
              client.countExecutionsByStatus(ours).entrySet().stream()
                  .map(
                      e ->
                          e.getKey().name().toLowerCase(java.util.Locale.ROOT) + " " + e.getValue())
                  .collect(Collectors.joining(", "));
          orders.get(0).signal(Order.class, Order::ship);
          orders.get(0).getResult(String.class);
          return "acme orders " + acme + ", open orders " + open + ", by status: " + byStatus;
        });
  }

  private static WorkflowOptions order(WorkflowOptions base, String customer) {
    return WorkflowOptions.newBuilder()
        .taskQueue(base.taskQueue())
        .workflowId("order-" + UUID.randomUUID())
        .executionTimeout(Duration.ofMinutes(1))
        .searchAttribute("CustomKeywordField", customer)
        .build();
  }

  public static void main(String[] args) {
    System.out.println(run(SampleRunner.target(args)));
  }
}
