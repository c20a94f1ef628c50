package dev.aevum.server.matching;

import com.google.protobuf.ByteString;
import dev.aevum.proto.persistence.BacklogTask;
import dev.aevum.server.common.Errors;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.temporal.api.taskqueue.v1.PollerInfo;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** The loaded task queues, and the long-poll and add-task flows over them. */
final class MatchingEngine {
  /** A poll returns this long before its caller's deadline, so the empty answer still arrives. */
  private static final long DEADLINE_TAIL_MILLIS = 1000;

  private final QueueEnv env;
  private final ConcurrentHashMap<QueueId, TaskQueue> queues = new ConcurrentHashMap<>();

  /** Live query tasks by query task id, until answered, timed out or dropped. */
  private final ConcurrentHashMap<String, QueryTask> queries = new ConcurrentHashMap<>();

  private final RecentPollers recentPollers = new RecentPollers();
  private volatile boolean closed;

  /**
   * Sticky queues whose worker said it shuts down (ShutdownWorker), and when. Such a worker may
   * still poll (Temporal's SDKs drain their sticky queue after saying so, and a last poll races the
   * shutdown), so its queue takes tasks only while it is seen polling right now ({@link
   * TaskQueue#markWorkerShutDown()}). Forgotten with idle sticky queues.
   */
  private final ConcurrentHashMap<QueueId, Long> shutDownSticky = new ConcurrentHashMap<>();

  MatchingEngine(QueueEnv env) {
    this.env = env;
  }

  QueueEnv env() {
    return env;
  }

  /**
   * Adds a task; {@code reply} is answered once the task is started, dropped as stale, stored, or
   * refused. Store failures propagate to the caller (history retries the add).
   */
  void addTask(QueueId id, BacklogTask data, String namespace, Reply reply) {
    if (closed) {
      throw Errors.unavailable("matching is shutting down");
    }
    if (id.sticky()) {
      // A sticky queue exists only while its worker polls; never load one for a task.
      TaskQueue queue = queues.get(id);
      if (queue == null || closed) {
        throw Errors.stickyWorkerUnavailable();
      }
      queue.addSticky(data, namespace, reply);
      return;
    }
    loaded(id).addNormal(data, namespace, reply);
  }

  /** Parks a poll; it is answered later from whichever thread has a task, or by its timer. */
  void poll(QueueId id, Poller poller, ServerCallStreamObserver<?> call) {
    recentPollers.record(id, poller.identity(), poller.ratePerSecond(), env.clock().millis());
    long waitMillis = env.settings().longPollExpiration().toMillis();
    Deadline deadline = Context.current().getDeadline();
    if (deadline != null) {
      waitMillis =
          Math.min(
              waitMillis, deadline.timeRemaining(TimeUnit.MILLISECONDS) - DEADLINE_TAIL_MILLIS);
    }
    if (waitMillis <= 0 || closed) {
      poller.expire();
      return;
    }
    // The queue a poll waits in can change once, if the first one lost its lease meanwhile.
    AtomicReference<TaskQueue> current = new AtomicReference<>();
    call.setOnCancelHandler(
        () -> {
          poller.cancel();
          TaskQueue queue = current.get();
          if (queue != null) {
            queue.removePoller(poller);
          }
        });
    try {
      poller.setTimer(
          env.timers()
              .schedule(
                  () -> {
                    if (poller.expire()) {
                      TaskQueue queue = current.get();
                      if (queue != null) {
                        queue.removePoller(poller);
                      }
                    }
                  },
                  waitMillis,
                  TimeUnit.MILLISECONDS));
    } catch (RejectedExecutionException e) {
      poller.expire();
      return;
    }
    try {
      for (int attempt = 0; attempt < 2; attempt++) {
        TaskQueue queue = loaded(id);
        if (id.sticky() && shutDownSticky.containsKey(id)) {
          queue.markWorkerShutDown(); // loaded afresh by a poll after its worker's ShutdownWorker
        }
        current.set(queue);
        if (queue.poll(poller)) {
          return;
        }
      }
    } catch (RuntimeException e) {
      // The caller gets the failure instead; the poller must never answer too.
      poller.cancel();
      throw e;
    }
    poller.expire();
  }

  /**
   * Queues a query task for the pollers of a workflow task queue; {@code task} answers its call
   * later, from the thread that delivers the worker's answer, or from its timer. A sticky queue
   * must have a recent worker; a normal queue is loaded (and its lease taken) as for an add.
   */
  void query(QueueId id, QueryTask task, ServerCallStreamObserver<?> call) {
    if (closed) {
      throw Errors.unavailable("matching is shutting down");
    }
    long waitMillis = env.settings().queryDispatchTimeout().toMillis();
    Deadline deadline = Context.current().getDeadline();
    if (deadline != null) {
      // Fail a little before the caller's deadline, so it learns why instead of a bare timeout.
      long remaining = deadline.timeRemaining(TimeUnit.MILLISECONDS);
      if (remaining <= 0) {
        throw deadlineExceeded("the query call's deadline passed before matching received it");
      }
      waitMillis =
          Math.min(
              waitMillis,
              remaining > DEADLINE_TAIL_MILLIS ? remaining - DEADLINE_TAIL_MILLIS : remaining);
    }
    AtomicReference<TaskQueue> current = new AtomicReference<>();
    task.onDone(
        () -> {
          queries.remove(task.id(), task);
          TaskQueue queue = current.get();
          if (queue != null) {
            queue.removeQuery(task);
          }
        });
    queries.put(task.id(), task);
    // The caller went away: drop the task, so no later poller gets it.
    call.setOnCancelHandler(task::drop);
    long pickupMillis = waitMillis;
    boolean callerDeadline = deadline != null;
    try {
      task.setTimer(
          env.timers()
              .schedule(
                  () -> onQueryTimer(id, task, current.get(), pickupMillis, callerDeadline),
                  pickupMillis,
                  TimeUnit.MILLISECONDS));
      for (int attempt = 0; attempt < 2; attempt++) {
        TaskQueue queue = id.sticky() ? queues.get(id) : loaded(id);
        if (queue == null) {
          // A sticky queue exists only while its worker polls; never load one for a query.
          throw Errors.stickyWorkerUnavailable();
        }
        current.set(queue);
        if (queue.addQuery(task)) {
          return;
        }
      }
      throw Errors.unavailable("task queue lease lost, retry the query: " + id);
    } catch (RejectedExecutionException e) {
      task.drop();
      throw Errors.unavailable("matching is shutting down");
    } catch (RuntimeException e) {
      // The caller gets the failure instead; the task must never answer too.
      task.drop();
      throw e;
    }
  }

