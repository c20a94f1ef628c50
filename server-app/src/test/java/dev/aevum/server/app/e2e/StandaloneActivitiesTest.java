package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.StatusRuntimeException;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.api.enums.v1.ActivityExecutionStatus;
import io.temporal.api.enums.v1.ActivityIdConflictPolicy;
import io.temporal.api.enums.v1.ActivityIdReusePolicy;
import io.temporal.api.workflowservice.v1.DeleteActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.client.ActivityAlreadyStartedException;
import io.temporal.client.ActivityClient;
import io.temporal.client.ActivityClientOptions;
import io.temporal.client.ActivityExecutionDescription;
import io.temporal.client.ActivityExecutionMetadata;
import io.temporal.client.ActivityFailedException;
import io.temporal.client.ActivityHandle;
import io.temporal.client.StartActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TerminatedFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Standalone activities, started by a client rather than a workflow, through the official SDK's
 * {@code ActivityClient}: results and failures, retries, id policies, cancel, terminate, start
 * delay, async completion, describe and listings.
 */
class StandaloneActivitiesTest extends ServerTest {
  static final Map<String, CountDownLatch> STARTED = new ConcurrentHashMap<>();
  static final Map<String, ActivityInfo> SEEN = new ConcurrentHashMap<>();

  @ActivityInterface
  public interface Jobs {
    @ActivityMethod(name = "Echo")
    String echo(String input);

    @ActivityMethod(name = "FailOnce")
    int failOnce();

    @ActivityMethod(name = "AlwaysFail")
    String alwaysFail();

    @ActivityMethod(name = "UntilCanceled")
    String untilCanceled();

    @ActivityMethod(name = "Later")
    String later();
  }

  public static class JobsImpl implements Jobs {
    @Override
    public String echo(String input) {
      ActivityInfo info = Activity.getExecutionContext().getInfo();
      SEEN.put(info.getActivityId(), info);
      return "echo:" + input;
    }

    @Override
    public int failOnce() {
      int attempt = Activity.getExecutionContext().getInfo().getAttempt();
      if (attempt == 1) {
        throw ApplicationFailure.newFailure("first attempt fails", "Flaky");
      }
      return attempt;
    }

    @Override
    public String alwaysFail() {
      throw ApplicationFailure.newNonRetryableFailure("deliberate failure", "Deliberate");
    }

