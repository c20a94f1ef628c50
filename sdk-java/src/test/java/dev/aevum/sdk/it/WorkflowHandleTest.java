package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aevum.sdk.WorkflowAlreadyStartedException;
import dev.aevum.sdk.WorkflowDescription;
import dev.aevum.sdk.WorkflowFailedException;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.WorkflowOptions;
import dev.aevum.sdk.WorkflowStatus;
import dev.aevum.sdk.failure.TerminatedFailure;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkflowHandleTest {
  @WorkflowInterface
  public interface LongNap {
    @WorkflowMethod
    void nap();
  }

  public static final class LongNapImpl implements LongNap {
    @Override
    public void nap() {
      Workflow.sleep(Duration.ofMinutes(10));
    }
  }

  private TestServerHarness harness;

  @BeforeEach
  void setUp() {
    harness = new TestServerHarness();
    harness.worker.registerWorkflowImplementationTypes(LongNapImpl.class);
    harness.factory.start();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void describeThenTerminateSurfacesTerminatedFailure() {
    WorkflowOptions options = harness.options();
    WorkflowHandle handle = harness.client.start(LongNap.class, options, LongNap::nap);

    WorkflowDescription running = handle.describe();
    assertThat(running.status()).isEqualTo(WorkflowStatus.RUNNING);
    assertThat(running.workflowType()).isEqualTo("LongNap");
    assertThat(running.closeTime()).isEmpty();

    handle.terminate("operator says stop");

    WorkflowFailedException e =
        catchThrowableOfType(WorkflowFailedException.class, () -> handle.getResult(Void.class));
    assertThat(e.getCause()).isInstanceOf(TerminatedFailure.class).hasMessage("operator says stop");
    assertThat(handle.describe().status()).isEqualTo(WorkflowStatus.TERMINATED);
    assertThat(harness.client.handle(options.workflowId().orElseThrow()).describe().closeTime())
        .isPresent();
  }

  @Test
  void startingARunningWorkflowIdAgainIsRejectedTyped() {
    WorkflowOptions options = harness.options();
    harness.client.start(LongNap.class, options, LongNap::nap);

    WorkflowAlreadyStartedException e =
        catchThrowableOfType(
            WorkflowAlreadyStartedException.class,
            () -> harness.client.start(LongNap.class, options, LongNap::nap));

    assertThat(e.workflowId()).isEqualTo(options.workflowId().orElseThrow());
  }
}
