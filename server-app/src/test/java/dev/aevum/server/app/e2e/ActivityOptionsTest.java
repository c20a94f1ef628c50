package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.FieldMask;
import com.google.protobuf.util.Durations;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.UpdateActivityOptionsRequest;
import io.temporal.api.workflowservice.v1.UpdateActivityOptionsResponse;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** UpdateActivityOptions on a workflow's pending activity, as an operator uses it. */
class ActivityOptionsTest extends ServerTest {

  @ActivityInterface
  public interface Chore {
    String work(long sleepMs);
  }

  public static class ChoreImpl implements Chore {
    @Override
    public String work(long sleepMs) {
      try {
        Thread.sleep(sleepMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "worked";
    }
  }

  @WorkflowInterface
  public interface ChoreFlow {
    @WorkflowMethod
    String run(String activityQueue, long sleepMs);
  }

  public static class ChoreFlowImpl implements ChoreFlow {
    @Override
    public String run(String activityQueue, long sleepMs) {
      Chore chore =
          Workflow.newActivityStub(
              Chore.class,
              ActivityOptions.newBuilder()
                  .setTaskQueue(activityQueue)
                  .setStartToCloseTimeout(Duration.ofSeconds(90))
                  .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                  .build());
      return chore.work(sleepMs);
    }
  }

  private String serve() {
    String queue = unique("chores");
    var worker = worker(queue);
    worker.registerWorkflowImplementationTypes(ChoreFlowImpl.class);
    worker.registerActivitiesImplementations(new ChoreImpl());
    startWorkers();
    return queue;
  }

  private WorkflowStub start(String queue, String id, String activityQueue, long sleepMs) {
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            "ChoreFlow",
            WorkflowOptions.newBuilder().setTaskQueue(queue).setWorkflowId(id).build());
    stub.start(activityQueue, sleepMs);
    eventually(Duration.ofSeconds(10), () -> pending(stub).size() == 1);
    return stub;
  }

  private List<PendingActivityInfo> pending(WorkflowStub stub) {
    return stub.describe().getRawDescription().getPendingActivitiesList();
  }

  private UpdateActivityOptionsResponse update(UpdateActivityOptionsRequest.Builder request) {
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .updateActivityOptions(request.setNamespace(client.getOptions().getNamespace()).build());
  }

  private static UpdateActivityOptionsRequest.Builder forWorkflow(String id) {
    return UpdateActivityOptionsRequest.newBuilder()
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
        .setType("Work");
  }

  @Test
  void anActivityWaitingInAQueueWithoutWorkersMovesToOneWithThem() throws Exception {
    String queue = serve();
    String id = unique("moved");
    String nowhere = unique("nowhere");
    WorkflowStub stub = start(queue, id, nowhere, 0);
    assertThat(pending(stub).get(0).getActivityOptions().getTaskQueue().getName())
        .isEqualTo(nowhere);

    var response =
        update(
            forWorkflow(id)
                .setActivityOptions(
                    io.temporal.api.activity.v1.ActivityOptions.newBuilder()
                        .setTaskQueue(TaskQueue.newBuilder().setName(queue)))
                .setUpdateMask(FieldMask.newBuilder().addPaths("task_queue.name")));

    assertThat(response.getActivityOptions().getTaskQueue().getName()).isEqualTo(queue);
    assertThat(response.getActivityOptions().getStartToCloseTimeout())
        .isEqualTo(Durations.fromSeconds(90));
    assertThat(stub.getResult(30, TimeUnit.SECONDS, String.class)).isEqualTo("worked");
  }

  @Test
  void restoreOriginalGoesBackToTheScheduledOptions() {
    String queue = serve();
    String id = unique("restored");
    WorkflowStub stub = start(queue, id, unique("nowhere"), 0);

    update(
        forWorkflow(id)
            .setActivityOptions(
                io.temporal.api.activity.v1.ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Durations.fromSeconds(5))
                    .setHeartbeatTimeout(Durations.fromSeconds(2)))
            .setUpdateMask(
                FieldMask.newBuilder()
                    .addPaths("startToCloseTimeout")
                    .addPaths("heartbeat_timeout")));
    var changed = pending(stub).get(0).getActivityOptions();
    assertThat(changed.getStartToCloseTimeout()).isEqualTo(Durations.fromSeconds(5));
    assertThat(changed.getHeartbeatTimeout()).isEqualTo(Durations.fromSeconds(2));

    var restored = update(forWorkflow(id).setRestoreOriginal(true));

    assertThat(restored.getActivityOptions().getStartToCloseTimeout())
        .isEqualTo(Durations.fromSeconds(90));
    var now = pending(stub).get(0).getActivityOptions();
    assertThat(now.getStartToCloseTimeout()).isEqualTo(Durations.fromSeconds(90));
    assertThat(now.getHeartbeatTimeout()).isEqualTo(Durations.ZERO);
    stub.terminate("done");
  }

  @Test
  void aShorterStartToCloseTimesOutTheRunningAttempt() {
    String queue = serve();
    String id = unique("shortened");
    WorkflowStub stub = start(queue, id, queue, 60_000);
    eventually(
        Duration.ofSeconds(10),
        () ->
            pending(stub).get(0).getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);

    update(
        forWorkflow(id)
            .setActivityOptions(
                io.temporal.api.activity.v1.ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Durations.fromSeconds(1)))
            .setUpdateMask(FieldMask.newBuilder().addPaths("start_to_close_timeout")));

    // Without the change the attempt would time out after 90 s, past this wait.
    assertThatThrownBy(() -> stub.getResult(30, TimeUnit.SECONDS, String.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            TimeoutFailure.class,
            t -> assertThat(t.getTimeoutType()).isEqualTo(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE));
  }

  @Test
  void badRequestsAreRefusedNamingWhatIsWrong() {
    String queue = serve();
    String id = unique("refused");
    WorkflowStub stub = start(queue, id, unique("nowhere"), 0);

    assertThatThrownBy(
            () ->
                update(
                    forWorkflow(id)
                        .setActivityOptions(
                            io.temporal.api.activity.v1.ActivityOptions.getDefaultInstance())
                        .setUpdateMask(FieldMask.newBuilder().addPaths("input"))))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains("\"input\"");
            });
    assertThatThrownBy(
            () ->
                update(
                    forWorkflow(id)
                        .setRestoreOriginal(true)
                        .setUpdateMask(FieldMask.newBuilder().addPaths("heartbeat_timeout"))))
        .hasMessageContaining("Both UpdateMask and RestoreOriginal are provided");
    assertThatThrownBy(
            () ->
                update(
                    forWorkflow(id)
                        .setActivityOptions(
                            io.temporal.api.activity.v1.ActivityOptions.getDefaultInstance())
                        .setUpdateMask(
                            FieldMask.newBuilder().addPaths("retry_policy.maximum_attempts"))))
        .hasMessageContaining("RetryPolicy is not provided");
    // Nothing was changed by the refused requests.
    assertThat(pending(stub).get(0).getActivityOptions().getStartToCloseTimeout())
        .isEqualTo(Durations.fromSeconds(90));
    stub.terminate("done");
  }
}
