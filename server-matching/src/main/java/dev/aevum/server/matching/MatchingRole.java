package dev.aevum.server.matching;

import dev.aevum.persistence.Persistence;
import io.grpc.Channel;
import io.grpc.ServerServiceDefinition;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The matching role: serves aevum.matching.v1.MatchingService. Task queues load on first use; long
 * polls are parked without a thread and answered from whichever thread has a task.
 */
public final class MatchingRole implements AutoCloseable {
  /** A sticky queue nobody polled for this long is forgotten (Temporal: maxTaskQueueIdleTime). */
  private static final Duration STICKY_IDLE = Duration.ofMinutes(5);

  private final MatchingEngine engine;
  private final MatchingServiceImpl service;
  private final ScheduledThreadPoolExecutor timers;
  private final ExecutorService io;

  private MatchingRole(
      MatchingSettings settings, Persistence persistence, Channel history, Clock clock) {
    this.timers = new ScheduledThreadPoolExecutor(1, daemonThreads("aevum-matching-timer"));
    // Cancelled poll timers must not pile up until their (long) delay passes.
    this.timers.setRemoveOnCancelPolicy(true);
    this.io = Executors.newFixedThreadPool(4, daemonThreads("aevum-matching-io"));
    QueueEnv env =
        new QueueEnv(
            settings,
            persistence.taskQueues(),
            clock,
            new HistoryStarter(history, settings.historyCallTimeout()),
            timers,
            io);
    this.engine = new MatchingEngine(env);
    this.service = new MatchingServiceImpl(engine);
  }

  public static MatchingRole create(
      MatchingSettings settings, Persistence persistence, Channel history, Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(persistence, "persistence");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(clock, "clock");
    return new MatchingRole(settings, persistence, history, clock);
  }

  /** aevum.matching.v1.MatchingService and the long polls' aevum.matching.v1.TaskPollService. */
  public List<ServerServiceDefinition> services() {
    return List.of(service.bindService(), service.pollService());
  }

  /**
   * Queues take their leases when first used; this only starts the sweep of idle sticky queues and
   * old pollers.
   */
  public void start() {
    long idle = STICKY_IDLE.toMillis();
    timers.scheduleWithFixedDelay(
        () ->
            io.execute(
                () -> {
                  engine.unloadIdleStickyQueues(idle);
                  engine.pruneRecentPollers();
                }),
        idle,
        idle,
        TimeUnit.MILLISECONDS);
  }

  /** Answers outstanding polls with empty responses and stops the role's threads. */
  @Override
  public void close() {
    engine.close();
    timers.shutdownNow();
    io.shutdown();
    try {
      if (!io.awaitTermination(5, TimeUnit.SECONDS)) {
        io.shutdownNow();
      }
    } catch (InterruptedException e) {
      io.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** For tests: runs the idle sticky queue sweep now. */
  void unloadIdleStickyQueues(Duration idle) {
    engine.unloadIdleStickyQueues(idle.toMillis());
  }

  /** For tests: parked polls of a queue that is loaded. */
  int waitingPollers(String namespaceId, String taskQueue, boolean workflow, boolean sticky) {
    return engine
        .queue(
            new QueueId(
                namespaceId, taskQueue, workflow ? TaskType.WORKFLOW : TaskType.ACTIVITY, sticky))
        .map(TaskQueue::waitingPollers)
        .orElse(0);
  }

  /** For tests: tasks of a normal workflow queue held in memory with their AddTask unanswered. */
  int heldTasks(String namespaceId, String taskQueue) {
    return heldTasks(namespaceId, taskQueue, false);
  }

  /** For tests: as {@link #heldTasks(String, String)}, of the normal or the sticky queue. */
  int heldTasks(String namespaceId, String taskQueue, boolean sticky) {
    return engine
        .queue(new QueueId(namespaceId, taskQueue, TaskType.WORKFLOW, sticky))
        .map(TaskQueue::heldTasks)
        .orElse(0);
  }

  /** For tests: query tasks waiting for a poller or for their answer. */
  int liveQueryTasks() {
    return engine.liveQueryTasks();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
