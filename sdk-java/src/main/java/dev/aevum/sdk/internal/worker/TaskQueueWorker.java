package dev.aevum.sdk.internal.worker;

import dev.aevum.sdk.ClientOptions;
import dev.aevum.sdk.internal.common.ProtoTime;
import dev.aevum.sdk.internal.common.Rpc;
import dev.aevum.sdk.worker.WorkerInterceptor;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.taskqueue.v1.StickyExecutionAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.ShutdownWorkerRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The moving parts of one worker: registries, two pollers and their handlers. */
public final class TaskQueueWorker {
  public record Limits(
      int workflowPollers,
      int activityPollers,
      int maxConcurrentWorkflowTasks,
      int maxConcurrentActivities,
      int maxConcurrentLocalActivities,
      Duration deadlockTimeout,
      int workflowCacheSize,
      Duration stickyScheduleToStartTimeout) {}

  private static final System.Logger LOG = System.getLogger(TaskQueueWorker.class.getName());

  private final Rpc rpc;
  private final ClientOptions client;
  private final String taskQueue;
  private final Limits limits;
  private final WorkflowRegistry workflows = new WorkflowRegistry();
  private final ActivityRegistry activities = new ActivityRegistry();
  private final WorkflowCache cache;
  private final String stickyQueueName;
  private Poller<PollWorkflowTaskQueueResponse> workflowPoller;
  private Poller<PollWorkflowTaskQueueResponse> stickyPoller;
  private Poller<PollActivityTaskQueueResponse> activityPoller;

  private final List<WorkerInterceptor> interceptors;

  public TaskQueueWorker(
      Rpc rpc,
      ClientOptions client,
      String taskQueue,
      Limits limits,
      List<WorkerInterceptor> interceptors) {
    this.interceptors = List.copyOf(interceptors);
    this.rpc = rpc;
    this.client = client;
    this.taskQueue = taskQueue;
    this.limits = limits;
    this.cache = new WorkflowCache(limits.workflowCacheSize());
    this.stickyQueueName = client.identity() + "-sticky-" + UUID.randomUUID();
  }

  public void registerWorkflow(Class<?> implementation) {
    workflows.register(implementation);
  }

  public void registerActivities(Object implementation) {
    activities.register(implementation);
  }

