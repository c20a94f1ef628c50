package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.ResetReapplyExcludeType;
import io.temporal.api.enums.v1.ResetReapplyType;
import io.temporal.api.enums.v1.UpdateAdmittedEventOrigin;
import io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.errordetails.v1.MultiOperationExecutionFailure;
import io.temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure;
import io.temporal.api.failure.v1.MultiOperationExecutionAborted;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.update.v1.Input;
import io.temporal.api.update.v1.Meta;
import io.temporal.api.update.v1.Request;
import io.temporal.api.update.v1.WaitPolicy;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowExecutionUpdateRequest;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Workflow updates through the official SDK: accept, complete, reject, dedup, update-with-start.
 */
class UpdatesTest extends ServerTest {

  @WorkflowInterface
  public interface Counter {
    @WorkflowMethod
    int run();

    @UpdateMethod
    int add(int amount);

    @UpdateValidatorMethod(updateName = "add")
    void validateAdd(int amount);

    @UpdateMethod
    void finish();
  }

  public static class CounterImpl implements Counter {
    private int total;
    private boolean finished;

    @Override
    public int run() {
      Workflow.await(() -> finished);
      return total;
    }

    @Override
    public int add(int amount) {
      Workflow.sleep(Duration.ofMillis(10));
      total += amount;
      return total;
    }

    @Override
    public void validateAdd(int amount) {
      if (amount < 0) {
        throw new IllegalArgumentException("amount must not be negative");
      }
    }

    @Override
    public void finish() {
      finished = true;
    }
  }

  @WorkflowInterface
  public interface Held {
    @WorkflowMethod
    String run();

    @UpdateMethod
    String hold();

    @SignalMethod
    void release();
  }

  /** An update that stays accepted until the workflow is signaled. */
  public static class HeldImpl implements Held {
    private boolean released;
    private boolean done;

    @Override
    public String run() {
      Workflow.await(() -> done);
      return "done";
    }

    @Override
    public String hold() {
      Workflow.await(() -> released);
      done = true;
      return "released";
    }

    @Override
    public void release() {
      released = true;
    }
  }

  @WorkflowInterface
  public interface Quick {
    @WorkflowMethod
    String run();

    @UpdateMethod
    String set(String value);
  }

  /**
   * Ends in its first workflow task, with whatever an update set before the workflow method ran.
   */
  public static class QuickImpl implements Quick {
    private String value = "unset";

    @Override
    public String run() {
      return value;
    }

    @Override
    public String set(String value) {
      this.value = value;
      return "set " + value;
    }
  }

  private String taskQueue() {
    String taskQueue = unique("counter");
    worker(taskQueue).registerWorkflowImplementationTypes(CounterImpl.class);
    startWorkers();
    return taskQueue;
  }

  private Counter start(String taskQueue, String id) {
    Counter counter =
        client.newWorkflowStub(
            Counter.class,
            WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(id).build());
    WorkflowClient.start(counter::run);
    return client.newWorkflowStub(Counter.class, id);
  }

  @Test
  void updatesRunAndReturnTheirResult() {
    String id = unique("updates");
    Counter counter = start(taskQueue(), id);
    assertThat(counter.add(2)).isEqualTo(2);
    assertThat(counter.add(3)).isEqualTo(5);
    counter.finish();
    assertThat(WorkflowStub.fromTyped(counter).getResult(Integer.class)).isEqualTo(5);
    var events = client.fetchHistory(id).getEvents();
    assertThat(
            events.stream()
                .filter(
                    e ->
                        e.getEventType()
                            == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED))
        .hasSize(3);
    assertThat(
            events.stream()
                .filter(
                    e ->
                        e.getEventType()
                            == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED))
        .hasSize(3);
  }

