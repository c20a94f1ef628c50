package dev.aevum.server.history.internal.standalone;

import dev.aevum.proto.persistence.MutableState;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.RunWatchers;
import dev.aevum.server.history.internal.execution.ShardContext;
import io.grpc.Deadline;
import io.temporal.api.activity.v1.ActivityExecutionOutcome;
import io.temporal.api.workflowservice.v1.PollActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.PollActivityExecutionResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * PollActivityExecution without holding a thread: the outcome as soon as the run closes, or an
 * answer without one before the caller's deadline (or the long-poll expiration), to poll again.
 */
public final class ActivityResults {
  /** Answers this long before the caller's deadline, so the empty answer reaches it in time. */
  private static final long DEADLINE_MARGIN_MS = 1_000;

  private final RunWatchers watchers;
  private final ScheduledExecutorService executor;
  private final Duration longPollExpiration;

  public ActivityResults(
      RunWatchers watchers, ScheduledExecutorService executor, Duration longPollExpiration) {
    this.watchers = watchers;
    this.executor = executor;
    this.longPollExpiration = longPollExpiration;
  }

  public void poll(
      ShardContext shard,
      String namespaceId,
      PollActivityExecutionRequest request,
      Deadline deadline,
      Consumer<Throwable> onError,
      Consumer<PollActivityExecutionResponse> onAnswer) {
    RunKey key;
    try {
      key =
          ActivityExecutions.resolve(
              shard, namespaceId, request.getActivityId(), request.getRunId());
      Optional<ActivityExecutionOutcome> outcome = outcome(shard, key);
      if (outcome.isPresent()) {
        onAnswer.accept(answer(key, outcome));
        return;
      }
    } catch (Throwable t) {
      onError.accept(t);
      return;
    }
    new Wait(shard, key, onError, onAnswer).begin(deadline);
  }

  private static Optional<ActivityExecutionOutcome> outcome(ShardContext shard, RunKey key) {
    MutableState state = ActivityExecutions.read(shard, key);
    return ActivityExecutions.outcome(shard, key, state);
  }

  private static PollActivityExecutionResponse answer(
      RunKey key, Optional<ActivityExecutionOutcome> outcome) {
    PollActivityExecutionResponse.Builder response =
        PollActivityExecutionResponse.newBuilder().setRunId(key.runId());
    outcome.ifPresent(response::setOutcome);
    return response.build();
  }

  /** One waiting poll: answered once, by the run's close or by the timer, whichever comes first. */
  private final class Wait implements Runnable {
    private final ShardContext shard;
    private final RunKey key;
    private final Consumer<Throwable> onError;
    private final Consumer<PollActivityExecutionResponse> onAnswer;
    private final AtomicBoolean answered = new AtomicBoolean();

    Wait(
        ShardContext shard,
        RunKey key,
        Consumer<Throwable> onError,
        Consumer<PollActivityExecutionResponse> onAnswer) {
      this.shard = shard;
      this.key = key;
      this.onError = onError;
      this.onAnswer = onAnswer;
    }

    void begin(Deadline deadline) {
      long waitMs =
          Math.min(
              longPollExpiration.toMillis(),
              deadline.timeRemaining(TimeUnit.MILLISECONDS) - DEADLINE_MARGIN_MS);
      executor.schedule(
          () -> {
            if (answered.compareAndSet(false, true)) {
              watchers.unwatch(key, this);
              onAnswer.accept(answer(key, Optional.empty()));
            }
          },
          Math.max(0, waitMs),
          TimeUnit.MILLISECONDS);
      watchers.watch(key, this);
      // The run may have closed between the first read and the watch.
      executor.execute(() -> check(false));
    }

    /** The run committed (which ended this watch): look again, off the committing thread. */
    @Override
    public void run() {
      executor.execute(() -> check(true));
    }

    private void check(boolean watchAgain) {
      if (answered.get()) {
        return;
      }
      Optional<ActivityExecutionOutcome> outcome;
      try {
        outcome = outcome(shard, key);
      } catch (Throwable t) {
        if (answered.compareAndSet(false, true)) {
          watchers.unwatch(key, this);
          onError.accept(t);
        }
        return;
      }
      if (outcome.isEmpty()) {
        if (watchAgain) {
          watchers.watch(key, this);
        }
        return;
      }
      if (answered.compareAndSet(false, true)) {
        watchers.unwatch(key, this);
        onAnswer.accept(answer(key, outcome));
      }
    }
  }
}