    @Override
    public String untilCanceled() {
      var context = Activity.getExecutionContext();
      STARTED.get(context.getInfo().getActivityId()).countDown();
      while (true) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return "interrupted";
        }
        context.heartbeat(null); // throws once cancellation is requested
      }
    }

    @Override
    public String later() {
      var context = Activity.getExecutionContext();
      SEEN.put(context.getInfo().getActivityId(), context.getInfo());
      context.doNotCompleteOnReturn();
      STARTED.get(context.getInfo().getActivityId()).countDown();
      return null;
    }
  }

  @WorkflowInterface
  public interface Noop {
    @WorkflowMethod
    String run();
  }

  public static class NoopImpl implements Noop {
    @Override
    public String run() {
      return Workflow.getInfo().getWorkflowId();
    }
  }

  private ActivityClient activities() {
    return ActivityClient.newInstance(
        client.getWorkflowServiceStubs(),
        ActivityClientOptions.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .build());
  }

  private String serve() {
    String queue = unique("standalone");
    var worker = worker(queue);
    worker.registerActivitiesImplementations(new JobsImpl());
    worker.registerWorkflowImplementationTypes(NoopImpl.class);
    startWorkers();
    return queue;
  }

  private static StartActivityOptions.Builder options(String queue, String id) {
    return StartActivityOptions.newBuilder()
        .setId(id)
        .setTaskQueue(queue)
        .setScheduleToCloseTimeout(Duration.ofMinutes(1));
  }

  @Test
  void anActivityStartedByAClientRunsOnAWorkerOutsideAnyWorkflowAndReturnsItsResult() {
    String queue = serve();
    String id = unique("echo");
    ActivityHandle<String> handle =
        activities()
            .start(
                Jobs.class,
                Jobs::echo,
                options(queue, id).setStaticSummary("an echo").build(),
                "hello");

    assertThat(handle.getResult()).isEqualTo("echo:hello");
    ActivityInfo seen = SEEN.get(id);
    assertThat(seen.isInWorkflow()).isFalse();
    assertThat(seen.getWorkflowId()).isNull();
    assertThat(seen.getActivityRunId()).isEqualTo(handle.getActivityRunId());
    ActivityExecutionDescription description = handle.describe();
    assertThat(description.getStatus())
        .isEqualTo(ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_COMPLETED);
    assertThat(description.getActivityType()).isEqualTo("Echo");
    assertThat(description.getTaskQueue()).isEqualTo(queue);
    assertThat(description.getAttempt()).isEqualTo(1);
    assertThat(description.getStaticSummary()).isEqualTo("an echo");
    assertThat(description.getCloseTime()).isNotNull();
    // By id alone, the handle finds the same run.
    assertThat(activities().getHandle(id, null, String.class).getResult()).isEqualTo("echo:hello");
  }

  @Test
  void aFailedAttemptIsRetriedByThePolicyAndAFinalFailureReachesTheCaller() {
    String queue = serve();
    ActivityClient activities = activities();
    int attempt =
        activities.execute(
            Jobs.class,
            Jobs::failOnce,
            options(queue, unique("flaky"))
                .setRetryOptions(
                    RetryOptions.newBuilder().setInitialInterval(Duration.ofMillis(10)).build())
                .build());
    assertThat(attempt).isEqualTo(2);

    ActivityHandle<String> failing =
        activities.start(Jobs.class, Jobs::alwaysFail, options(queue, unique("fail")).build());
    assertThatThrownBy(failing::getResult)
        .isInstanceOf(ActivityFailedException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("Deliberate"));
    assertThat(failing.describe().getStatus())
        .isEqualTo(ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_FAILED);
  }

  @Test
  void activityIdsFollowTheConflictAndReusePolicies() {
    String queue = serve();
    ActivityClient activities = activities();
    String id = unique("policy");
    STARTED.put(id, new CountDownLatch(1));
    ActivityHandle<String> running =
        activities.start(
            Jobs.class,
            Jobs::untilCanceled,
            options(queue, id)
                .setHeartbeatTimeout(Duration.ofSeconds(10))
                .setIdConflictPolicy(ActivityIdConflictPolicy.ACTIVITY_ID_CONFLICT_POLICY_FAIL)
                .build());
    assertThatThrownBy(
            () ->
                activities.start(
                    Jobs.class,
                    Jobs::untilCanceled,
                    options(queue, id)
                        .setIdConflictPolicy(
                            ActivityIdConflictPolicy.ACTIVITY_ID_CONFLICT_POLICY_FAIL)
                        .build()))
        .isInstanceOfSatisfying(
            ActivityAlreadyStartedException.class,
            e -> assertThat(e.getRunId()).isEqualTo(running.getActivityRunId()));
    ActivityHandle<String> existing =
        activities.start(
            Jobs.class,
            Jobs::untilCanceled,
            options(queue, id)
                .setIdConflictPolicy(
                    ActivityIdConflictPolicy.ACTIVITY_ID_CONFLICT_POLICY_USE_EXISTING)
                .build());
    assertThat(existing.getActivityRunId()).isEqualTo(running.getActivityRunId());
    running.terminate("done with it");

    String once = unique("once");
    StartActivityOptions rejectDuplicate =
        options(queue, once)
            .setIdReusePolicy(ActivityIdReusePolicy.ACTIVITY_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .build();
    activities.execute(Jobs.class, Jobs::echo, rejectDuplicate, "first");
    assertThatThrownBy(() -> activities.start(Jobs.class, Jobs::echo, rejectDuplicate, "second"))
        .isInstanceOf(ActivityAlreadyStartedException.class);
    // The default reuse policy allows a new run once the last one closed.
    ActivityHandle<String> again =
        activities.start(Jobs.class, Jobs::echo, options(queue, once).build(), "again");
    assertThat(again.getResult()).isEqualTo("echo:again");
  }

  @Test
  void aRunningActivityLearnsOfItsCancellationFromItsHeartbeatAndEndsCanceled() throws Exception {
    String queue = serve();
    String id = unique("cancel");
    STARTED.put(id, new CountDownLatch(1));
    ActivityHandle<String> handle =
        activities()
            .start(
                Jobs.class,
                Jobs::untilCanceled,
                options(queue, id).setHeartbeatTimeout(Duration.ofSeconds(10)).build());
    assertThat(STARTED.get(id).await(10, TimeUnit.SECONDS)).isTrue();

    handle.cancel("no longer needed");

    assertThatThrownBy(handle::getResult)
        .isInstanceOf(ActivityFailedException.class)
        .cause()
        .isInstanceOf(CanceledFailure.class);
    assertThat(handle.describe().getStatus())
        .isEqualTo(ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_CANCELED);
  }

  @Test
  void anActivityWaitingOutItsStartDelayIsCanceledOrTerminatedAtOnce() {
    String queue = serve();
    ActivityClient activities = activities();
    ActivityHandle<String> canceled =
        activities.start(
            Jobs.class,
            Jobs::echo,
            options(queue, unique("delayed")).setStartDelay(Duration.ofHours(1)).build(),
            "x");
    assertThat(canceled.describe().getStatus())
        .isEqualTo(ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_RUNNING);
    canceled.cancel("changed my mind");
    assertThat(canceled.describe().getStatus())
        .isEqualTo(ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_CANCELED);

    ActivityHandle<String> terminated =
        activities.start(
            Jobs.class,
            Jobs::echo,
            options(queue, unique("delayed")).setStartDelay(Duration.ofHours(1)).build(),
            "x");
    terminated.terminate("not today");
    assertThat(terminated.describe().getStatus())
        .isEqualTo(ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_TERMINATED);
    assertThatThrownBy(terminated::getResult)
        .isInstanceOf(ActivityFailedException.class)
        .cause()
        .isInstanceOf(TerminatedFailure.class);
  }

  @Test
  void theFirstAttemptWaitsForTheStartDelay() {
    String queue = serve();
    ActivityHandle<String> handle =
        activities()
            .start(
                Jobs.class,
                Jobs::echo,
                options(queue, unique("delay")).setStartDelay(Duration.ofSeconds(1)).build(),
                "later");
    assertThat(handle.getResult()).isEqualTo("echo:later");
    ActivityExecutionDescription description = handle.describe();
    assertThat(Duration.between(description.getScheduledTime(), description.getLastStartedTime()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void anActivityCompletedByIdFromOutsideReturnsThatResult() throws Exception {
    String queue = serve();
    ActivityClient activities = activities();
    String id = unique("async");
    STARTED.put(id, new CountDownLatch(1));
    ActivityHandle<String> handle =
        activities.start(Jobs.class, Jobs::later, options(queue, id).build());
    assertThat(STARTED.get(id).await(10, TimeUnit.SECONDS)).isTrue();

    activities
        .newActivityCompletionClient()
        .completeStandalone(id, Optional.empty(), "from outside");

    assertThat(handle.getResult()).isEqualTo("from outside");
  }

  @Test
  void listingsShowStandaloneActivitiesApartFromWorkflows() {
    String queue = serve();
    client
        .newWorkflowStub(Noop.class, WorkflowOptions.newBuilder().setTaskQueue(queue).build())
        .run();
    ActivityClient activities = activities();
    for (int i = 0; i < 3; i++) {
      activities.execute(Jobs.class, Jobs::echo, options(queue, unique("listed")).build(), "" + i);
    }
    String query = "TaskQueue = '" + queue + "'";
    eventually(Duration.ofSeconds(10), () -> activities.countExecutions(query).getCount() == 3);
    List<ActivityExecutionMetadata> listed = activities.listExecutions(query).toList();
    assertThat(listed).hasSize(3);
    assertThat(listed)
        .allSatisfy(
            a -> {
              assertThat(a.getActivityType()).isEqualTo("Echo");
              assertThat(a.getStatus())
                  .isEqualTo(ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_COMPLETED);
            });
    var workflows =
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .listWorkflowExecutions(
                ListWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .setQuery(query)
                    .build());
    // The workflow on the same queue is listed there, and the activities are not.
    assertThat(workflows.getExecutionsList())
        .singleElement()
        .satisfies(w -> assertThat(w.getType().getName()).isEqualTo("Noop"));
  }

  @Test
  void aDeletedActivityIsGoneFromDescribeAndListings() {
    String queue = serve();
    ActivityClient activities = activities();
    String id = unique("deleted");
    activities.execute(Jobs.class, Jobs::echo, options(queue, id).build(), "x");
    String query = "ActivityId = '" + id + "'";
    eventually(Duration.ofSeconds(10), () -> activities.countExecutions(query).getCount() == 1);

    client
        .getWorkflowServiceStubs()
        .blockingStub()
        .deleteActivityExecution(
            DeleteActivityExecutionRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setActivityId(id)
                .build());

    assertThat(activities.countExecutions(query).getCount()).isZero();
    assertThatThrownBy(() -> activities.getHandle(id, null).describe())
        .hasMessageContaining("not found");
  }

  @Test
  void aWorkflowIdMayNotTakeTheStandaloneActivityPrefix() {
    assertThatThrownBy(
            () ->
                client
                    .newUntypedWorkflowStub(
                        "Noop",
                        WorkflowOptions.newBuilder()
                            .setTaskQueue("q")
                            .setWorkflowId("\u0001activity:x")
                            .build())
                    .start())
        .hasRootCauseInstanceOf(StatusRuntimeException.class)
        .rootCause()
        .hasMessageContaining("WorkflowId may not begin");
  }
}
