package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.PauseActivityRequest;
import io.temporal.api.workflowservice.v1.ResetActivityRequest;
import io.temporal.api.workflowservice.v1.UnpauseActivityRequest;
import io.temporal.client.ActivityPausedException;
import io.temporal.client.ActivityResetException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * PauseActivity, UnpauseActivity and ResetActivity on a workflow's activity, as an operator uses
 * them, through the official SDK.
 */
class ActivityOperationsTest extends ServerTest {
  /** What each attempt saw, per workflow id. */
  static final Map<String, List<String>> ATTEMPTS = new ConcurrentHashMap<>();

  @ActivityInterface
  public interface Step {
    String pausable();

    String failsFirst();

    String resetWhileRunning();
  }

  public static class StepImpl implements Step {
    private static List<String> attempts() {
      return ATTEMPTS.computeIfAbsent(
          Activity.getExecutionContext().getInfo().getWorkflowId(),
          k -> new CopyOnWriteArrayList<>());
    }

    @Override
    public String pausable() {
      var context = Activity.getExecutionContext();
      int attempt = context.getInfo().getAttempt();
      attempts().add("attempt " + attempt);
      if (attempt > 1) {
        return "done on attempt " + attempt;
      }
      while (true) {
        try {
          Thread.sleep(50);
          context.heartbeat("beat");
        } catch (ActivityPausedException paused) {
          attempts().add("paused");
          throw paused; // the attempt fails; a paused activity waits instead of retrying
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return "interrupted";
        }
      }
    }

    /** Attempt 1 fails; attempt 2 heartbeats until reset, and the attempt after it completes. */
    @Override
    public String resetWhileRunning() {
      var context = Activity.getExecutionContext();
      int attempt = context.getInfo().getAttempt();
      List<String> seen = attempts();
      seen.add("attempt " + attempt);
      if (seen.size() == 1) {
        throw ApplicationFailure.newFailure("first call fails", "Flaky");
      }
      if (seen.size() > 2) {
        return "done on attempt " + attempt;
      }
      while (true) {
        try {
          Thread.sleep(50);
          context.heartbeat("beat");
        } catch (ActivityResetException reset) {
          seen.add("reset");
          throw reset;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return "interrupted";
        }
      }
    }

    @Override
    public String failsFirst() {
      int attempt = Activity.getExecutionContext().getInfo().getAttempt();
      List<String> seen = attempts();
      seen.add("attempt " + attempt);
      if (seen.size() == 1) {
        throw ApplicationFailure.newFailure("first call fails", "Flaky");
      }
      return "done on attempt " + attempt;
    }
  }

  @WorkflowInterface
  public interface Flow {
    @WorkflowMethod
    String run(String which);
  }

  public static class FlowImpl implements Flow {
    @Override
    public String run(String which) {
      Step step =
          Workflow.newActivityStub(
              Step.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofSeconds(30))
                  // Heartbeats reach the server every 80% of this: the pause is seen within 1.6 s.
                  .setHeartbeatTimeout(Duration.ofSeconds(2))
                  .setRetryOptions(
                      RetryOptions.newBuilder()
                          .setInitialInterval(
                              which.equals("reset") ? Duration.ofHours(1) : Duration.ofMillis(10))
                          .setMaximumAttempts(which.equals("running") ? 2 : 0)
                          .build())
                  .build());
      return switch (which) {
        case "pause" -> step.pausable();
        case "running" -> step.resetWhileRunning();
        default -> step.failsFirst();
      };
    }
  }

  private String serve() {
    String queue = unique("operations");
    var worker = worker(queue);
    worker.registerWorkflowImplementationTypes(FlowImpl.class);
    worker.registerActivitiesImplementations(new StepImpl());
    startWorkers();
    return queue;
  }

  private List<PendingActivityInfo> pending(WorkflowStub stub) {
    return stub.describe().getRawDescription().getPendingActivitiesList();
  }

  @Test
  void aPausedActivityWaitsAfterItsAttemptFailsAndGoesOnWhenUnpaused() {
    String queue = serve();
    String id = unique("paused");
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            "Flow", WorkflowOptions.newBuilder().setTaskQueue(queue).setWorkflowId(id).build());
    stub.start("pause");
    eventually(Duration.ofSeconds(10), () -> ATTEMPTS.getOrDefault(id, List.of()).size() == 1);
    var execution = WorkflowExecution.newBuilder().setWorkflowId(id).build();
    var service = client.getWorkflowServiceStubs().blockingStub();

    service.pauseActivity(
        PauseActivityRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setExecution(execution)
            .setType("Pausable")
            .build());

    eventually(Duration.ofSeconds(10), () -> ATTEMPTS.get(id).contains("paused"));
    eventually(
        Duration.ofSeconds(10),
        () -> pending(stub).size() == 1 && pending(stub).get(0).getAttempt() == 2);
    assertThat(pending(stub).get(0).getPaused()).isTrue();
    assertThat(ATTEMPTS.get(id)).containsExactly("attempt 1", "paused"); // no retry while paused

    service.unpauseActivity(
        UnpauseActivityRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setExecution(execution)
            .setId(pending(stub).get(0).getActivityId())
            .build());

    assertThat(stub.getResult(String.class)).isEqualTo("done on attempt 2");
  }

  @Test
  void resettingAnActivityWaitingForItsRetryRunsItAtOnceAsAttemptOne() {
    String queue = serve();
    String id = unique("reset");
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            "Flow", WorkflowOptions.newBuilder().setTaskQueue(queue).setWorkflowId(id).build());
    stub.start("reset");
    // The first attempt failed; the next one would wait an hour.
    eventually(
        Duration.ofSeconds(10),
        () -> pending(stub).size() == 1 && pending(stub).get(0).getAttempt() == 2);

    client
        .getWorkflowServiceStubs()
        .blockingStub()
        .resetActivity(
            ResetActivityRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                .setMatchAll(true)
                .build());

    assertThat(stub.getResult(String.class)).isEqualTo("done on attempt 1");
    assertThat(ATTEMPTS.get(id)).containsExactly("attempt 1", "attempt 1");
  }

  @Test
  void aResetRunningAttemptCountsAsAttemptOneSoTheRetryPolicyAllowsAnother() {
    String queue = serve();
    String id = unique("reset-running");
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            "Flow", WorkflowOptions.newBuilder().setTaskQueue(queue).setWorkflowId(id).build());
    stub.start("running");
    // Attempt 2 of at most 2 is running.
    eventually(Duration.ofSeconds(10), () -> ATTEMPTS.getOrDefault(id, List.of()).size() == 2);

    client
        .getWorkflowServiceStubs()
        .blockingStub()
        .resetActivity(
            ResetActivityRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                .setType("ResetWhileRunning")
                .build());

    assertThat(stub.getResult(String.class)).isEqualTo("done on attempt 2");
    assertThat(ATTEMPTS.get(id)).containsExactly("attempt 1", "attempt 2", "reset", "attempt 2");
  }
}
