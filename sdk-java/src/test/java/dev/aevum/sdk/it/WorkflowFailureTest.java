package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aevum.sdk.RetryOptions;
import dev.aevum.sdk.WorkflowFailedException;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.failure.ActivityFailure;
import dev.aevum.sdk.failure.ApplicationFailure;
import dev.aevum.sdk.failure.RetryState;
import dev.aevum.sdk.failure.TimeoutFailure;
import dev.aevum.sdk.failure.TimeoutType;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkflowFailureTest {
  @WorkflowInterface
  public interface Failing {
    @WorkflowMethod
    String run(String mode);
  }

  @ActivityInterface
  public interface Broken {
    void explode();

    void hang();
  }

  public static final class FailingImpl implements Failing {
    private final Broken broken =
        Workflow.newActivityStub(
            Broken.class,
            ActivityOptions.newBuilder()
                .startToCloseTimeout(Duration.ofSeconds(5))
                .retryOptions(RetryOptions.newBuilder().maximumAttempts(1).build())
                .build());

    private final Broken slow =
        Workflow.newActivityStub(
            Broken.class,
            ActivityOptions.newBuilder()
                .startToCloseTimeout(Duration.ofSeconds(1))
                .retryOptions(RetryOptions.newBuilder().maximumAttempts(1).build())
                .build());

    @Override
    public String run(String mode) {
      if (mode.equals("timeout")) {
        slow.hang();
        return "unreachable";
      }
      if (mode.equals("activity")) {
        broken.explode();
        return "unreachable";
      }
      throw ApplicationFailure.newNonRetryableFailure(
          "order " + mode + " rejected", "OrderRejected", 42);
    }
  }

  static final class BrokenImpl implements Broken {
    @Override
    public void explode() {
      throw new IllegalStateException("disk on fire");
    }

    @Override
    public void hang() {
      try {
        Thread.sleep(3_000); // past its 1 s start-to-close timeout
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private TestServerHarness harness;

  @BeforeEach
  void setUp() {
    harness = new TestServerHarness();
    harness.worker.registerWorkflowImplementationTypes(FailingImpl.class);
    harness.worker.registerActivitiesImplementations(new BrokenImpl());
    harness.factory.start();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void applicationFailureFailsTheWorkflowAndReachesTheClientTyped() {
    Failing stub = harness.client.newWorkflowStub(Failing.class, harness.options());

    WorkflowFailedException e =
        catchThrowableOfType(WorkflowFailedException.class, () -> stub.run("A-17"));

    assertThat(e.getCause()).isInstanceOf(ApplicationFailure.class);
    ApplicationFailure failure = (ApplicationFailure) e.getCause();
    assertThat(failure.type()).isEqualTo("OrderRejected");
    assertThat(failure.originalMessage()).isEqualTo("order A-17 rejected");
    assertThat(failure.nonRetryable()).isTrue();
    assertThat(failure.detail(0, Integer.class)).contains(42);
  }

  @Test
  void activityExceptionArrivesAsActivityFailureWithApplicationCause() {
    Failing stub = harness.client.newWorkflowStub(Failing.class, harness.options());

    WorkflowFailedException e =
        catchThrowableOfType(WorkflowFailedException.class, () -> stub.run("activity"));

    assertThat(e.getCause()).isInstanceOf(ActivityFailure.class);
    ActivityFailure activityFailure = (ActivityFailure) e.getCause();
    assertThat(activityFailure.activityType()).isEqualTo("Explode");
    assertThat(activityFailure.retryState()).isEqualTo(RetryState.MAXIMUM_ATTEMPTS_REACHED);
    assertThat(activityFailure.getCause()).isInstanceOf(ApplicationFailure.class);
    ApplicationFailure cause = (ApplicationFailure) activityFailure.getCause();
    assertThat(cause.type()).isEqualTo(IllegalStateException.class.getName());
    assertThat(cause.originalMessage()).isEqualTo("disk on fire");
  }

  @Test
  void anActivityTimeoutSaysWhichTimeoutFired() {
    Failing stub = harness.client.newWorkflowStub(Failing.class, harness.options());

    WorkflowFailedException e =
        catchThrowableOfType(WorkflowFailedException.class, () -> stub.run("timeout"));

    ActivityFailure activityFailure = (ActivityFailure) e.getCause();
    assertThat(activityFailure.getCause()).isInstanceOf(TimeoutFailure.class);
    assertThat(((TimeoutFailure) activityFailure.getCause()).timeoutType())
        .isEqualTo(TimeoutType.START_TO_CLOSE);
  }
}
