package dev.aevum.server.common;

import dev.aevum.persistence.ConditionFailedException;
import dev.aevum.persistence.PersistenceException;
import dev.aevum.persistence.ShardOwnershipLostException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge between service code and gRPC: runs a call and turns whatever it throws into the one
 * status mapping every Aevum service uses.
 */
public final class Rpc {
  private static final Logger log = LoggerFactory.getLogger(Rpc.class);

  private Rpc() {}

  /** Runs {@code body} and completes {@code observer} with its value or its mapped failure. */
  public static <T> void unary(StreamObserver<T> observer, Supplier<T> body) {
    T value;
    try {
      value = body.get();
    } catch (Throwable t) {
      observer.onError(toStatus(t));
      return;
    }
    observer.onNext(value);
    observer.onCompleted();
  }

  /** Completes {@code observer} with the mapped failure. */
  public static void fail(StreamObserver<?> observer, Throwable t) {
    observer.onError(toStatus(t));
  }

  /** Maps any failure to the status a caller sees. */
  public static StatusRuntimeException toStatus(Throwable t) {
    if (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof ServiceException e) {
      return e.toStatusRuntimeException();
    }
    if (t instanceof StatusRuntimeException e) {
      // Already a status, e.g. from an internal call: pass it through with its details.
      return e;
    }
    if (t instanceof StatusException e) {
      return new StatusRuntimeException(e.getStatus(), e.getTrailers());
    }
    if (t instanceof ShardOwnershipLostException || t instanceof ConditionFailedException) {
      // Retryable: the SDK retries UNAVAILABLE.
      return Errors.unavailable("Service busy, retry: " + t.getMessage())
          .toStatusRuntimeException();
    }
    String id = UUID.randomUUID().toString();
    if (t instanceof PersistenceException p && !p.isTransient()) {
      // The database rejected the operation itself: retrying cannot help, so do not invite it.
      log.error("database rejected an operation, error id {}", id, t);
      return Status.INTERNAL
          .withDescription(
              "The database rejected the operation (error id " + id + "): " + t.getMessage())
          .asRuntimeException();
    }
    if (t instanceof PersistenceException) {
      log.error("persistence failure, error id {}", id, t);
      return Status.UNAVAILABLE
          .withDescription("Persistence unavailable (error id " + id + "): " + t.getMessage())
          .asRuntimeException();
    }
    log.error("internal error, error id {}", id, t);
    return Status.INTERNAL
        .withDescription("Internal error (error id " + id + "): " + t)
        .asRuntimeException();
  }
}