  public void start() {
    TaskQueue queue =
        TaskQueue.newBuilder()
            .setName(taskQueue)
            .setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL)
            .build();
    workflows.useInterceptors(interceptors);
    if (!workflows.isEmpty()) {
      TaskQueue stickyQueue =
          TaskQueue.newBuilder()
              .setName(stickyQueueName)
              .setKind(TaskQueueKind.TASK_QUEUE_KIND_STICKY)
              .setNormalName(taskQueue)
              .build();
      Optional<StickyExecutionAttributes> sticky =
          cache.isEnabled()
              ? Optional.of(
                  StickyExecutionAttributes.newBuilder()
                      .setWorkerTaskQueue(stickyQueue)
                      .setScheduleToStartTimeout(
                          ProtoTime.toProto(limits.stickyScheduleToStartTimeout()))
                      .build())
              : Optional.empty();
      WorkflowTaskHandler handler =
          new WorkflowTaskHandler(
              rpc,
              client.namespace(),
              client.identity(),
              workflows,
              client.dataConverter(),
              limits.deadlockTimeout(),
              cache,
              sticky,
              new LocalActivityRunner(
                  activities,
                  client.dataConverter(),
                  client.namespace(),
                  client.contextPropagators(),
                  interceptors,
                  limits.maxConcurrentLocalActivities()),
              client.contextPropagators());
      PollWorkflowTaskQueueRequest request =
          PollWorkflowTaskQueueRequest.newBuilder()
              .setNamespace(client.namespace())
              .setTaskQueue(queue)
              .setIdentity(client.identity())
              .build();
      workflowPoller =
          new Poller<>(
              "workflow[" + taskQueue + "]",
              limits.workflowPollers(),
              limits.maxConcurrentWorkflowTasks(),
              () ->
                  nonEmptyWorkflowTask(
                      rpc.longPoll("PollWorkflowTaskQueue", s -> s.pollWorkflowTaskQueue(request))),
              handler::handle);
      workflowPoller.start();
      if (cache.isEnabled()) {
        PollWorkflowTaskQueueRequest stickyRequest =
            request.toBuilder().setTaskQueue(stickyQueue).build();
        stickyPoller =
            new Poller<>(
                "sticky[" + taskQueue + "]",
                limits.workflowPollers(),
                limits.maxConcurrentWorkflowTasks(),
                () ->
                    nonEmptyWorkflowTask(
                        rpc.longPoll(
                            "PollWorkflowTaskQueue", s -> s.pollWorkflowTaskQueue(stickyRequest))),
                handler::handle);
        stickyPoller.start();
      }
    }
    if (!activities.isEmpty()) {
      ActivityTaskHandler handler =
          new ActivityTaskHandler(
              rpc,
              client.namespace(),
              client.identity(),
              taskQueue,
              activities,
              client.dataConverter(),
              client.contextPropagators(),
              interceptors);
      PollActivityTaskQueueRequest request =
          PollActivityTaskQueueRequest.newBuilder()
              .setNamespace(client.namespace())
              .setTaskQueue(queue)
              .setIdentity(client.identity())
              .build();
      activityPoller =
          new Poller<>(
              "activity[" + taskQueue + "]",
              limits.activityPollers(),
              limits.maxConcurrentActivities(),
              () ->
                  nonEmptyActivityTask(
                      rpc.longPoll("PollActivityTaskQueue", s -> s.pollActivityTaskQueue(request))),
              handler::handle);
      activityPoller.start();
    }
  }

  private static Optional<PollWorkflowTaskQueueResponse> nonEmptyWorkflowTask(
      PollWorkflowTaskQueueResponse r) {
    return r.getTaskToken().isEmpty() ? Optional.empty() : Optional.of(r);
  }

  private static Optional<PollActivityTaskQueueResponse> nonEmptyActivityTask(
      PollActivityTaskQueueResponse r) {
    return r.getTaskToken().isEmpty() ? Optional.empty() : Optional.of(r);
  }

  public void shutdown() {
    if (workflowPoller != null) {
      workflowPoller.shutdown();
    }
    if (stickyPoller != null) {
      stickyPoller.shutdown();
      releaseStickyQueue();
    }
    if (activityPoller != null) {
      activityPoller.shutdown();
    }
  }

  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean done = true;
    if (workflowPoller != null) {
      done &=
          workflowPoller.awaitTermination(
              Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    if (stickyPoller != null) {
      done &=
          stickyPoller.awaitTermination(
              Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    if (activityPoller != null) {
      done &=
          activityPoller.awaitTermination(
              Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    cache.invalidateAll();
    return done;
  }

  /**
   * Tells the server to stop routing this worker's executions to its sticky queue (best effort).
   */
  private void releaseStickyQueue() {
    ShutdownWorkerRequest request =
        ShutdownWorkerRequest.newBuilder()
            .setNamespace(client.namespace())
            .setStickyTaskQueue(stickyQueueName)
            .setIdentity(client.identity())
            .setReason("graceful shutdown")
            .build();
    try {
      rpc.stub(Duration.ofSeconds(5)).shutdownWorker(request);
    } catch (RuntimeException e) {
      // Without it the sticky timeout moves this worker's cached workflows back to the normal
      // queue.
      LOG.log(
          System.Logger.Level.WARNING,
          "ShutdownWorker failed (workflows cached by this worker wait"
              + " for their sticky timeout before another worker takes them): "
              + e);
    }
  }

  /** Executions served from the cache so far. */
  public long cacheHits() {
    return cache.hits();
  }
}
