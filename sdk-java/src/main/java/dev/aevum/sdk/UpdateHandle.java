package dev.aevum.sdk;

import dev.aevum.sdk.internal.common.FailureConverter;
import dev.aevum.sdk.internal.common.Rpc;
import io.grpc.Status;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
import io.temporal.api.update.v1.Outcome;
import io.temporal.api.update.v1.UpdateRef;
import io.temporal.api.update.v1.WaitPolicy;
import io.temporal.api.workflowservice.v1.PollWorkflowExecutionUpdateRequest;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An update the workflow accepted; {@link #getResult()} waits for its handler to finish, {@link
 * #getResultAsync()} returns a future of it.
 */
public final class UpdateHandle<R> {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final long RETRY_BACKOFF_MS = 100;
  private final AevumClient client;
  private final WorkflowExecution execution;
  private final String workflowId;
  private final String updateName;
  private final String updateId;
  private final Class<R> resultClass;
  private final Type resultType;
  private Optional<Outcome> outcome;

  UpdateHandle(
      AevumClient client,
      WorkflowExecution execution,
      String workflowId,
      String updateName,
      String updateId,
      Class<R> resultClass,
      Type resultType,
      Optional<Outcome> outcome) {
    this.client = client;
    this.execution = execution;
    this.workflowId = workflowId;
    this.updateName = updateName;
    this.updateId = updateId;
    this.resultClass = resultClass;
    this.resultType = resultType;
    this.outcome = outcome;
  }

  public String updateId() {
    return updateId;
  }

  /** Waits for the handler's result; its failure raises {@link WorkflowUpdateException}. */
  public synchronized R getResult() {
    while (outcome.isEmpty()) {
      poll(WAIT);
    }
    return result();
  }

  /**
   * Waits at most {@code timeout} for the handler's result.
   *
   * @throws WorkflowUpdateTimeoutException if the update has not finished by then
   * @throws WorkflowUpdateException if the validator rejected it or the handler failed
   */
  public synchronized R getResult(Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be zero or positive, got " + timeout);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (outcome.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new WorkflowUpdateTimeoutException(workflowId, updateName, updateId, timeout);
      }
      try {
        poll(Duration.ofNanos(Math.min(left, WAIT.toNanos())));
      } catch (AevumServiceException e) {
        if (e.status().getCode() != Status.Code.DEADLINE_EXCEEDED) {
          throw e;
        }
        // this wait's own deadline: the loop decides whether time is left
      }
    }
    return result();
  }

  /**
   * The handler's result without blocking a thread: the future completes with it, or exceptionally
   * with {@link WorkflowUpdateException} when the validator rejected the update or the handler
   * failed, or {@link AevumServiceException} when the server cannot be asked.
   */
  public CompletableFuture<R> getResultAsync() {
    CompletableFuture<R> result = new CompletableFuture<>();
    pollAsync(result, RETRY_BACKOFF_MS);
    return result;
  }

  private void pollAsync(CompletableFuture<R> result, long backoffMs) {
    synchronized (this) {
      if (outcome.isPresent()) {
        completeWithOutcome(result);
        return;
      }
    }
    client
        .connection()
        .rpc()
        .longPollAsync(
            "PollWorkflowExecutionUpdate", s -> s.pollWorkflowExecutionUpdate(pollRequest()))
        .whenComplete(
            (polled, error) -> {
              if (error == null) {
                synchronized (this) {
                  if (polled.hasOutcome()) {
                    outcome = Optional.of(polled.getOutcome());
                  }
                }
                pollAsync(result, RETRY_BACKOFF_MS);
                return;
              }
              Status status = Status.fromThrowable(error);
              if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
                pollAsync(result, RETRY_BACKOFF_MS); // the poll's own deadline: ask again
              } else if (Rpc.isRetryable(status.getCode())) {
                CompletableFuture.delayedExecutor(backoffMs, TimeUnit.MILLISECONDS)
                    .execute(() -> pollAsync(result, Math.min(backoffMs * 2, 5_000)));
              } else {
                result.completeExceptionally(
                    new AevumServiceException("PollWorkflowExecutionUpdate failed", status, error));
              }
            });
  }

  private void completeWithOutcome(CompletableFuture<R> result) {
    try {
      result.complete(result());
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
  }

  private PollWorkflowExecutionUpdateRequest pollRequest() {
    return PollWorkflowExecutionUpdateRequest.newBuilder()
        .setNamespace(client.options().namespace())
        .setUpdateRef(UpdateRef.newBuilder().setWorkflowExecution(execution).setUpdateId(updateId))
        .setIdentity(client.options().identity())
        .setWaitPolicy(
            WaitPolicy.newBuilder()
                .setLifecycleStage(
                    UpdateWorkflowExecutionLifecycleStage
                        .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED))
        .build();
  }

  private void poll(Duration wait) {
    PollWorkflowExecutionUpdateRequest poll = pollRequest();
    var polled =
        client
            .connection()
            .rpc()
            .call(
                "PollWorkflowExecutionUpdate",
                s ->
                    s.withDeadlineAfter(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS)
                        .pollWorkflowExecutionUpdate(poll));
    outcome = polled.hasOutcome() ? Optional.of(polled.getOutcome()) : Optional.empty();
  }

  private R result() {
    Outcome done = outcome.get();
    if (done.hasFailure()) {
      throw new WorkflowUpdateException(
          workflowId,
          updateName,
          updateId,
          new FailureConverter(client.options().dataConverter()).toException(done.getFailure()));
    }
    Optional<Payloads> result =
        done.hasSuccess() ? Optional.of(done.getSuccess()) : Optional.empty();
    return client.options().dataConverter().fromPayloads(0, result, resultClass, resultType);
  }
}
