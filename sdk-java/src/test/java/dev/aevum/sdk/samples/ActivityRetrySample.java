package dev.aevum.sdk.samples;

import dev.aevum.sdk.RetryOptions;
import dev.aevum.sdk.activity.Activity;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.failure.ActivityFailure;
import dev.aevum.sdk.failure.ApplicationFailure;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;

/**
 * A flaky activity retried by the server until it succeeds, and one whose failure type is not
 * retried.
 */
public final class ActivityRetrySample {
  @ActivityInterface
  public interface Payments {
    /** Fails its first two attempts with a transient error. */
    String charge(String order);

    /** Always fails with a type listed in {@code doNotRetry}. */
    String refund(String order);
  }

  public static final class PaymentsImpl implements Payments {
    @Override
    public String charge(String order) {
      int attempt = Activity.getExecutionContext().info().attempt();
      if (attempt < 3) {
        throw ApplicationFailure.newFailure("gateway busy on attempt " + attempt, "GatewayBusy");
      }
      return order + " charged on attempt " + attempt;
    }

    @Override
    public String refund(String order) {
      throw ApplicationFailure.newFailure("card closed", "CardClosed");
    }
  }

  @WorkflowInterface
  public interface Checkout {
    @WorkflowMethod
    String checkout(String order);
  }

  public static final class CheckoutImpl implements Checkout {
    private final Payments payments =
        Workflow.newActivityStub(
            Payments.class,
            ActivityOptions.newBuilder()
                .startToCloseTimeout(Duration.ofSeconds(10))
                .retryOptions(
                    RetryOptions.newBuilder()
                        .initialInterval(Duration.ofMillis(100))
                        .maximumAttempts(5)
                        .doNotRetry("CardClosed")
                        .build())
                .build());

    @Override
    public String checkout(String order) {
      String charged = payments.charge(order);
      try {
        payments.refund(order);
        return charged + ", refunded";
      } catch (ActivityFailure e) {
        return charged + ", refund not retried";
      }
    }
  }

  /** Runs the sample against the server at {@code target} and returns what it printed. */
  public static String run(String target) {
    return SampleRunner.run(
        target,
        worker -> {
          worker.registerWorkflowImplementationTypes(CheckoutImpl.class);
          worker.registerActivitiesImplementations(new PaymentsImpl());
        },
        (client, options) ->
            client
                .start(Checkout.class, options, c -> c.checkout("order-7"))
                .getResult(String.class));
  }

  public static void main(String[] args) {
    System.out.println(run(SampleRunner.target(args)));
  }
}
