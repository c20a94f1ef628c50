package dev.aevum.server.history.internal.queue;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.aevum.persistence.HistoryTask;
import dev.aevum.proto.matching.AddTaskRequest;
import dev.aevum.proto.matching.MatchingServiceGrpc;
import dev.aevum.proto.persistence.ActivityInfo;
import dev.aevum.proto.persistence.MutableState;
import dev.aevum.proto.persistence.TimerTask;
import dev.aevum.proto.persistence.TransferTask;
import dev.aevum.server.common.Errors;
import dev.aevum.server.history.HistorySettings;
import dev.aevum.server.history.internal.activity.Activities;
import dev.aevum.server.history.internal.child.CrossRunTasks;
import dev.aevum.server.history.internal.commands.WorkflowTaskHandler;
import dev.aevum.server.history.internal.execution.HistoryReader;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.ShardContext;
import dev.aevum.server.history.internal.execution.Transaction;
import dev.aevum.server.history.internal.metrics.HistoryMetrics;
import dev.aevum.server.history.internal.workflow.Runs;
import dev.aevum.server.history.internal.workflow.WorkflowEnd;
import dev.aevum.server.history.internal.workflowtask.WorkflowTasks;
import io.grpc.Channel;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.TimerFiredEventAttributes;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the shards' outbox tasks: transfer tasks push work to matching, timer tasks fire at their
 * time. Fresh tasks arrive straight from the committing transaction; the store is scanned only at
 * shard acquisition. Execution is at least once; every task is checked against mutable state.
 */
