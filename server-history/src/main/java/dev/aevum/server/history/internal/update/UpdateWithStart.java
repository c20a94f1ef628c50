package dev.aevum.server.history.internal.update;

import com.google.protobuf.Any;
import dev.aevum.persistence.CurrentExecution;
import dev.aevum.proto.persistence.MutableState;
import dev.aevum.proto.persistence.UpdateRecord;
import dev.aevum.server.common.Rpc;
import dev.aevum.server.common.ServiceException;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.ShardContext;
import dev.aevum.server.history.internal.workflow.StartWorkflow;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.errordetails.v1.MultiOperationExecutionFailure;
import io.temporal.api.failure.v1.MultiOperationExecutionAborted;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationRequest;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Update-with-start (ExecuteMultiOperation [start, update]), as Temporal's history does it:
 *
 * <ul>
 *   <li>An update already completed on the current run is answered from its record.
 *   <li>A running current run gets the update when the start is a retry of the one that created it
 *       (same request id), when it already knows the update, or when the conflict policy is
 *       USE_EXISTING; the start then reports {@code started=false}.
 *   <li>Otherwise the workflow is started and the update is admitted in the transition that creates
 *       the run, before anything else can see the run: its first workflow task carries the update,
 *       so a workflow that ends in its first task still answers it.
 * </ul>
 *
 * <p>Failures come back as one status carrying a MultiOperationExecutionFailure with a status per
 * operation: the failed one's own status, "Operation was aborted." for the other one (or OK for a
 * start that did happen). An update on an existing run that closes before taking it is tried once
 * more from the top (the next attempt may start a new run); if that happens again the update's
 * status is ABORTED, which callers retry.
 */
public final class UpdateWithStart {
  static final String ABORTED = "Operation was aborted.";

  private final StartWorkflow start;
  private final UpdateRegistry registry;
  private final UpdateCalls calls;

  public UpdateWithStart(StartWorkflow start, UpdateRegistry registry, UpdateCalls calls) {
    this.start = start;
    this.registry = registry;
    this.calls = calls;
  }

  /** Runs one update-with-start; {@code onError} gets the multi-operation failure. */
  public void execute(
      ShardContext shard,
      String namespaceId,
      ExecuteMultiOperationRequest multi,
      Deadline deadline,
      Consumer<Throwable> onError,
      Consumer<ExecuteMultiOperationResponse> onResponse) {
    new Attempt(
            shard,
            namespaceId,
            multi.getOperations(0).getStartWorkflow(),
            multi.getOperations(1).getUpdateWorkflow(),
            deadline,
            onError,
            onResponse)
        .run(false);
  }

  private final class Attempt {
    private final ShardContext shard;
    private final String namespaceId;
    private final StartWorkflowExecutionRequest startRequest;
    private final UpdateWorkflowExecutionRequest updateRequest;
    private final Deadline deadline;
    private final Consumer<Throwable> onError;
    private final Consumer<ExecuteMultiOperationResponse> onResponse;

    Attempt(
        ShardContext shard,
        String namespaceId,
        StartWorkflowExecutionRequest startRequest,
        UpdateWorkflowExecutionRequest updateRequest,
        Deadline deadline,
        Consumer<Throwable> onError,
        Consumer<ExecuteMultiOperationResponse> onResponse) {
      this.shard = shard;
      this.namespaceId = namespaceId;
      this.startRequest = startRequest;
      this.updateRequest = updateRequest;
      this.deadline = deadline;
      this.onError = onError;
      this.onResponse = onResponse;
    }

    void run(boolean retried) {
      Optional<RunKey> existing;
      try {
        existing = existingRunToUpdate();
      } catch (Throwable t) {
        onError.accept(failure(status(t), aborted()));
        return;
      }
      if (existing.isPresent()) {
        updateExisting(existing.get(), retried);
      } else {
        startAndUpdate();
      }
    }

    /** The current run, when it (rather than a new one) is the one to update. */
    private Optional<RunKey> existingRunToUpdate() {
      String workflowId = startRequest.getWorkflowId();
      Optional<CurrentExecution> current = shard.current(namespaceId, workflowId);
      if (current.isEmpty()) {
        return Optional.empty();
      }
      RunKey key = new RunKey(namespaceId, workflowId, current.get().runId());
      Optional<MutableState> state = shard.read(key);
      if (state.isEmpty()) {
        return Optional.empty();
      }
      String updateId = updateRequest.getRequest().getMeta().getUpdateId();
      UpdateRecord record = state.get().getUpdatesMap().get(updateId);
      if (record != null && record.getCompletedEventId() != 0) {
        return Optional.of(key);
      }
      boolean running =
          state.get().getExecution().getStatus()
              == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE;
      if (!running) {
        return Optional.empty();
      }
      boolean sameStart =
          !startRequest.getRequestId().isEmpty()
              && startRequest.getRequestId().equals(current.get().createRequestId());
      boolean knowsUpdate = record != null || registry.find(key, updateId).isPresent();
      boolean useExisting =
          startRequest.getWorkflowIdConflictPolicy()
              == WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING;
      return sameStart || knowsUpdate || useExisting ? Optional.of(key) : Optional.empty();
    }