  @Test
  void rejectedUpdateFailsTheCallerAndIsNotAccepted() {
    String id = unique("rejected");
    Counter counter = start(taskQueue(), id);
    eventually(
        Duration.ofSeconds(20),
        () ->
            !WorkflowStub.fromTyped(counter)
                .describe()
                .getRawDescription()
                .hasPendingWorkflowTask());
    int before = client.fetchHistory(id).getEvents().size();
    assertThatThrownBy(() -> counter.add(-1))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("amount must not be negative");
    // The rejection ran in a speculative workflow task, which leaves no trace in history.
    assertThat(client.fetchHistory(id).getEvents()).hasSize(before);
    assertThat(counter.add(1)).isEqualTo(1);
    counter.finish();
    WorkflowStub.fromTyped(counter).getResult(Integer.class);
    assertThat(client.fetchHistory(id).getEvents())
        .extracting(HistoryEvent::getEventType)
        .filteredOn(t -> t == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
        .hasSize(2);
  }

  @Test
  void sameUpdateIdReturnsTheSameOutcome() {
    String id = unique("dedup");
    start(taskQueue(), id);
    WorkflowStub stub = client.newUntypedWorkflowStub(id);
    var first =
        stub.startUpdate(
            UpdateOptions.newBuilder(Integer.class)
                .setUpdateName("add")
                .setUpdateId("add-once")
                .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                .build(),
            7);
    var second =
        stub.startUpdate(
            UpdateOptions.newBuilder(Integer.class)
                .setUpdateName("add")
                .setUpdateId("add-once")
                .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                .build(),
            7);
    assertThat(first.getResult()).isEqualTo(7);
    assertThat(second.getResult()).isEqualTo(7);
    stub.terminate("done");
  }

  @Test
  void updateWithStartStartsTheWorkflowAndUpdatesIt() {
    String taskQueue = taskQueue();
    String id = unique("with-start");
    Counter counter =
        client.newWorkflowStub(
            Counter.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(taskQueue)
                .setWorkflowId(id)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .build());
    int total =
        WorkflowClient.executeUpdateWithStart(
            counter::add,
            4,
            UpdateOptions.<Integer>newBuilder().build(),
            new WithStartWorkflowOperation<>(counter::run));
    assertThat(total).isEqualTo(4);
    Counter again =
        client.newWorkflowStub(
            Counter.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(taskQueue)
                .setWorkflowId(id)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .build());
    int next =
        WorkflowClient.executeUpdateWithStart(
            again::add,
            6,
            UpdateOptions.<Integer>newBuilder().build(),
            new WithStartWorkflowOperation<>(again::run));
    assertThat(next).isEqualTo(10);
    client.newWorkflowStub(Counter.class, id).finish();
    assertThat(client.newUntypedWorkflowStub(id).getResult(Integer.class)).isEqualTo(10);
  }

  @Test
  void updateOutlivingACallersDeadlineIsAnsweredToTheNextCaller() {
    String taskQueue = unique("held");
    worker(taskQueue).registerWorkflowImplementationTypes(HeldImpl.class);
    startWorkers();
    String id = unique("held");
    Held held =
        client.newWorkflowStub(
            Held.class,
            WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(id).build());
    WorkflowClient.start(held::run);
    var stub = cluster.blocking();

    var accepted =
        stub.withDeadlineAfter(30, TimeUnit.SECONDS)
            .updateWorkflowExecution(
                holdUpdate(
                    id,
                    UpdateWorkflowExecutionLifecycleStage
                        .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED));
    assertThat(accepted.getStage())
        .isEqualTo(
            UpdateWorkflowExecutionLifecycleStage
                .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED);
    // This caller's wait for completion ends before the update completes: it hears the stage
    // reached.
    var waitedOut =
        stub.withDeadlineAfter(2, TimeUnit.SECONDS)
            .updateWorkflowExecution(
                holdUpdate(
                    id,
                    UpdateWorkflowExecutionLifecycleStage
                        .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED));
    assertThat(waitedOut.getStage())
        .isEqualTo(
            UpdateWorkflowExecutionLifecycleStage
                .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED);
    assertThat(waitedOut.hasOutcome()).isFalse();

    // The update itself is unharmed: the next caller gets its outcome once it completes.
    client.newWorkflowStub(Held.class, id).release();
    var polled =
        stub.withDeadlineAfter(30, TimeUnit.SECONDS)
            .pollWorkflowExecutionUpdate(
                PollWorkflowExecutionUpdateRequest.newBuilder()
                    .setNamespace(TestCluster.NAMESPACE)
                    .setUpdateRef(waitedOut.getUpdateRef())
                    .setWaitPolicy(
                        WaitPolicy.newBuilder()
                            .setLifecycleStage(
                                UpdateWorkflowExecutionLifecycleStage
                                    .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED))
                    .build());
    assertThat(polled.getStage())
        .isEqualTo(
            UpdateWorkflowExecutionLifecycleStage
                .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);
    assertThat(
            DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(
                0, Optional.of(polled.getOutcome().getSuccess()), String.class, String.class))
        .isEqualTo("released");
    assertThat(WorkflowStub.fromTyped(held).getResult(String.class)).isEqualTo("done");
  }

  private static UpdateWorkflowExecutionRequest holdUpdate(
      String workflowId, UpdateWorkflowExecutionLifecycleStage stage) {
    return UpdateWorkflowExecutionRequest.newBuilder()
        .setNamespace(TestCluster.NAMESPACE)
        .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
        .setWaitPolicy(WaitPolicy.newBuilder().setLifecycleStage(stage))
        .setRequest(
            Request.newBuilder()
                .setMeta(Meta.newBuilder().setUpdateId("hold").setIdentity("test"))
                .setInput(Input.newBuilder().setName("hold")))
        .build();
  }

  @Test
  void updateWithStartReachesAWorkflowThatEndsInItsFirstTask() {
    String taskQueue = unique("quick");
    worker(taskQueue).registerWorkflowImplementationTypes(QuickImpl.class);
    startWorkers();
    String id = unique("quick");
    Quick quick =
        client.newWorkflowStub(
            Quick.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(taskQueue)
                .setWorkflowId(id)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .build());
    var startOp = new WithStartWorkflowOperation<>(quick::run);
    String updated =
        WorkflowClient.executeUpdateWithStart(
            quick::set, "early", UpdateOptions.<String>newBuilder().build(), startOp);
    assertThat(updated).isEqualTo("set early");
    assertThat(startOp.getResult()).isEqualTo("early");
    // The first workflow task carried the update: it was accepted and completed there.
    assertThat(client.fetchHistory(id).getEvents())
        .extracting(HistoryEvent::getEventType)
        .containsExactly(
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  }

  @Test
  void updateWithStartOnARunningWorkflowFailsAsAMultiOperation() {
    String taskQueue = taskQueue();
    String id = unique("conflict");
    var running = start(taskQueue, id);
    String runId = WorkflowStub.fromTyped(running).describe().getExecution().getRunId();
    Counter counter =
        client.newWorkflowStub(
            Counter.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(taskQueue)
                .setWorkflowId(id)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .build());
    // What the SDK makes of it: the start's own status.
    assertThatThrownBy(
            () ->
                WorkflowClient.executeUpdateWithStart(
                    counter::add,
                    1,
                    UpdateOptions.<Integer>newBuilder().build(),
                    new WithStartWorkflowOperation<>(counter::run)))
        .isInstanceOf(WorkflowServiceException.class)
        .cause()
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));

    // What the server sends: a status per operation.
    var request =
        ExecuteMultiOperationRequest.newBuilder()
            .setNamespace(TestCluster.NAMESPACE)
            .addOperations(
                ExecuteMultiOperationRequest.Operation.newBuilder()
                    .setStartWorkflow(
                        StartWorkflowExecutionRequest.newBuilder()
                            .setNamespace(TestCluster.NAMESPACE)
                            .setWorkflowId(id)
                            .setWorkflowType(WorkflowType.newBuilder().setName("Counter"))
                            .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue))
                            .setRequestId(UUID.randomUUID().toString())
                            .setWorkflowIdConflictPolicy(
                                WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)))
            .addOperations(
                ExecuteMultiOperationRequest.Operation.newBuilder()
                    .setUpdateWorkflow(
                        UpdateWorkflowExecutionRequest.newBuilder()
                            .setNamespace(TestCluster.NAMESPACE)
                            .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                            .setWaitPolicy(
                                WaitPolicy.newBuilder()
                                    .setLifecycleStage(
                                        UpdateWorkflowExecutionLifecycleStage
                                            .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED))
                            .setRequest(
                                Request.newBuilder()
                                    .setMeta(Meta.newBuilder().setUpdateId("add-1"))
                                    .setInput(Input.newBuilder().setName("add")))))
            .build();
    assertThatThrownBy(() -> cluster.blocking().executeMultiOperation(request))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
              var status = StatusProto.fromThrowable(e);
              assertThat(status).isNotNull();
              var failure =
                  status.getDetailsList().stream()
                      .filter(d -> d.is(MultiOperationExecutionFailure.class))
                      .findFirst()
                      .map(d -> unpack(d, MultiOperationExecutionFailure.class))
                      .orElseThrow();
              assertThat(failure.getStatusesList()).hasSize(2);
              var startStatus = failure.getStatuses(0);
              assertThat(startStatus.getCode()).isEqualTo(Status.Code.ALREADY_EXISTS.value());
              assertThat(startStatus.getDetailsList())
                  .anySatisfy(
                      d ->
                          assertThat(
                                  unpack(d, WorkflowExecutionAlreadyStartedFailure.class)
                                      .getRunId())
                              .isEqualTo(runId));
              var updateStatus = failure.getStatuses(1);
              assertThat(updateStatus.getCode()).isEqualTo(Status.Code.ABORTED.value());
              assertThat(updateStatus.getMessage()).isEqualTo("Operation was aborted.");
              assertThat(updateStatus.getDetails(0).is(MultiOperationExecutionAborted.class))
                  .isTrue();
            });
    WorkflowStub.fromTyped(running).terminate("done");
  }

  private static <T extends Message> T unpack(Any any, Class<T> type) {
    try {
      return any.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void updateOfAClosedWorkflowFails() {
    String id = unique("closed");
    Counter counter = start(taskQueue(), id);
    counter.finish();
    WorkflowStub.fromTyped(counter).getResult(Integer.class);
    assertThatThrownBy(() -> counter.add(1)).isInstanceOf(RuntimeException.class);
  }

  @Test
  void resetAdmitsTheBaseRunsLaterUpdatesAgain() {
    String id = unique("reset-updates");
    Counter counter = start(taskQueue(), id);
    assertThat(counter.add(2)).isEqualTo(2);
    assertThat(counter.add(3)).isEqualTo(5);

    String runId = resetToFirstTask(id, List.of());

    // Both updates run again on the new run: admitted durably, as UpdateAdmitted events.
    var admitted =
        client.fetchHistory(id, runId).getEvents().stream()
            .filter(HistoryEvent::hasWorkflowExecutionUpdateAdmittedEventAttributes)
            .map(HistoryEvent::getWorkflowExecutionUpdateAdmittedEventAttributes)
            .toList();
    assertThat(admitted)
        .extracting(a -> a.getOrigin())
        .containsExactly(
            UpdateAdmittedEventOrigin.UPDATE_ADMITTED_EVENT_ORIGIN_REAPPLY,
            UpdateAdmittedEventOrigin.UPDATE_ADMITTED_EVENT_ORIGIN_REAPPLY);
    Counter reset = client.newWorkflowStub(Counter.class, id, Optional.of(runId));
    assertThat(reset.add(10)).isEqualTo(15);
    reset.finish();
    assertThat(WorkflowStub.fromTyped(reset).getResult(Integer.class)).isEqualTo(15);
    // A reapplied update is accepted from its Admitted event: no request repeated.
    assertThat(client.fetchHistory(id, runId).getEvents())
        .filteredOn(HistoryEvent::hasWorkflowExecutionUpdateAcceptedEventAttributes)
        .extracting(e -> e.getWorkflowExecutionUpdateAcceptedEventAttributes().hasAcceptedRequest())
        .containsExactly(false, false, true, true);
  }

  @Test
  void resetExcludingUpdatesLeavesThemOut() {
    String id = unique("reset-no-updates");
    Counter counter = start(taskQueue(), id);
    assertThat(counter.add(2)).isEqualTo(2);

    String runId =
        resetToFirstTask(id, List.of(ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_UPDATE));

    Counter reset = client.newWorkflowStub(Counter.class, id, Optional.of(runId));
    reset.finish();
    assertThat(WorkflowStub.fromTyped(reset).getResult(Integer.class)).isZero();
    assertThat(client.fetchHistory(id, runId).getEvents())
        .noneMatch(HistoryEvent::hasWorkflowExecutionUpdateAdmittedEventAttributes);
  }

  /** Resets the workflow to its first completed workflow task; returns the new run's id. */
  private String resetToFirstTask(String workflowId, List<ResetReapplyExcludeType> excluded) {
    return cluster
        .blocking()
        .resetWorkflowExecution(
            ResetWorkflowExecutionRequest.newBuilder()
                .setNamespace(TestCluster.NAMESPACE)
                .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .setReason("test")
                .setWorkflowTaskFinishEventId(4)
                .setRequestId(UUID.randomUUID().toString())
                .setResetReapplyType(ResetReapplyType.RESET_REAPPLY_TYPE_ALL_ELIGIBLE)
                .addAllResetReapplyExcludeTypes(excluded)
                .build())
        .getRunId();
  }
}
