package dev.aevum.sdk.samples;

import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;

/** A long count split into runs of a few steps each, so no single history grows without bound. */
public final class ContinueAsNewSample {
  static final int STEPS_PER_RUN = 3;

  @WorkflowInterface
  public interface Counter {
    @WorkflowMethod
    String count(int from, int to, int runs);
  }

  public static final class CounterImpl implements Counter {
    @Override
    public String count(int from, int to, int runs) {
      int current = from;
      for (int step = 0; step < STEPS_PER_RUN && current < to; step++) {
        current++;
      }
      if (current < to) {
        // Starts a new run with fresh history; the client's handle follows it to the last run.
        Workflow.continueAsNew(current, to, runs + 1);
      }
      return "counted to " + current + " in " + runs + " runs";
    }
  }

  /** Runs the sample against the server at {@code target} and returns what it printed. */
  public static String run(String target) {
    return SampleRunner.run(
        target,
        worker -> worker.registerWorkflowImplementationTypes(CounterImpl.class),
        (client, options) ->
            client.start(Counter.class, options, c -> c.count(0, 10, 1)).getResult(String.class));
  }

  public static void main(String[] args) {
    System.out.println(run(SampleRunner.target(args)));
  }
}
