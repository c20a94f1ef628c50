package dev.aevum.sdk.samples;

import dev.aevum.sdk.WorkflowIdConflictPolicy;
import dev.aevum.sdk.WorkflowOptions;
import dev.aevum.sdk.workflow.UpdateMethod;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.util.ArrayList;
import java.util.List;

/** A shopping cart that the first "add" starts and later ones update, in one call each. */
public final class UpdateWithStartSample {
  @WorkflowInterface
  public interface Cart {
    @WorkflowMethod
    List<String> open();

    @UpdateMethod
    int add(String item);

    @UpdateMethod
    void checkout();
  }

  public static final class CartImpl implements Cart {
    private final List<String> items = new ArrayList<>();
    private boolean done;

    @Override
    public List<String> open() {
      Workflow.await(() -> done);
      return items;
    }

    @Override
    public int add(String item) {
      items.add(item);
      return items.size();
    }

    @Override
    public void checkout() {
      done = true;
    }
  }

  /** Runs the sample against the server at {@code target} and returns what it printed. */
  public static String run(String target) {
    return SampleRunner.run(
        target,
        worker -> worker.registerWorkflowImplementationTypes(CartImpl.class),
        (client, defaults) -> {
          // USE_EXISTING: the first call starts the cart, later calls update the running one.
          WorkflowOptions options =
              WorkflowOptions.newBuilder()
                  .taskQueue(defaults.taskQueue())
                  .workflowId(defaults.workflowId().orElseThrow())
                  .executionTimeout(defaults.executionTimeout().orElseThrow())
                  .idConflictPolicy(WorkflowIdConflictPolicy.USE_EXISTING)
                  .build();
          int first =
              client.executeUpdateWithStart(Cart.class, options, Cart::open, c -> c.add("apple"));
          int second =
              client.executeUpdateWithStart(Cart.class, options, Cart::open, c -> c.add("pear"));
          var handle = client.handle(options.workflowId().orElseThrow());
          handle.update("checkout", Void.class);
          return "sizes " + first + ", " + second + ", cart " + handle.getResult(List.class);
        });
  }

  public static void main(String[] args) {
    System.out.println(run(SampleRunner.target(args)));
  }
}
