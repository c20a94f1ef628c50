package dev.aevum.server.matching;

import dev.aevum.proto.persistence.BacklogTask;
import dev.aevum.server.common.Errors;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
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
  private volatile boolean closed;

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
        throw dev.aevum.server.common.Errors.stickyWorkerUnavailable();
      }
      queue.addSticky(data, namespace, reply);
      return;
    }
    loaded(id).addNormal(data, namespace, reply);
  }

  /** Parks a poll; it is answered later from whichever thread has a task, or by its timer. */
  void poll(QueueId id, Poller poller, ServerCallStreamObserver<?> call) {
    long waitMillis = env.settings().longPollExpiration().toMillis();
    Deadline deadline = Context.current().getDeadline();
    if (deadline != null) {
      waitMillis = Math.min(waitMillis, deadline.timeRemaining(TimeUnit.MILLISECONDS) - DEADLINE_TAIL_MILLIS);
    }
    if (waitMillis <= 0 || closed) {
      poller.expire();
      return;
    }
    // The queue a poll waits in can change once, if the first one lost its lease meanwhile.
    AtomicReference<TaskQueue> current = new AtomicReference<>();
    call.setOnCancelHandler(() -> {
      poller.cancel();
      TaskQueue queue = current.get();
      if (queue != null) {
        queue.removePoller(poller);
      }
    });
    try {
      poller.setTimer(env.timers().schedule(() -> {
        if (poller.expire()) {
          TaskQueue queue = current.get();
          if (queue != null) {
            queue.removePoller(poller);
          }
        }
      }, waitMillis, TimeUnit.MILLISECONDS));
    } catch (RejectedExecutionException e) {
      poller.expire();
      return;
    }
    try {
      for (int attempt = 0; attempt < 2; attempt++) {
        TaskQueue queue = loaded(id);
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

  private TaskQueue loaded(QueueId id) {
    while (true) {
      TaskQueue queue = queues.computeIfAbsent(id, k -> new TaskQueue(k, env, lost -> queues.remove(lost.id(), lost)));
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
    for (TaskQueue queue : List.copyOf(queues.values())) {
      if (queue.sticky() && queue.idleSince(now - idleMillis) && queues.remove(queue.id(), queue)) {
        queue.close();
      }
    }
  }

  Optional<TaskQueue> queue(QueueId id) {
    return Optional.ofNullable(queues.get(id));
  }

  /** Answers every parked poll empty; later polls are answered empty at once. */
  void close() {
    closed = true;
    List.copyOf(queues.values()).forEach(TaskQueue::close);
    queues.clear();
  }
}
