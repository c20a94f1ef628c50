package dev.aevum.sdk.samples;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.WorkflowOptions;
import dev.aevum.sdk.workflow.Promise;
import dev.aevum.sdk.workflow.SignalMethod;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.UUID;

/**
 * Durable timers: an order waits a moment, then waits for payment up to a deadline. One order is
 * paid in time; the other expires. A race between two timers shows {@code Promise.anyOf}.
 */
public final class TimerSample {
  @WorkflowInterface
  public interface Order {
    @WorkflowMethod
    String run(long paymentWindowMillis);

    @SignalMethod
    void pay();
  }

  public static final class OrderImpl implements Order {
    private boolean paid;

    @Override
    public String run(long paymentWindowMillis) {
      Workflow.sleep(Duration.ofMillis(200)); // a server-side timer: survives worker restarts
      Promise<String> first =
          Promise.anyOf(
              Workflow.newTimer(Duration.ofMillis(100)).thenApply(v -> "short"),
              Workflow.newTimer(Duration.ofSeconds(30)).thenApply(v -> "long"));
      String winner = first.get();
      boolean inTime = Workflow.await(Duration.ofMillis(paymentWindowMillis), () -> paid);
      return (inTime ? "paid" : "expired") + " (" + winner + " timer first)";
    }

    @Override
    public void pay() {
      paid = true;
    }
  }

  /** Runs the sample against the server at {@code target} and returns what it printed. */
  public static String run(String target) {
    return SampleRunner.run(
        target,
        worker -> worker.registerWorkflowImplementationTypes(OrderImpl.class),
        (client, options) -> {
          WorkflowHandle paid = client.start(Order.class, options, o -> o.run(60_000));
          WorkflowHandle unpaid = client.start(Order.class, secondOrder(options), o -> o.run(500));
          paid.signal(Order.class, Order::pay);
          return "order 1 "
              + paid.getResult(String.class)
              + ", order 2 "
              + unpaid.getResult(String.class);
        });
  }

  private static WorkflowOptions secondOrder(WorkflowOptions first) {
    return WorkflowOptions.newBuilder()
        .taskQueue(first.taskQueue())
        .workflowId("sample-" + UUID.randomUUID())
        .executionTimeout(Duration.ofMinutes(1))
        .build();
  }

  public static void main(String[] args) {
    System.out.println(run(SampleRunner.target(args)));
  }
}