public final class OutboxQueues implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxQueues.class);
  private static final int RECOVERY_PAGE = 1000;

  private final ScheduledExecutorService executor;
  private final MatchingServiceGrpc.MatchingServiceFutureStub matching;
  private final Clock clock;
  private final HistorySettings settings;
  private final CrossRunTasks crossRun;
  private final HistoryMetrics metrics;

  /** Failed attempts of tasks that are failing now; forgotten when a task is done. */
  private final Map<TaskRef, Integer> failures = new ConcurrentHashMap<>();

  private volatile boolean closed;

  /** Every task taken and not yet done, for {@link #idle()}. */
  private final Map<TaskRef, HistoryTask> outstanding = new ConcurrentHashMap<>();

  /** Timer tasks waiting for their fire time, so {@link #fireDueTimers()} can run them early. */
  private final Set<WaitingTimer> waiting = ConcurrentHashMap.newKeySet();

  /** Identity, not value: the same task may wait again after an early wake-up. */
  private static final class WaitingTimer {
    final ShardContext shard;
    final HistoryTask task;

    WaitingTimer(ShardContext shard, HistoryTask task) {
      this.shard = shard;
      this.task = task;
    }
  }

  private record TaskRef(int shardId, HistoryTask.Category category, long taskId) {
    static TaskRef of(ShardContext shard, HistoryTask task) {
      return new TaskRef(shard.shardId(), task.category(), task.taskId());
    }
  }

  public OutboxQueues(
      HistorySettings settings,
      ScheduledExecutorService executor,
      Channel matching,
      Clock clock,
      CrossRunTasks crossRun,
      HistoryMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
    this.crossRun = crossRun;
    this.executor = executor;
    this.matching = MatchingServiceGrpc.newFutureStub(matching);
    this.clock = clock;
  }

  /** Loads every persisted task of a freshly acquired shard. */
  public void recover(ShardContext shard) {
    for (HistoryTask.Category category : HistoryTask.Category.values()) {
      long after = 0;
      while (true) {
        List<HistoryTask> tasks =
            shard.store().loadTasks(shard.shardId(), category, after, RECOVERY_PAGE);
        tasks.forEach(t -> submit(shard, t));
        if (tasks.size() < RECOVERY_PAGE) {
          break;
        }
        after = tasks.get(tasks.size() - 1).taskId();
      }
    }
  }

  /** Takes a committed task. */
  public void submit(ShardContext shard, HistoryTask task) {
    if (closed) {
      return;
    }
    outstanding.put(TaskRef.of(shard, task), task);
    long delay =
        task.category() == HistoryTask.Category.TIMER ? task.fireTimeMs() - clock.millis() : 0;
    if (delay <= 0) {
      executor.execute(() -> run(shard, task));
      return;
    }
    WaitingTimer timer = new WaitingTimer(shard, task);
    waiting.add(timer);
    executor.schedule(
        () -> {
          if (waiting.remove(timer)) {
            run(shard, task);
          }
        },
        delay,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Runs at once every waiting timer whose fire time the clock has reached. A real clock never
   * needs it; a clock that jumps ahead (tests, time skipping) does, because a timer waits on the
   * delay it had when it was taken.
   */
  public void fireDueTimers() {
    long now = clock.millis();
    for (WaitingTimer timer : waiting) {
      if (timer.task.fireTimeMs() <= now && waiting.remove(timer)) {
        executor.execute(() -> run(timer.shard, timer.task));
      }
    }
  }

  /** True when every task taken is done, except timers that the clock has not reached yet. */
  public boolean idle() {
    long now = clock.millis();
    return outstanding.values().stream()
        .allMatch(t -> t.category() == HistoryTask.Category.TIMER && t.fireTimeMs() > now);
  }

  private void run(ShardContext shard, HistoryTask task) {
    if (closed) {
      return;
    }
    try {
      if (task.category() == HistoryTask.Category.TRANSFER) {
        TransferTask transfer = TransferTask.parseFrom(task.data());
        if (CrossRunTasks.handles(transfer.getKind())) {
          crossRun.execute(shard, transfer);
          done(shard, task);
          return;
        }
        dispatch(
            shard,
            transfer.getKind(),
            key(transfer.getNamespaceId(), transfer.getWorkflowId(), transfer.getRunId()),
            transfer.getScheduledEventId(),
            transfer.getAttempt(),
            task);
      } else {
        TimerTask timer = TimerTask.parseFrom(task.data());
        if (timer.getFireTimeMs() > clock.millis()) {
          submit(shard, task);
          return;
        }
        fire(shard, timer, task);
      }
    } catch (InvalidProtocolBufferException e) {
      log.error("dropping corrupt outbox task {} of shard {}", task.taskId(), shard.shardId(), e);
      done(shard, task);
    } catch (RuntimeException e) {
      retryLater(shard, task, e);
    }
  }

  private void fire(ShardContext shard, TimerTask timer, HistoryTask task) {
    RunKey key = key(timer.getNamespaceId(), timer.getWorkflowId(), timer.getRunId());
    if (timer.getKind() == TimerTask.Kind.ACTIVITY_RETRY) {
      dispatch(
          shard,
          TransferTask.Kind.ACTIVITY_TASK,
          key,
          timer.getEventId(),
          timer.getAttempt(),
          task);
      return;
    }
    if (shard.read(key).isEmpty()) {
      done(shard, task);
      return;
    }
    shard.update(
        key,
        tx -> {
          if (!tx.isRunning()) {
            return null;
          }
          switch (timer.getKind()) {
            case USER_TIMER -> userTimer(tx, timer);
            case ACTIVITY_TIMEOUT -> Activities.timeout(tx, timer);
            case WORKFLOW_TASK_TIMEOUT ->
                WorkflowTaskHandler.timeout(
                    tx,
                    timer.getEventId(),
                    timer.getAttempt(),
                    TimeoutType.forNumber(timer.getTimeoutType()));
            case WORKFLOW_RUN_TIMEOUT -> {
              if (tx.read().getExecution().getRunExpirationTimeMs() <= tx.nowMs()) {
                new WorkflowEnd(settings, tx, () -> HistoryReader.startedAttributes(shard, key))
                    .timeOut();
              }
            }
            case WORKFLOW_BACKOFF -> Runs.backoffElapsed(tx);
            default -> log.warn("ignoring timer task of kind {}", timer.getKind());
          }
          return null;
        });
    done(shard, task);
  }

  private static void userTimer(Transaction tx, TimerTask timer) {
    var info = tx.read().getTimersMap().get(timer.getTimerId());
    if (info == null || info.getStartedEventId() != timer.getEventId()) {
      return;
    }
    tx.state().removeTimers(timer.getTimerId());
    tx.appendExternal(
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_TIMER_FIRED)
            .setTimerFiredEventAttributes(
                TimerFiredEventAttributes.newBuilder()
                    .setTimerId(timer.getTimerId())
                    .setStartedEventId(timer.getEventId())));
    WorkflowTasks.onNewEvent(tx);
  }

  /** Pushes a workflow or activity task to matching if it is still what the run waits for. */
  private void dispatch(
      ShardContext shard,
      TransferTask.Kind kind,
      RunKey key,
      long scheduledEventId,
      int attempt,
      HistoryTask task) {
    Optional<MutableState> loaded = shard.read(key);
    if (loaded.isEmpty()) {
      done(shard, task);
      return;
    }
    MutableState state = loaded.get();
    boolean running =
        state.getExecution().getStatus()
            == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE;
    AddTaskRequest.Builder add =
        AddTaskRequest.newBuilder()
            .setNamespaceId(key.namespaceId())
            .setWorkflowId(key.workflowId())
            .setRunId(key.runId())
            .setScheduledEventId(scheduledEventId)
            .setAttempt(attempt);
    if (kind == TransferTask.Kind.WORKFLOW_TASK) {
      var wt = state.getWorkflowTask();
      if (!running
          || !state.hasWorkflowTask()
          || wt.getScheduledEventId() != scheduledEventId
          || wt.getAttempt() != attempt
          || wt.getStartedEventId() != 0) {
        done(shard, task);
        return;
      }
      boolean sticky = wt.getTaskQueueKind() == TaskQueueKind.TASK_QUEUE_KIND_STICKY_VALUE;
      add.setTaskQueue(wt.getTaskQueue()).setTaskQueueKind(wt.getTaskQueueKind());
      var normal =
          add.clone()
              .setTaskQueue(state.getExecution().getTaskQueue())
              .setTaskQueueKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL_VALUE)
              .build();
      send(
          shard,
          task,
          () -> matching.addWorkflowTask(add.build()),
          sticky ? Optional.of(normal) : Optional.empty());
    } else {
      ActivityInfo info = state.getActivitiesMap().get(scheduledEventId);
      if (!running
          || info == null
          || info.getAttempt() != attempt
          || info.getStartedTimeMs() != 0
          || info.getPaused()) {
        done(shard, task);
        return;
      }
      add.setTaskQueue(info.getTaskQueue())
          .setTaskQueueKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL_VALUE)
          .setScheduleToStartTimeoutMs(info.getScheduleToStartTimeoutMs());
      send(shard, task, () -> matching.addActivityTask(add.build()), Optional.empty());
    }
  }

  private void send(
      ShardContext shard,
      HistoryTask task,
      Supplier<ListenableFuture<?>> call,
      Optional<AddTaskRequest> normalFallback) {
    var future = call.get();
    future.addListener(
        () -> {
          try {
            future.get();
            done(shard, task);
          } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (normalFallback.isPresent() && Errors.isStickyWorkerUnavailable(cause)) {
              send(
                  shard,
                  task,
                  () -> matching.addWorkflowTask(normalFallback.get()),
                  Optional.empty());
            } else {
              retryLater(shard, task, cause);
            }
          }
        },
        executor);
  }

  private void retryLater(ShardContext shard, HistoryTask task, Throwable cause) {
    if (closed) {
      return;
    }
    int failed = failures.merge(TaskRef.of(shard, task), 1, Integer::sum);
    boolean permanent = TaskFailures.isPermanent(cause);
    Described described = describe(task);
    metrics.outboxTaskFailed(
        task.category().name().toLowerCase(Locale.ROOT), described.kind, permanent);
    if (permanent && failed >= settings.outboxRetry().maxPermanentAttempts()) {
      abandon(shard, task, described, failed, cause);
      return;
    }
    long delay = TaskFailures.backoffMillis(settings.outboxRetry(), failed, permanent);
    if (TaskFailures.worthWarning(failed, permanent)) {
      log.warn(
          "{} task {} of workflow ID \"{}\" run ID \"{}\" (shard {}) failed {} time(s){}, next attempt in {} ms: {}",
          described.kind,
          task.taskId(),
          described.key.workflowId(),
          described.key.runId(),
          shard.shardId(),
          failed,
          permanent ? " with an error retrying may not fix" : "",
          delay,
          cause.toString());
    } else {
      log.debug(
          "outbox task {} of shard {} failed ({}), retrying in {} ms: {}",
          task.taskId(),
          shard.shardId(),
          failed,
          delay,
          cause.toString());
    }
    executor.schedule(() -> run(shard, task), delay, TimeUnit.MILLISECONDS);
  }

  /**
   * Gives up on a task that keeps failing for good: its run cannot make progress without it, so the
   * run is terminated with the cause as the reason rather than left waiting forever.
   */
  private void abandon(
      ShardContext shard, HistoryTask task, Described described, int failed, Throwable cause) {
    String reason =
        "Aevum could not run the workflow's "
            + described.kind
            + " task after "
            + failed
            + " attempts: "
            + cause;
    log.error(
        "abandoning {} task {} of workflow ID \"{}\" run ID \"{}\" (shard {}) and terminating the run: {}",
        described.kind,
        task.taskId(),
        described.key.workflowId(),
        described.key.runId(),
        shard.shardId(),
        cause.toString(),
        cause);
    try {
      if (!described.key.runId().isEmpty() && shard.read(described.key).isPresent()) {
        shard.update(
            described.key,
            tx -> {
              if (tx.isRunning()) {
                WorkflowEnd.terminate(tx, reason, Payloads.getDefaultInstance(), "history-service");
              }
              return null;
            });
      }
    } catch (RuntimeException e) {
      // The run could not be closed either (the database is failing too): keep the task and
      // try again later, still loudly.
      log.error(
          "could not terminate workflow ID \"{}\" after abandoning its task: {}",
          described.key.workflowId(),
          e.toString());
      executor.schedule(
          () -> run(shard, task),
          settings.outboxRetry().maxPermanentBackoff().toMillis(),
          TimeUnit.MILLISECONDS);
      return;
    }
    metrics.outboxTaskDropped(task.category().name().toLowerCase(Locale.ROOT), described.kind);
    done(shard, task);
  }

  /** What a task is about, for logs, meters and the run to terminate. */
  private record Described(String kind, RunKey key) {}

  private static Described describe(HistoryTask task) {
    try {
      if (task.category() == HistoryTask.Category.TRANSFER) {
        TransferTask t = TransferTask.parseFrom(task.data());
        return new Described(
            t.getKind().name().toLowerCase(Locale.ROOT),
            key(t.getNamespaceId(), t.getWorkflowId(), t.getRunId()));
      }
      TimerTask t = TimerTask.parseFrom(task.data());
      return new Described(
          t.getKind().name().toLowerCase(Locale.ROOT),
          key(t.getNamespaceId(), t.getWorkflowId(), t.getRunId()));
    } catch (InvalidProtocolBufferException e) {
      return new Described("corrupt", key("", "", ""));
    }
  }

  private void done(ShardContext shard, HistoryTask task) {
    failures.remove(TaskRef.of(shard, task));
    outstanding.remove(TaskRef.of(shard, task));
    shard.taskDone(task);
  }

  private static RunKey key(String namespaceId, String workflowId, String runId) {
    return new RunKey(namespaceId, workflowId, runId);
  }

  @Override
  public void close() {
    closed = true;
  }
}
