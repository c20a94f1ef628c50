package dev.aevum.server.frontend.internal.workflow;

import com.google.protobuf.Any;
import dev.aevum.server.common.Errors;
import dev.aevum.server.common.Rpc;
import dev.aevum.server.frontend.FrontendSettings;
import dev.aevum.server.frontend.internal.validation.Fields;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.errordetails.v1.MultiOperationExecutionFailure;
import io.temporal.api.failure.v1.MultiOperationExecutionAborted;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Update-with-start (ExecuteMultiOperation), checked like Temporal's frontend: exactly [start,
 * update] on one workflow id, each operation validated as its own RPC would be. Failures of single
 * operations come back the way SDKs unpack them: one status carrying a
 * MultiOperationExecutionFailure with a status per operation, the healthy ones "aborted".
 */
public final class MultiOperations {
  static final String EXECUTION_FAILED = "Update-with-Start could not be executed.";
  static final String NOT_START_AND_UPDATE = "Operations have to be exactly [Start, Update].";
  static final String ABORTED = "Operation was aborted.";

  private final FrontendSettings settings;
  private final WorkflowRequests workflowRequests;
  private final MessageRequests messageRequests;

  public MultiOperations(
      FrontendSettings settings,
      WorkflowRequests workflowRequests,
      MessageRequests messageRequests) {
    this.settings = settings;
    this.workflowRequests = workflowRequests;
    this.messageRequests = messageRequests;
  }

  /** The validated request to forward; its start operation's workflow id is the routing key. */
  public ExecuteMultiOperationRequest validate(ExecuteMultiOperationRequest request) {
    Fields.namespace(request.getNamespace(), settings.maxIdLength());
    if (request.getOperationsCount() != 2
        || !request.getOperations(0).hasStartWorkflow()
        || !request.getOperations(1).hasUpdateWorkflow()) {
      throw Errors.invalidArgument(NOT_START_AND_UPDATE);
    }
    String namespace = request.getNamespace();
    List<Optional<RuntimeException>> errors = new ArrayList<>();
    ExecuteMultiOperationRequest.Builder out = request.toBuilder();
    Optional<String> workflowId = Optional.empty();

    Optional<StartWorkflowExecutionRequest> start =
        attempt(errors, () -> start(namespace, request.getOperations(0).getStartWorkflow()));
    if (start.isPresent()) {
      out.getOperationsBuilder(0).setStartWorkflow(start.get());
      workflowId = Optional.of(start.get().getWorkflowId());
    }
    Optional<UpdateWorkflowExecutionRequest> update =
        attempt(errors, () -> update(namespace, request.getOperations(1).getUpdateWorkflow()));
    if (update.isPresent()) {
      out.getOperationsBuilder(1).setUpdateWorkflow(update.get());
      String updateWorkflowId = update.get().getWorkflowExecution().getWorkflowId();
      if (workflowId.isPresent() && !workflowId.get().equals(updateWorkflowId)) {
        errors.set(
            1,
            Optional.of(
                Errors.invalidArgument(
                    "WorkflowId is not consistent with previous operation(s).")));
      }
    }
    if (errors.stream().anyMatch(Optional::isPresent)) {
      throw failure(errors);
    }
    return out.build();
  }

  private StartWorkflowExecutionRequest start(
      String namespace, StartWorkflowExecutionRequest request) {
    StartWorkflowExecutionRequest valid =
        workflowRequests.start(
            inNamespace(
                namespace,
                request.getNamespace(),
                () -> request.toBuilder().setNamespace(namespace).build(),
                request));
    if (!valid.getCronSchedule().isEmpty()) {
      throw Errors.invalidArgument("CronSchedule is not allowed.");
    }
    if (valid.getRequestEagerExecution()) {
      throw Errors.invalidArgument("RequestEagerExecution is not supported.");
    }
    if (valid.getWorkflowStartDelay().getSeconds() > 0
        || valid.getWorkflowStartDelay().getNanos() > 0) {
      throw Errors.invalidArgument("WorkflowStartDelay is not supported.");
    }
    return valid;
  }

