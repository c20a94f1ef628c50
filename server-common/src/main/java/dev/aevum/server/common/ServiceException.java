package dev.aevum.server.common;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Optional;

/**
 * A failure meant for the caller: a gRPC status code, a message, and optionally one of Temporal's
 * {@code temporal.api.errordetails.v1} messages that SDKs branch on. Create them through {@link
 * Errors}; they become a gRPC status only at a service edge ({@link Rpc}).
 */
public final class ServiceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Status.Code code;
  private final transient Message details;

  ServiceException(Status.Code code, String message, Message details) {
    super(message, null, false, false);
    this.code = code;
    this.details = details;
  }

  public Status.Code code() {
    return code;
  }

  public Optional<Message> details() {
    return Optional.ofNullable(details);
  }

  /**
   * The status, with details in the {@code grpc-status-details-bin} trailer as Temporal sends them.
   */
  public StatusRuntimeException toStatusRuntimeException() {
    com.google.rpc.Status.Builder status =
        com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(getMessage());
    if (details != null) {
      status.addDetails(Any.pack(details));
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }
}
