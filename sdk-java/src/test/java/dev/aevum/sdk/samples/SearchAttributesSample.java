package dev.aevum.sdk.samples;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.WorkflowOptions;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.util.Map;

/**
 * Memo and search attributes. The client starts an order with a memo (data shown with the
 * execution, not indexed) and a search attribute (indexed, so visibility queries can find it). The
 * workflow reads both, then upserts its status and item count as it progresses; the client reads
 * the final attributes with {@code describe}. Uses the attributes every Temporal server registers
 * for testing ({@code CustomKeywordField}, {@code CustomIntField}).
 */
public final class SearchAttributesSample {
  static final String STATUS = "CustomKeywordField";
  static final String ITEMS = "CustomIntField";

  @WorkflowInterface
  public interface Order {
    @WorkflowMethod
    String process(int items);
  }

  public static final class OrderImpl implements Order {
    @Override
    public String process(int items) {
      String customer = Workflow.getMemo("customer", String.class).orElse("unknown customer");
      Object startStatus = Workflow.getSearchAttributes().get(STATUS);
      Workflow.upsertSearchAttributes(Map.of(STATUS, "shipped", ITEMS, items));
      return "order of "
          + customer
          + " went from "
          + startStatus
          + " to "
          + Workflow.getSearchAttributes().get(STATUS);
    }
  }

  /** Runs the sample against the server at {@code target} and returns what it printed. */
  public static String run(String target) {
    return SampleRunner.run(
        target,
        worker -> worker.registerWorkflowImplementationTypes(OrderImpl.class),
        (client, options) -> {
          WorkflowOptions tagged =
              WorkflowOptions.newBuilder()
                  .taskQueue(options.taskQueue())
                  .workflowId(options.workflowId().orElseThrow())
                  .memo("customer", "Ann Lee")
                  .searchAttribute(STATUS, "received")
                  .build();
          WorkflowHandle handle = client.start(Order.class, tagged, o -> o.process(3));
          String outcome = handle.getResult(String.class);
          Map<String, Object> attributes = handle.describe().searchAttributes();
          return outcome
              + "; described with "
              + STATUS
              + "="
              + attributes.get(STATUS)
              + ", "
              + ITEMS
              + "="
              + attributes.get(ITEMS);
        });
  }

  public static void main(String[] args) {
    System.out.println(run(SampleRunner.target(args)));
  }
}
