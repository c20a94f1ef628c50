package dev.aevum.server.common;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.enums.v1.ResourceExhaustedCause;
import io.temporal.api.enums.v1.ResourceExhaustedScope;
import io.temporal.api.errordetails.v1.ActivityExecutionAlreadyStartedFailure;
import io.temporal.api.errordetails.v1.NamespaceAlreadyExistsFailure;
import io.temporal.api.errordetails.v1.NamespaceNotFoundFailure;
import io.temporal.api.errordetails.v1.NotFoundFailure;
import io.temporal.api.errordetails.v1.QueryFailedFailure;
import io.temporal.api.errordetails.v1.ResourceExhaustedFailure;
import io.temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure;
import io.temporal.api.errordetails.v1.WorkflowNotReadyFailure;
import io.temporal.api.failure.v1.Failure;

/**
 * The one table of caller-facing errors, with the status codes and error details Temporal's server
 * uses for them.
 */
public final class Errors {
  private Errors() {}

  public static ServiceException invalidArgument(String message) {
    return new ServiceException(Status.Code.INVALID_ARGUMENT, message, null);
  }

  public static ServiceException notFound(String message) {
    return new ServiceException(
        Status.Code.NOT_FOUND,
        message,
        NotFoundFailure.newBuilder()
            .setCurrentCluster(Cluster.NAME)
            .setActiveCluster(Cluster.NAME)
            .build());
  }

  public static ServiceException namespaceNotFound(String namespace) {
    return new ServiceException(
        Status.Code.NOT_FOUND,
        "Namespace " + namespace + " is not found.",
        NamespaceNotFoundFailure.newBuilder().setNamespace(namespace).build());
  }

  public static ServiceException namespaceAlreadyExists(String namespace) {
    return new ServiceException(
        Status.Code.ALREADY_EXISTS,
        "Namespace \"" + namespace + "\" already exists",
        NamespaceAlreadyExistsFailure.getDefaultInstance());
  }

  public static ServiceException workflowAlreadyStarted(
      String message, String startRequestId, String runId) {
    return new ServiceException(
        Status.Code.ALREADY_EXISTS,
        message,
        WorkflowExecutionAlreadyStartedFailure.newBuilder()
            .setStartRequestId(startRequestId)
            .setRunId(runId)
            .build());
  }

  public static ServiceException activityAlreadyStarted(
      String message, String startRequestId, String runId) {
    return new ServiceException(
        Status.Code.ALREADY_EXISTS,
        message,
        ActivityExecutionAlreadyStartedFailure.newBuilder()
            .setStartRequestId(startRequestId)
            .setRunId(runId)
            .build());
  }

  public static ServiceException resourceExhausted(
      ResourceExhaustedCause cause, ResourceExhaustedScope scope, String message) {
    return new ServiceException(
        Status.Code.RESOURCE_EXHAUSTED,
        message,
        ResourceExhaustedFailure.newBuilder().setCause(cause).setScope(scope).build());
  }

  public static ServiceException alreadyExists(String message) {
    return new ServiceException(Status.Code.ALREADY_EXISTS, message, null);
  }

  /** Reason in the ErrorInfo detail of {@link #stickyWorkerUnavailable()}. */
  public static final String STICKY_WORKER_UNAVAILABLE = "STICKY_WORKER_UNAVAILABLE";

  /**
   * A task went to a sticky queue whose worker is gone; history then uses the normal queue. The
   * public API has no detail type for this (Temporal keeps it internal), so an ErrorInfo marks it.
   */
  public static ServiceException stickyWorkerUnavailable() {
    return new ServiceException(
        Status.Code.FAILED_PRECONDITION,
        "sticky worker unavailable, please use original task queue.",
        ErrorInfo.newBuilder()
            .setReason(STICKY_WORKER_UNAVAILABLE)
            .setDomain("matching.aevum.dev")
            .build());
  }

  /** True if a failed AddWorkflowTask means "use the normal queue instead". */
  public static boolean isStickyWorkerUnavailable(Throwable t) {
    com.google.rpc.Status status = StatusProto.fromThrowable(t);
    if (status == null) {
      return false;
    }
    for (Any detail : status.getDetailsList()) {
      try {
        if (detail.is(ErrorInfo.class)
            && detail.unpack(ErrorInfo.class).getReason().equals(STICKY_WORKER_UNAVAILABLE)) {
          return true;
        }
      } catch (InvalidProtocolBufferException e) {
        return false;
      }
    }
    return false;
  }

  /** The worker answered a query with a failure. */
  public static ServiceException queryFailed(String message, Failure failure) {
    return new ServiceException(
        Status.Code.INVALID_ARGUMENT,
        message,
        QueryFailedFailure.newBuilder().setFailure(failure).build());
  }

  /** A query cannot run yet: the workflow's tasks keep failing. */
  public static ServiceException workflowNotReady(String message) {
    return new ServiceException(
        Status.Code.FAILED_PRECONDITION, message, WorkflowNotReadyFailure.getDefaultInstance());
  }

  public static ServiceException failedPrecondition(String message) {
    return new ServiceException(Status.Code.FAILED_PRECONDITION, message, null);
  }

  public static ServiceException permissionDenied(String message) {
    return new ServiceException(Status.Code.PERMISSION_DENIED, message, null);
  }

  public static ServiceException unimplemented(String message) {
    return new ServiceException(Status.Code.UNIMPLEMENTED, message, null);
  }

  public static ServiceException unavailable(String message) {
    return new ServiceException(Status.Code.UNAVAILABLE, message, null);
  }

  /** A wait the caller asked for ran out (long polls, queries, update results). */
  public static ServiceException deadlineExceeded(String message) {
    return new ServiceException(Status.Code.DEADLINE_EXCEEDED, message, null);
  }

  public static ServiceException internal(String message) {
    return new ServiceException(Status.Code.INTERNAL, message, null);
  }
}
