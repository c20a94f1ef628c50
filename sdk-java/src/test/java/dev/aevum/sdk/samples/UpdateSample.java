package dev.aevum.sdk.samples;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.WorkflowUpdateException;
import dev.aevum.sdk.workflow.UpdateMethod;
import dev.aevum.sdk.workflow.UpdateValidatorMethod;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;

/** A counter changed by validated updates; the last update ends the workflow. */
public final class UpdateSample {
  @WorkflowInterface
  public interface Counter {
    @WorkflowMethod
    int run();

    @UpdateMethod
    int add(int amount);

    @UpdateValidatorMethod(updateName = "add")
    void validateAdd(int amount);

    @UpdateMethod
    void close();
  }

  public static final class CounterImpl implements Counter {
    private int total;
    private boolean closed;

    @Override
    public int run() {
      Workflow.await(() -> closed);
      return total;
    }

    @Override
    public int add(int amount) {
      total += amount;
      return total;
    }

    @Override
    public void validateAdd(int amount) {
      if (amount <= 0) {
        throw new IllegalArgumentException("amount must be positive, was " + amount);
      }
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** Runs the sample against the server at {@code target} and returns what it printed. */
  public static String run(String target) {
    return SampleRunner.run(
        target,
        worker -> worker.registerWorkflowImplementationTypes(CounterImpl.class),
        (client, options) -> {
          WorkflowHandle handle = client.start(Counter.class, options, Counter::run);
          handle.update("add", Integer.class, 5);
          String rejected;
          try {
            handle.update("add", Integer.class, -1);
            rejected = "accepted";
          } catch (WorkflowUpdateException e) {
            rejected = "rejected";
          }
          handle.update("add", Integer.class, 7);
          handle.update("close", Void.class);
          return "total " + handle.getResult(Integer.class) + ", negative " + rejected;
        });
  }

  public static void main(String[] args) {
    System.out.println(run(SampleRunner.target(args)));
  }
}
