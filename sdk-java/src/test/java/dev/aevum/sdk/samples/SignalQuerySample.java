package dev.aevum.sdk.samples;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.workflow.QueryMethod;
import dev.aevum.sdk.workflow.SignalMethod;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An approval that waits for two signals; a query reads who approved so far. */
public final class SignalQuerySample {
  @WorkflowInterface
  public interface Approval {
    @WorkflowMethod
    String run(int needed);

    @SignalMethod
    void approve(String name);

    @QueryMethod
    List<String> approvers();
  }

  public static final class ApprovalImpl implements Approval {
    private final List<String> approvers = new ArrayList<>();

    @Override
    public String run(int needed) {
      Workflow.await(() -> approvers.size() >= needed);
      return "approved by " + String.join(", ", approvers);
    }

    @Override
    public void approve(String name) {
      approvers.add(name);
    }

    @Override
    public List<String> approvers() {
      return List.copyOf(approvers);
    }
  }

  /** Runs the sample against the server at {@code target} and returns what it printed. */
  public static String run(String target) {
    return SampleRunner.run(
        target,
        worker -> worker.registerWorkflowImplementationTypes(ApprovalImpl.class),
        (client, options) -> {
          WorkflowHandle handle = client.start(Approval.class, options, a -> a.run(2));
          handle.signal(Approval.class, a -> a.approve("ann"));
          List<String> soFar = awaitApprovers(handle, 1);
          handle.signal("approve", "bob");
          return "after one signal " + soFar + ", then " + handle.getResult(String.class);
        });
  }

  /** A query sees the state after the last workflow task, so poll until the signal was handled. */
  private static List<String> awaitApprovers(WorkflowHandle handle, int count) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (true) {
      List<String> approvers = handle.query(Approval.class, Approval::approvers);
      if (approvers.size() >= count || Instant.now().isAfter(deadline)) {
        return approvers;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while polling the query", e);
      }
    }
  }

  public static void main(String[] args) {
    System.out.println(run(SampleRunner.target(args)));
  }
}