  /**
   * The request with its start operation's search attributes checked by {@code check} (which needs
   * the namespace); a rejection is reported as the start operation's failure.
   */
  public static ExecuteMultiOperationRequest withStartSearchAttributes(
      ExecuteMultiOperationRequest valid, UnaryOperator<SearchAttributes> check) {
    StartWorkflowExecutionRequest start = valid.getOperations(0).getStartWorkflow();
    if (!start.hasSearchAttributes()) {
      return valid;
    }
    try {
      ExecuteMultiOperationRequest.Builder out = valid.toBuilder();
      out.getOperationsBuilder(0)
          .getStartWorkflowBuilder()
          .setSearchAttributes(check.apply(start.getSearchAttributes()));
      return out.build();
    } catch (RuntimeException e) {
      throw failure(List.of(Optional.of(e), Optional.empty()));
    }
  }

  private UpdateWorkflowExecutionRequest update(
      String namespace, UpdateWorkflowExecutionRequest request) {
    UpdateWorkflowExecutionRequest valid =
        messageRequests.update(
            inNamespace(
                namespace,
                request.getNamespace(),
                () -> request.toBuilder().setNamespace(namespace).build(),
                request));
    if (!valid.getFirstExecutionRunId().isEmpty()) {
      throw Errors.invalidArgument("FirstExecutionRunId is not allowed.");
    }
    if (!valid.getWorkflowExecution().getRunId().isEmpty()) {
      throw Errors.invalidArgument("RunId is not allowed.");
    }
    return valid;
  }

  /**
   * An operation may leave its namespace empty (it then inherits the request's) but not name
   * another.
   */
  private static <T> T inNamespace(String namespace, String own, Supplier<T> inherited, T request) {
    if (own.isEmpty()) {
      return inherited.get();
    }
    if (!own.equals(namespace)) {
      throw Errors.invalidArgument("Operation namespace did not match request's namespace.");
    }
    return request;
  }

  private static <T> Optional<T> attempt(
      List<Optional<RuntimeException>> errors, Supplier<T> check) {
    try {
      T valid = check.get();
      errors.add(Optional.empty());
      return Optional.of(valid);
    } catch (RuntimeException e) {
      errors.add(Optional.of(e));
      return Optional.empty();
    }
  }

  /**
   * Temporal's MultiOperationExecution status: the code of the first real failure, a status per
   * operation.
   */
  static StatusRuntimeException failure(List<Optional<RuntimeException>> errors) {
    MultiOperationExecutionFailure.Builder failure = MultiOperationExecutionFailure.newBuilder();
    Status.Code code = Status.Code.ABORTED;
    boolean codeSet = false;
    for (Optional<RuntimeException> error : errors) {
      com.google.rpc.Status status =
          error.map(MultiOperations::status).orElseGet(MultiOperations::aborted);
      if (error.isPresent() && !codeSet) {
        code = Status.fromCodeValue(status.getCode()).getCode();
        codeSet = true;
      }
      failure.addStatuses(
          MultiOperationExecutionFailure.OperationStatus.newBuilder()
              .setCode(status.getCode())
              .setMessage(status.getMessage())
              .addAllDetails(status.getDetailsList()));
    }
    return StatusProto.toStatusRuntimeException(
        com.google.rpc.Status.newBuilder()
            .setCode(code.value())
            .setMessage(EXECUTION_FAILED)
            .addDetails(Any.pack(failure.build()))
            .build());
  }

  /**
   * A MultiOperationExecution failure from history under Temporal's caller-facing message; anything
   * else unchanged.
   */
  public static Throwable renamed(Throwable error) {
    com.google.rpc.Status status = StatusProto.fromThrowable(error);
    if (status == null
        || status.getDetailsList().stream()
            .noneMatch(d -> d.is(MultiOperationExecutionFailure.class))) {
      return error;
    }
    return StatusProto.toStatusRuntimeException(
        status.toBuilder().setMessage(EXECUTION_FAILED).build());
  }

  private static com.google.rpc.Status status(RuntimeException error) {
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
}
