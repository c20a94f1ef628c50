package dev.aevum.sdk.internal.common;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import dev.aevum.sdk.AevumServiceException;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc.WorkflowServiceBlockingStub;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc.WorkflowServiceFutureStub;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Issues WorkflowService calls with a deadline, gzip, and retries with exponential backoff and
 * jitter on transient statuses. Long polls get their own, longer deadline and no retry here: the
 * poll loop owns that.
 */
public final class Rpc {
  /** Servers hold a poll for up to about 60 s; leave room for the empty response to arrive. */
  public static final Duration LONG_POLL_TIMEOUT = Duration.ofSeconds(70);

  private static final long INITIAL_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 5_000;
  private static final long RESOURCE_EXHAUSTED_BACKOFF_MS = 1_000;

  private final Channel channel;
  private final Duration rpcTimeout;
  private final Duration retryBudget;
  private final SdkMetrics metrics;

  public Rpc(Channel channel, Duration rpcTimeout, Duration retryBudget, SdkMetrics metrics) {
    this.channel = channel;
    this.rpcTimeout = rpcTimeout;
    this.retryBudget = retryBudget;
    this.metrics = metrics;
  }

  /** The meters of this connection, for the workers that use it. */
  public SdkMetrics metrics() {
    return metrics;
  }

  public WorkflowServiceBlockingStub stub(Duration timeout) {
    return WorkflowServiceGrpc.newBlockingStub(channel)
        .withCompression("gzip")
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A unary call retried on transient failures until the retry budget is spent. */
  public <T> T call(String operation, Function<WorkflowServiceBlockingStub, T> call) {
    long deadline = System.nanoTime() + retryBudget.toNanos();
    long backoff = INITIAL_BACKOFF_MS;
    while (true) {
      long start = System.nanoTime();
      try {
        T result = call.apply(stub(rpcTimeout));
        metrics.request(operation, System.nanoTime() - start, Optional.empty());
        return result;
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        metrics.request(operation, System.nanoTime() - start, Optional.of(code));
        long sleep =
            code == Status.Code.RESOURCE_EXHAUSTED
                ? Math.max(backoff, RESOURCE_EXHAUSTED_BACKOFF_MS)
                : backoff;
        if (!isRetryable(code)
            || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sleep) > deadline) {
          throw new AevumServiceException(operation + " failed", e.getStatus(), e);
        }
        sleepWithJitter(sleep);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  /** A long poll; the caller handles errors and backs off. */
  public <T> T longPoll(String operation, Function<WorkflowServiceBlockingStub, T> call) {
    long start = System.nanoTime();
    try {
      T result = call.apply(stub(LONG_POLL_TIMEOUT));
      metrics.longRequest(operation, System.nanoTime() - start, Optional.empty());
      return result;
    } catch (StatusRuntimeException e) {
      metrics.longRequest(
          operation, System.nanoTime() - start, Optional.of(e.getStatus().getCode()));
      throw e;
    }
  }

  /**
   * A long poll that holds no thread while it waits: the future completes with the response, or
   * with the call's {@link StatusRuntimeException}; the caller handles errors and backs off.
   */
  public <T> CompletableFuture<T> longPollAsync(
      String operation, Function<WorkflowServiceFutureStub, ListenableFuture<T>> call) {
    long start = System.nanoTime();
    ListenableFuture<T> pending =
        call.apply(
            WorkflowServiceGrpc.newFutureStub(channel)
                .withCompression("gzip")
                .withDeadlineAfter(LONG_POLL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    CompletableFuture<T> result = new CompletableFuture<>();
    pending.addListener(
        () -> {
          try {
            T value = pending.get();
            metrics.longRequest(operation, System.nanoTime() - start, Optional.empty());
            result.complete(value);
          } catch (ExecutionException e) {
            Optional<Status.Code> code =
                e.getCause() instanceof StatusRuntimeException s
                    ? Optional.of(s.getStatus().getCode())
                    : Optional.of(Status.Code.UNKNOWN);
            metrics.longRequest(operation, System.nanoTime() - start, code);
            result.completeExceptionally(e.getCause());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(e);
          }
        },
        MoreExecutors.directExecutor());
    return result;
  }

  /** True for the codes a caller may retry after a backoff. */
  public static boolean isRetryable(Status.Code code) {
    return switch (code) {
      case UNAVAILABLE, RESOURCE_EXHAUSTED, ABORTED, INTERNAL, UNKNOWN -> true;
      default -> false;
    };
  }

  public static void sleepWithJitter(long millis) {
    long jittered = millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1);
    try {
      Thread.sleep(jittered);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing off", e);
    }
  }
}
