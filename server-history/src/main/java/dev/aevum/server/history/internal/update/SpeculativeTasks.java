package dev.aevum.server.history.internal.update;

import com.google.common.util.concurrent.ListenableFuture;
import dev.aevum.proto.matching.AddTaskRequest;
import dev.aevum.proto.matching.MatchingServiceGrpc;
import dev.aevum.proto.persistence.MutableState;
import dev.aevum.proto.persistence.WorkflowTaskInfo;
import dev.aevum.server.common.Errors;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.ShardContext;
import dev.aevum.server.history.internal.workflowtask.WorkflowTasks;
import io.grpc.Channel;
import io.temporal.api.enums.v1.TaskQueueKind;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Speculative workflow tasks: a task created only to deliver updates, kept in memory and never
 * written unless the worker's answer needs history (an acceptance, or commands). A task whose
 * updates are all rejected leaves no trace in history, as in Temporal. Anything unusual (a timeout,
 * matching trouble, a concurrent write) turns the work over to an ordinary workflow task.
 */
public final class SpeculativeTasks {
  /** Temporal's SpeculativeWorkflowTaskScheduleToStartTimeout on a normal queue. */
  private static final long SCHEDULE_TO_START_MS = 5_000;

  private final Map<RunKey, Task> tasks = new ConcurrentHashMap<>();
  private final UpdateRegistry updates;
  private final MatchingServiceGrpc.MatchingServiceFutureStub matching;
  private final ScheduledExecutorService executor;

  /** One speculative task; its ids are where its events would go if it had to be written. */
  private record Task(
      long scheduledEventId,
      long scheduledTimeMs,
      String taskQueue,
      int kind,
      long timeoutMs,
      long startedTimeMs,
      String requestId,
      String identity) {}

  public SpeculativeTasks(
      UpdateRegistry updates, Channel matching, ScheduledExecutorService executor) {
    this.updates = updates;
    this.matching = MatchingServiceGrpc.newFutureStub(matching);
    this.executor = executor;
  }

  /**
   * Creates a speculative task for a run that has none and no ordinary one either, and hands it to
   * matching.
   */
  public void ensure(ShardContext shard, RunKey key, MutableState state, long nowMs) {
    if (state.hasWorkflowTask()) {
      return;
    }
    boolean sticky = !state.getStickyTaskQueue().isEmpty();
    Task task =
        new Task(
            state.getNextEventId(),
            nowMs,
            sticky ? state.getStickyTaskQueue() : state.getExecution().getTaskQueue(),
            (sticky ? TaskQueueKind.TASK_QUEUE_KIND_STICKY : TaskQueueKind.TASK_QUEUE_KIND_NORMAL)
                .getNumber(),
            state.getExecution().getDefaultWorkflowTaskTimeoutMs(),
            0,
            "",
            "");
    if (tasks.putIfAbsent(key, task) != null) {
      return;
    }
    AddTaskRequest add =
        AddTaskRequest.newBuilder()
            .setNamespaceId(key.namespaceId())
            .setWorkflowId(key.workflowId())
            .setRunId(key.runId())
            .setScheduledEventId(task.scheduledEventId)
            .setAttempt(1)
            .setTaskQueue(task.taskQueue)
            .setTaskQueueKind(task.kind)
            .build();
    AddTaskRequest normal =
        add.toBuilder()
            .setTaskQueue(state.getExecution().getTaskQueue())
            .setTaskQueueKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL_VALUE)
            .build();
    send(shard, key, task, add, sticky ? Optional.of(normal) : Optional.empty());
    executor.schedule(
        () -> {
          if (tasks.get(key) == task) {
            giveUp(shard, key, task);
          }
        },
        SCHEDULE_TO_START_MS,
        TimeUnit.MILLISECONDS);
  }

  private void send(
      ShardContext shard,
      RunKey key,
      Task task,
      AddTaskRequest add,
      Optional<AddTaskRequest> fallback) {
    ListenableFuture<?> sent = matching.addWorkflowTask(add);
    sent.addListener(
        () -> {
          try {
            sent.get();
          } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (fallback.isPresent() && Errors.isStickyWorkerUnavailable(cause)) {
              send(shard, key, task, fallback.get(), Optional.empty());
            } else {
              giveUp(shard, key, task);
            }
          }
        },
        executor);
  }

  /**
   * The worker that polled the task starts it: the task as a transient workflow task, not written.
   */
  public synchronized Optional<WorkflowTaskInfo> start(
      RunKey key, long scheduledEventId, String requestId, String identity, long nowMs) {
    Task task = tasks.get(key);
    if (task == null || task.scheduledEventId != scheduledEventId) {
      return Optional.empty();
    }
    if (task.startedTimeMs != 0) {
      if (!task.requestId.equals(requestId)) {
        throw Errors.alreadyExists("Workflow task already started.");
      }
      return Optional.of(info(task));
    }
    Task started =
        new Task(
            task.scheduledEventId,
            task.scheduledTimeMs,
            task.taskQueue,
            task.kind,
            task.timeoutMs,
            nowMs,
            requestId,
            identity);
    tasks.put(key, started);
    return Optional.of(info(started));
  }

  /** Arms the start-to-close timeout of a started speculative task. */
  public void startedTimeout(ShardContext shard, RunKey key) {
    Task task = tasks.get(key);
    if (task != null && task.startedTimeMs != 0) {
      executor.schedule(
          () -> {
            if (tasks.get(key) == task) {
              giveUp(shard, key, task);
            }
          },
          task.timeoutMs,
          TimeUnit.MILLISECONDS);
    }
  }

  /** The started speculative task a completion token names, if it is one. */
  public Optional<WorkflowTaskInfo> started(RunKey key, long scheduledEventId, long startedTimeMs) {
    Task task = tasks.get(key);
    if (task == null
        || task.startedTimeMs == 0
        || task.scheduledEventId != scheduledEventId
        || task.startedTimeMs != startedTimeMs) {
      return Optional.empty();
    }
    return Optional.of(info(task));
  }

  /** The task was answered (or written as an ordinary one): forget it. */
  public void done(RunKey key, long scheduledEventId) {
    tasks.computeIfPresent(key, (k, t) -> t.scheduledEventId == scheduledEventId ? null : t);
  }

  /** Hands the updates over to an ordinary workflow task. */
  private void giveUp(ShardContext shard, RunKey key, Task task) {
    if (!tasks.remove(key, task)) {
      return;
    }
    try {
      shard.update(
          key,
          tx -> {
            if (tx.isRunning() && updates.hasUnanswered(key, Set.of())) {
              WorkflowTasks.scheduleIfNone(tx);
            }
            return null;
          });
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(SpeculativeTasks.class)
          .warn("could not hand updates of {} to a workflow task", key, e);
    }
  }

  private static WorkflowTaskInfo info(Task task) {
    return WorkflowTaskInfo.newBuilder()
        .setScheduledEventId(task.scheduledEventId)
        .setStartedEventId(task.startedTimeMs != 0 ? task.scheduledEventId + 1 : 0)
        .setAttempt(1)
        .setScheduledTimeMs(task.scheduledTimeMs)
        .setOriginalScheduledTimeMs(task.scheduledTimeMs)
        .setStartedTimeMs(task.startedTimeMs)
        .setTaskQueue(task.taskQueue)
        .setTaskQueueKind(task.kind)
        .setStartToCloseTimeoutMs(task.timeoutMs)
        .setRequestId(task.requestId)
        .setIdentity(task.identity)
        .setTransient(true)
        .build();
  }
}
