package dev.aevum.server.history.internal.read;

import dev.aevum.server.common.Rpc;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.RunWatchers;
import dev.aevum.server.history.internal.execution.ShardContext;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One waiting GetWorkflowExecutionHistory call: reads again at each commit of the run until there
 * is something to answer, or answers what there is at its deadline. Holds no thread.
 *
 * <p>The poll stays on the run it resolved first, as Temporal's does: a call without run id that
 * waits for the close event of the current run answers with that run's close event (which names the
 * next run after continue-as-new, a retry or cron), not with whatever run is current by then.
 */
public final class HistoryLongPoll {
  private final ReadHandlers reads;
  private final RunWatchers watchers;
  private final ScheduledExecutorService executor;
  private final ShardContext shard;
  private final String namespaceId;
  private final GetWorkflowExecutionHistoryRequest request;
  private final RunKey key;
  private final StreamObserver<GetWorkflowExecutionHistoryResponse> observer;
  private final long deadlineNanos;
  private final AtomicBoolean answered = new AtomicBoolean();
  private final Runnable onCommit = this::onCommit;
  private volatile ScheduledFuture<?> timeout;

  public HistoryLongPoll(
      ReadHandlers reads,
      RunWatchers watchers,
      ScheduledExecutorService executor,
      ShardContext shard,
      String namespaceId,
      GetWorkflowExecutionHistoryRequest request,
      RunKey key,
      StreamObserver<GetWorkflowExecutionHistoryResponse> observer,
      long deadlineNanos) {
    this.reads = reads;
    this.watchers = watchers;
    this.executor = executor;
    this.shard = shard;
    this.namespaceId = namespaceId;
    this.request = pinned(request, key);
    this.key = key;
    this.observer = observer;
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * The request with the run it resolved to: every re-read reads that run, whichever run is
   * current.
   */
  private static GetWorkflowExecutionHistoryRequest pinned(
      GetWorkflowExecutionHistoryRequest request, RunKey key) {
    if (request.getExecution().getRunId().equals(key.runId())) {
      return request;
    }
    var pinned = request.toBuilder();
    pinned.getExecutionBuilder().setRunId(key.runId());
    return pinned.build();
  }

  public void start() {
    Context.current().addListener(ctx -> finish(), executor);
    timeout =
        executor.schedule(
            this::answer, Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    watchAndCheck();
  }

  private void watchAndCheck() {
    watchers.watch(key, onCommit);
    // A commit between the last read and the watch would be missed: read once more.
    check();
  }

  private void onCommit() {
    executor.execute(this::watchAndCheck);
  }

  private void check() {
    if (answered.get()) {
      return;
    }
    try {
      if (reads.history(shard, namespaceId, request, true).waitOn().isEmpty()) {
        answer();
      }
    } catch (Throwable t) {
      if (answered.compareAndSet(false, true)) {
        finish();
        Rpc.fail(observer, t);
      }
    }
  }

  private void answer() {
    if (answered.compareAndSet(false, true)) {
      finish();
      Rpc.unary(observer, () -> reads.history(shard, namespaceId, request, false).response());
    }
  }

  private void finish() {
    answered.set(true);
    watchers.unwatch(key, onCommit);
    var t = timeout;
    if (t != null) {
      t.cancel(false);
    }
  }
}
