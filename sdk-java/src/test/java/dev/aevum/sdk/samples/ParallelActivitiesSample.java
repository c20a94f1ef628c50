package dev.aevum.sdk.samples;

import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.workflow.Async;
import dev.aevum.sdk.workflow.Promise;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs one activity per item in parallel with Async and waits for all with Promise.allOf. */
public final class ParallelActivitiesSample {
  @ActivityInterface
  public interface Pricing {
    int price(String item);
  }

  public static final class PricingImpl implements Pricing {
    @Override
    public int price(String item) {
      return item.length() * 10;
    }
  }

  @WorkflowInterface
  public interface Quote {
    @WorkflowMethod
    int total(List<String> items);
  }

  public static final class QuoteImpl implements Quote {
    private final Pricing pricing =
        Workflow.newActivityStub(
            Pricing.class,
            ActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(10)).build());

    @Override
    public int total(List<String> items) {
      List<Promise<Integer>> prices = new ArrayList<>();
      for (String item : items) {
        prices.add(Async.function(pricing::price, item));
      }
      Promise.allOf(prices).get();
      return prices.stream().mapToInt(Promise::get).sum();
    }
  }

  /** Runs the sample against the server at {@code target} and returns what it printed. */
  public static String run(String target) {
    return SampleRunner.run(
        target,
        worker ->
            worker
                .registerWorkflowImplementationTypes(QuoteImpl.class)
                .registerActivitiesImplementations(new PricingImpl()),
        (client, options) ->
            "total "
                + client
                    .newWorkflowStub(Quote.class, options)
                    .total(List.of("tea", "bread", "jam")));
  }

  public static void main(String[] args) {
    System.out.println(run(SampleRunner.target(args)));
  }
}
