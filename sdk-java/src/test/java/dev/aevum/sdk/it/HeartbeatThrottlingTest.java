package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.sdk.RetryOptions;
import dev.aevum.sdk.activity.Activity;
import dev.aevum.sdk.activity.ActivityContext;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatThrottlingTest {
  @ActivityInterface
  public interface Counter {
    int count();
  }

  public static final class CounterImpl implements Counter {
    @Override
    public int count() {
      ActivityContext context = Activity.getExecutionContext();
      if (context.info().attempt() == 1) {
        for (int i = 0; i <= 49; i++) {
          context.heartbeat(i); // far faster than the throttle lets through
        }
        throw new IllegalStateException("first attempt fails after its heartbeats");
      }
      return context.heartbeatDetails(Integer.class).orElse(-1);
    }
  }

  @WorkflowInterface
  public interface Counting {
    @WorkflowMethod
    int run();
  }

  public static final class CountingImpl implements Counting {
    @Override
    public int run() {
      return Workflow.newActivityStub(
              Counter.class,
              ActivityOptions.newBuilder()
                  .startToCloseTimeout(Duration.ofSeconds(10))
                  .heartbeatTimeout(Duration.ofSeconds(5))
                  .retryOptions(
                      RetryOptions.newBuilder()
                          .initialInterval(Duration.ofMillis(10))
                          .maximumAttempts(2)
                          .build())
                  .build())
          .count();
    }
  }

  @Test
  void throttledDetailsTravelWithTheFailureToTheNextAttempt() {
    try (TestServerHarness harness = new TestServerHarness()) {
      harness.worker.registerWorkflowImplementationTypes(CountingImpl.class);
      harness.worker.registerActivitiesImplementations(new CounterImpl());
      harness.factory.start();

      int seen =
          harness
              .client
              .start(Counting.class, harness.options(), Counting::run)
              .getResult(Integer.class);

      assertThat(seen).isEqualTo(49);
    }
  }
}