  /**
   * The pickup time of a query task is up. Untaken, it fails (Temporal says the worker may be
   * down); taken, it goes on waiting for the answer, bounded here only if the caller set no
   * deadline (otherwise the caller's own deadline cancels the call, which drops the task).
   */
  private void onQueryTimer(
      QueueId id, QueryTask task, TaskQueue queue, long waitedMillis, boolean callerDeadline) {
    if (task.isPending()) {
      boolean polledRecently =
          queue != null && queue.polledWithin(env.settings().queryDispatchTimeout().toMillis());
      if (polledRecently) {
        task.failIfPending(
            deadlineExceeded(
                "no worker took the query task from task queue "
                    + id.name()
                    + " within "
                    + seconds(waitedMillis)
                    + ", its workers are busy"));
      } else {
        // Temporal fails fast here with FAILED_PRECONDITION, which SDKs do not retry.
        task.failIfPending(
            Errors.failedPrecondition(
                    "no poller seen for task queue "
                        + id.name()
                        + " within "
                        + seconds(waitedMillis)
                        + ", worker may be down")
                .toStatusRuntimeException());
      }
      return;
    }
    if (task.isDispatched() && !callerDeadline) {
      long answerMillis = env.settings().queryDispatchTimeout().toMillis();
      try {
        task.setTimer(
            env.timers()
                .schedule(
                    () ->
                        task.failIfDispatched(
                            deadlineExceeded(
                                "the worker did not answer the query task of task queue "
                                    + id.name()
                                    + " within "
                                    + seconds(answerMillis))),
                    answerMillis,
                    TimeUnit.MILLISECONDS));
      } catch (RejectedExecutionException e) {
        task.fail(Errors.unavailable("matching is shutting down"));
      }
    }
  }

  /** Delivers a worker's answer to its waiting QueryWorkflow call. */
  void respondQuery(String namespaceId, String queryTaskId, ByteString completion) {
    QueryTask task = queries.get(queryTaskId);
    if (task == null || !task.namespaceId().equals(namespaceId) || !task.answer(completion)) {
      // Temporal's message for an unknown, answered or expired query task.
      throw Errors.notFound("query task not found, or already expired");
    }
  }

  /** The pollers seen on a queue in the last few minutes, most recent first. */
  List<PollerInfo> recentPollers(QueueId id) {
    return recentPollers.list(id, env.clock().millis());
  }

  /** Query tasks waiting for a poller or for their answer. */
  int liveQueryTasks() {
    return queries.size();
  }

  /** Forgets pollers not seen for a while. */
  void pruneRecentPollers() {
    recentPollers.prune(env.clock().millis());
  }

  private static StatusRuntimeException deadlineExceeded(String message) {
    return Errors.deadlineExceeded(message).toStatusRuntimeException();
  }

  private static String seconds(long millis) {
    return millis % 1000 == 0
        ? millis / 1000 + "s"
        : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
  }

  private TaskQueue loaded(QueueId id) {
    while (true) {
      TaskQueue queue =
          queues.computeIfAbsent(
              id, k -> new TaskQueue(k, env, lost -> queues.remove(lost.id(), lost)));
      queue.ensureLoaded();
      if (!queue.isLost()) {
        return queue;
      }
      queues.remove(id, queue);
    }
  }

  /**
   * Forgets sticky queues whose worker stopped polling long ago (one exists per worker process, so
   * they would pile up across worker restarts). Their in-memory tasks time out in history.
   */
  void unloadIdleStickyQueues(long idleMillis) {
    long now = env.clock().millis();
    shutDownSticky.values().removeIf(at -> at < now - idleMillis);
    for (TaskQueue queue : List.copyOf(queues.values())) {
      if (queue.sticky() && queue.idleSince(now - idleMillis) && queues.remove(queue.id(), queue)) {
        queue.close(Errors.stickyWorkerUnavailable());
      }
    }
  }

  /**
   * The worker of sticky queue {@code id} shuts down: tasks held for it go back to history as
   * StickyWorkerUnavailable (history sends them to the normal queue at once), and from now on the
   * queue takes a task only while the worker is seen polling it, so it may still drain.
   */
  void workerShutDown(QueueId id) {
    shutDownSticky.put(id, env.clock().millis());
    TaskQueue queue = queues.get(id);
    if (queue != null) {
      queue.markWorkerShutDown();
    }
  }

  Optional<TaskQueue> queue(QueueId id) {
    return Optional.ofNullable(queues.get(id));
  }

  /**
   * Answers every parked poll empty and fails every live query task (retryable); later polls are
   * answered empty at once.
   */
  void close() {
    closed = true;
    List.copyOf(queues.values()).forEach(TaskQueue::close);
    queues.clear();
    List.copyOf(queries.values())
        .forEach(q -> q.fail(Errors.unavailable("matching is shutting down")));
  }
}
