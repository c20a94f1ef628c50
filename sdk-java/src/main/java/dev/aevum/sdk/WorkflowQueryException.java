package dev.aevum.sdk;

import io.grpc.Status;

/** A query failed: the handler threw, does not exist, or the worker could not answer. */
public final class WorkflowQueryException extends AevumServiceException {
  private static final long serialVersionUID = 1L;

  public WorkflowQueryException(String message, Status status, Throwable cause) {
    super(message, status, cause);
  }
}
