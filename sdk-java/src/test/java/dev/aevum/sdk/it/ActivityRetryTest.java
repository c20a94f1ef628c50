package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.sdk.RetryOptions;
import dev.aevum.sdk.activity.Activity;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.failure.ApplicationFailure;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ActivityRetryTest {
  @WorkflowInterface
  public interface Flaky {
    @WorkflowMethod
    String run();
  }

  @ActivityInterface
  public interface FlakyActivity {
    String attempt();
  }

  public static final class FlakyImpl implements Flaky {
    private final FlakyActivity activity =
        Workflow.newActivityStub(
            FlakyActivity.class,
            ActivityOptions.newBuilder()
                .startToCloseTimeout(Duration.ofSeconds(5))
                .retryOptions(
                    RetryOptions.newBuilder()
                        .initialInterval(Duration.ofMillis(100))
                        .maximumAttempts(5)
                        .build())
                .build());

    @Override
    public String run() {
      return activity.attempt();
    }
  }

  static final class FailsTwice implements FlakyActivity {
    final List<Integer> attempts = new CopyOnWriteArrayList<>();

    @Override
    public String attempt() {
      int attempt = Activity.getExecutionContext().info().attempt();
      attempts.add(attempt);
      Activity.getExecutionContext().heartbeat(attempt);
      if (attempt < 3) {
        throw ApplicationFailure.newFailure("attempt " + attempt + " fails", "Transient");
      }
      return "succeeded on attempt " + attempt;
    }
  }

  private TestServerHarness harness;
  private final FailsTwice activity = new FailsTwice();

  @BeforeEach
  void setUp() {
    harness = new TestServerHarness();
    harness.worker.registerWorkflowImplementationTypes(FlakyImpl.class);
    harness.worker.registerActivitiesImplementations(activity);
    harness.factory.start();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void activityFailingTwiceIsRetriedAndTheAttemptIsVisible() {
    String result = harness.client.newWorkflowStub(Flaky.class, harness.options()).run();

    assertThat(result).isEqualTo("succeeded on attempt 3");
    assertThat(activity.attempts).containsExactly(1, 2, 3);
  }
}
