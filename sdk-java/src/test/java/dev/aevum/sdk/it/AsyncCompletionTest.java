package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.sdk.ActivityCompletionClient;
import dev.aevum.sdk.ActivityCompletionException;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.activity.Activity;
import dev.aevum.sdk.activity.ActivityContext;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.failure.ActivityFailure;
import dev.aevum.sdk.failure.ApplicationFailure;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AsyncCompletionTest {
  /** What each waiting activity hands to the "external system": its token and ids. */
  record Waiting(String item, byte[] token, String workflowId, String activityId) {}

  static final BlockingQueue<Waiting> WAITING = new LinkedBlockingQueue<>();

  @ActivityInterface
  public interface Approvals {
    String approve(String item);
  }

  public static final class ApprovalsImpl implements Approvals {
    @Override
    public String approve(String item) {
      ActivityContext context = Activity.getExecutionContext();
      WAITING.add(
          new Waiting(
              item, context.taskToken(), context.info().workflowId(), context.info().activityId()));
      context.doNotCompleteOnReturn();
      return "ignored";
    }
  }

  @WorkflowInterface
  public interface Approval {
    @WorkflowMethod
    String run();
  }

  public static final class ApprovalImpl implements Approval {
    @Override
    public String run() {
      Approvals approvals =
          Workflow.newActivityStub(
              Approvals.class,
              ActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(30)).build());
      String first = approvals.approve("by-token");
      String second = approvals.approve("by-id");
      try {
        approvals.approve("rejected");
        return "not rejected";
      } catch (ActivityFailure e) {
        return first + "," + second + "," + ((ApplicationFailure) e.getCause()).type();
      }
    }
  }

  private TestServerHarness harness;

  @BeforeEach
  void setUp() {
    WAITING.clear();
    harness = new TestServerHarness();
    harness.worker.registerWorkflowImplementationTypes(ApprovalImpl.class);
    harness.worker.registerActivitiesImplementations(new ApprovalsImpl());
    harness.factory.start();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void activitiesCompleteLaterByTokenAndById() throws InterruptedException {
    WorkflowHandle handle = harness.client.start(Approval.class, harness.options(), Approval::run);
    ActivityCompletionClient completions = harness.client.newActivityCompletionClient();

    Waiting first = next();
    completions.heartbeat(first.token(), "still thinking");
    completions.complete(first.token(), "yes:" + first.item());
    assertThatThrownBy(() -> completions.complete(first.token(), "twice"))
        .isInstanceOf(ActivityCompletionException.class)
        .hasMessageContaining("no longer waiting");

    Waiting second = next();
    completions.complete(
        second.workflowId(), Optional.empty(), second.activityId(), "yes:" + second.item());

    Waiting third = next();
    completions.completeExceptionally(
        third.token(), ApplicationFailure.newNonRetryableFailure("no", "Rejected"));

    assertThat(handle.getResult(String.class)).isEqualTo("yes:by-token,yes:by-id,Rejected");
  }

  private static Waiting next() throws InterruptedException {
    Waiting waiting = WAITING.poll(10, TimeUnit.SECONDS);
    assertThat(waiting).as("an activity waiting for completion within 10 s").isNotNull();
    return waiting;
  }
}
