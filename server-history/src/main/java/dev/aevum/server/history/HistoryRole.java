package dev.aevum.server.history;

import dev.aevum.persistence.Persistence;
import dev.aevum.server.common.Errors;
import dev.aevum.server.common.Shards;
import dev.aevum.server.history.internal.AfterCommit;
import dev.aevum.server.history.internal.HistoryGrpcService;
import dev.aevum.server.history.internal.StoredNamespaces;
import dev.aevum.server.history.internal.activity.ActivityHandler;
import dev.aevum.server.history.internal.child.CrossRunTasks;
import dev.aevum.server.history.internal.commands.WorkflowTaskHandler;
import dev.aevum.server.history.internal.execution.EventCache;
import dev.aevum.server.history.internal.execution.GroupCommitter;
import dev.aevum.server.history.internal.execution.RunWatchers;
import dev.aevum.server.history.internal.execution.ShardContext;
import dev.aevum.server.history.internal.metrics.HistoryMetrics;
import dev.aevum.server.history.internal.query.QueryBuffer;
import dev.aevum.server.history.internal.query.QueryCalls;
import dev.aevum.server.history.internal.queue.OutboxQueues;
import dev.aevum.server.history.internal.read.ReadHandlers;
import dev.aevum.server.history.internal.reset.ResetWorkflow;
import dev.aevum.server.history.internal.standalone.ActivityResults;
import dev.aevum.server.history.internal.update.SpeculativeTasks;
import dev.aevum.server.history.internal.update.UpdateCalls;
import dev.aevum.server.history.internal.update.UpdateRegistry;
import dev.aevum.server.history.internal.update.UpdateWithStart;
import dev.aevum.server.history.internal.workflow.StartWorkflow;
import dev.aevum.server.history.internal.workflow.TerminateWorkflow;
import dev.aevum.server.history.internal.workflow.WorkflowEnd;
import io.grpc.Channel;
import io.grpc.ServerServiceDefinition;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.api.common.v1.Payloads;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The history role: owns the history shards of this cluster (all of them, on one node), serves the
 * internal HistoryService and runs the shards' outbox tasks.
 *
 * <p>Lifecycle: {@link #create}, bind {@link #service()}, {@link #start()} (acquires the shards and
 * recovers their persisted tasks), {@link #close()}.
 */
public final class HistoryRole implements AutoCloseable {
  private final HistorySettings settings;
  private final Persistence persistence;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final OutboxQueues queues;
  private final RunWatchers watchers = new RunWatchers();
  private final UpdateRegistry updates = new UpdateRegistry();
  private final QueryBuffer queries = new QueryBuffer();
  private final ShardContext[] shards;

  /** Runs the shards' group commits: one thread per shard that is writing at the moment. */
  private final ExecutorService commitWriters =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "aevum-history-commit");
            thread.setDaemon(true);
            return thread;
          });

  private final HistoryGrpcService service;

  /** One group committer for every shard, so transitions of different shards share transactions. */
  private final GroupCommitter committer;

  private final ShardContext.Shared shared;

  /** Serialized history bytes cached across all shards (EventCache). */
  static final long HISTORY_CACHE_BYTES = 64L * 1024 * 1024;

  private final HistoryMetrics metrics;

  private HistoryRole(
      HistorySettings settings,
      Persistence persistence,
      Channel matching,
      Clock clock,
      MeterRegistry registry) {
    this.metrics = new HistoryMetrics(registry);
    Gauge.builder("aevum.history.waiting.calls", watchers, RunWatchers::waiting)
        .description(
            "Calls waiting for a workflow run to change: history long polls, queries before the first task")
        .register(registry);
    this.settings = settings;
    this.persistence = persistence;
    this.clock = clock;
    this.executor =
        Executors.newScheduledThreadPool(
            4,
            runnable -> {
              Thread thread = new Thread(runnable, "aevum-history-outbox");
              thread.setDaemon(true);
              return thread;
            });
    this.shards = new ShardContext[settings.numHistoryShards() + 1];
    this.committer =
        new GroupCommitter(
            persistence.executions()::apply,
            commitWriters,
            metrics,
            persistence.writesInParallel() ? 2 : 1);
    this.shared =
        new ShardContext.Shared(
            persistence, clock, committer, new EventCache(HISTORY_CACHE_BYTES), metrics);
    StartWorkflow start = new StartWorkflow(settings, new TerminateWorkflow());
    CrossRunTasks crossRun =
        new CrossRunTasks(
            (namespaceId, workflowId) ->
                shard(Shards.shardOf(namespaceId, workflowId, settings.numHistoryShards())),
            start);
    this.queues = new OutboxQueues(settings, executor, matching, clock, crossRun, metrics);
    SpeculativeTasks speculative = new SpeculativeTasks(updates, matching, executor);
    UpdateCalls updateCalls =
        new UpdateCalls(updates, speculative, executor, settings.longPollExpiration());
    var handlers =
        new HistoryGrpcService.Handlers(
            start,
            new ReadHandlers(settings),
            new WorkflowTaskHandler(
                settings,
                updates,
                speculative,
                queries,
                new StoredNamespaces(persistence.namespaces())),
            new ActivityHandler(settings.blobSizeLimitBytes()),
            updateCalls,
            new UpdateWithStart(start, updates, updateCalls),
            new QueryCalls(matching, watchers, executor, queries),
            new ResetWorkflow(settings),
            new ActivityResults(watchers, executor, settings.longPollExpiration()));
    this.service = new HistoryGrpcService(settings, this::shard, watchers, executor, handlers);
  }

  public static HistoryRole create(
      HistorySettings settings, Persistence persistence, Channel matching, Clock clock) {
    return create(settings, persistence, matching, clock, new SimpleMeterRegistry());
  }

  /**
   * As {@link #create(HistorySettings, Persistence, Channel, Clock)}, reporting its meters to
   * {@code registry}.
   */
  public static HistoryRole create(
      HistorySettings settings,
      Persistence persistence,
      Channel matching,
      Clock clock,
      MeterRegistry registry) {
    return new HistoryRole(settings, persistence, matching, clock, registry);
  }

  public ServerServiceDefinition service() {
    return service.definition();
  }

  /** Takes every shard's lease and queues its persisted outbox tasks. */
  public synchronized void start() {
    AfterCommit afterCommit = new AfterCommit(queues, watchers, queries, updates);
    for (int id = 1; id <= settings.numHistoryShards(); id++) {
      var limits =
          new ShardContext.HistoryLimits(
              settings.historyCountLimit(),
              settings.historySizeLimitBytes(),
              (tx, reason) ->
                  WorkflowEnd.terminate(
                      tx, reason, Payloads.getDefaultInstance(), "history-service"));
      ShardContext shard = new ShardContext(id, shared, settings.cacheSize(), limits, afterCommit);
      shards[id] = shard;
      queues.recover(shard);
    }
    executor.scheduleWithFixedDelay(this::settleInDoubt, 1, 1, TimeUnit.SECONDS);
    executor.scheduleWithFixedDelay(
        () -> committer.flushDeletions(false), 200, 200, TimeUnit.MILLISECONDS);
  }

  /**
   * Settles writes whose commit answer was lost, so their tasks reach the queues (ShardContext).
   */
  private void settleInDoubt() {
    for (ShardContext shard : shards) {
      if (shard != null) {
        try {
          shard.settleInDoubt();
        } catch (RuntimeException e) {
          LoggerFactory.getLogger(HistoryRole.class)
              .warn("settling in-doubt writes of shard {}: {}", shard.shardId(), e.toString());
        }
      }
    }
  }

  private ShardContext shard(int id) {
    ShardContext shard = shards[id];
    if (shard == null) {
      throw Errors.unavailable("history shard " + id + " is not ready yet");
    }
    return shard;
  }

  /**
   * Fires the timers (user timers, timeouts, retries, backoffs) whose time the role's clock has
   * reached. Only a clock that jumps ahead needs this: tests with a manual clock, time skipping.
   */
  public void fireDueTimers() {
    queues.fireDueTimers();
  }

  /** True when the outbox has done every task it took, except timers not yet due by the clock. */
  public boolean outboxIdle() {
    return queues.idle();
  }

  @Override
  public void close() {
    queues.close();
    executor.shutdownNow();
    committer.flushDeletions(true);
    commitWriters.shutdown(); // commits in flight finish: their callers are waiting for them
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
      commitWriters.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
