package dev.aevum.server.matching;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * Stand-in until server-common offers {@code Errors.stickyWorkerUnavailable()}. The public API
 * jar has no StickyWorkerUnavailableFailure (Temporal keeps it in its server-internal protos), so
 * the failure carries a google.rpc.ErrorInfo with a fixed reason that history can recognise.
 */
final class StickyErrors {
  static final String REASON = "STICKY_WORKER_UNAVAILABLE";
  static final String DOMAIN = "matching.aevum.dev";
  static final String MESSAGE = "sticky worker unavailable, please use original task queue.";

  private StickyErrors() {}

  static StatusRuntimeException stickyWorkerUnavailable() {
    com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
        .setCode(Status.Code.FAILED_PRECONDITION.value())
        .setMessage(MESSAGE)
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(REASON).setDomain(DOMAIN).build()))
        .build();
    return StatusProto.toStatusRuntimeException(status);
  }
}
