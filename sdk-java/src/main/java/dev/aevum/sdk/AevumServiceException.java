package dev.aevum.sdk;

import io.grpc.Status;

/** A call to the server failed; {@link #status()} carries the gRPC status. */
public class AevumServiceException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Status status;

  public AevumServiceException(String message, Status status, Throwable cause) {
    super(
        message
            + ": "
            + status.getCode()
            + (status.getDescription() == null ? "" : " " + status.getDescription()),
        cause);
    this.status = status;
  }

  public Status status() {
    return status;
  }
}