    private void updateExisting(RunKey key, boolean retried) {
      var update = updateRequest.toBuilder();
      update.getWorkflowExecutionBuilder().setRunId(key.runId());
      calls.update(
          shard,
          namespaceId,
          update.build(),
          deadline,
          t -> {
            if (closedUnderTheUpdate(t)) {
              if (!retried) {
                run(true);
                return;
              }
              // Closed under the update twice: tell the caller to retry.
              onError.accept(
                  failure(
                      aborted(),
                      com.google.rpc.Status.newBuilder()
                          .setCode(Status.Code.ABORTED.value())
                          .setMessage(status(t).getMessage())
                          .build()));
              return;
            }
            onError.accept(failure(aborted(), status(t)));
          },
          response -> onResponse.accept(response(started(key, false), response)));
    }

    private void startAndUpdate() {
      AtomicReference<UpdateRegistry.Update> admitted = new AtomicReference<>();
      StartWorkflowExecutionResponse started;
      try {
        started =
            start.start(
                shard,
                namespaceId,
                startRequest,
                tx ->
                    tx.afterCommit(
                        () -> admitted.set(registry.admit(tx.key(), updateRequest.getRequest()))));
      } catch (Throwable t) {
        onError.accept(failure(status(t), aborted()));
        return;
      }
      RunKey key = new RunKey(namespaceId, startRequest.getWorkflowId(), started.getRunId());
      if (admitted.get() == null) {
        // No run was created after all (a concurrent start won with the same request id, or
        // made a run that this start's policy reuses): that run gets the update.
        updateExisting(key, true);
        return;
      }
      var update = updateRequest.toBuilder();
      update.getWorkflowExecutionBuilder().setRunId(key.runId());
      calls.awaitAdmitted(
          key,
          admitted.get(),
          update.build(),
          deadline,
          t -> onError.accept(failure(ok(), status(t))),
          response -> onResponse.accept(response(started(key, true), response)));
    }

    private StartWorkflowExecutionResponse started(RunKey key, boolean created) {
      WorkflowExecutionStatus status =
          shard
              .read(key)
              .map(s -> WorkflowExecutionStatus.forNumber(s.getExecution().getStatus()))
              .orElse(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
      return StartWorkflowExecutionResponse.newBuilder()
          .setRunId(key.runId())
          .setStarted(created)
          .setStatus(
              status == null ? WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING : status)
          .build();
    }
  }

  /**
   * The run the update was for closed before it took the update (or was gone by the time it came).
   */
  private static boolean closedUnderTheUpdate(Throwable t) {
    return t instanceof ServiceException e && e.code() == Status.Code.NOT_FOUND;
  }

  private static ExecuteMultiOperationResponse response(
      StartWorkflowExecutionResponse started, UpdateWorkflowExecutionResponse updated) {
    return ExecuteMultiOperationResponse.newBuilder()
        .addResponses(ExecuteMultiOperationResponse.Response.newBuilder().setStartWorkflow(started))
        .addResponses(
            ExecuteMultiOperationResponse.Response.newBuilder().setUpdateWorkflow(updated))
        .build();
  }

  /**
   * Temporal's MultiOperationExecution error: the code of the operation that failed, a status per
   * operation in the details.
   */
  static StatusRuntimeException failure(
      com.google.rpc.Status startStatus, com.google.rpc.Status updateStatus) {
    int code = Status.Code.ABORTED.value();
    for (var status : new com.google.rpc.Status[] {startStatus, updateStatus}) {
      if (status.getCode() != Status.Code.OK.value() && !isAborted(status)) {
        code = status.getCode();
        break;
      }
    }
    MultiOperationExecutionFailure.Builder failure = MultiOperationExecutionFailure.newBuilder();
    for (var status : new com.google.rpc.Status[] {startStatus, updateStatus}) {
      failure.addStatuses(
          MultiOperationExecutionFailure.OperationStatus.newBuilder()
              .setCode(status.getCode())
              .setMessage(status.getMessage())
              .addAllDetails(status.getDetailsList()));
    }
    return StatusProto.toStatusRuntimeException(
        com.google.rpc.Status.newBuilder()
            .setCode(code)
            .setMessage("MultiOperation could not be executed.")
            .addDetails(Any.pack(failure.build()))
            .build());
  }

  private static boolean isAborted(com.google.rpc.Status status) {
    return status.getDetailsCount() > 0
        && status.getDetails(0).is(MultiOperationExecutionAborted.class);
  }

  private static com.google.rpc.Status status(Throwable error) {
    StatusRuntimeException mapped = Rpc.toStatus(error);
    com.google.rpc.Status status = StatusProto.fromThrowable(mapped);
    if (status != null) {
      return status;
    }
    return com.google.rpc.Status.newBuilder()
        .setCode(mapped.getStatus().getCode().value())
        .setMessage(String.valueOf(mapped.getStatus().getDescription()))
        .build();
  }

  private static com.google.rpc.Status aborted() {
    return com.google.rpc.Status.newBuilder()
        .setCode(Status.Code.ABORTED.value())
        .setMessage(ABORTED)
        .addDetails(Any.pack(MultiOperationExecutionAborted.getDefaultInstance()))
        .build();
  }

  private static com.google.rpc.Status ok() {
    return com.google.rpc.Status.newBuilder().setCode(Status.Code.OK.value()).build();
  }
}
