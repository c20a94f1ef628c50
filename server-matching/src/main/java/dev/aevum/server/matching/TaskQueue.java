package dev.aevum.server.matching;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aevum.persistence.BacklogEntry;
import dev.aevum.persistence.PersistenceException;
import dev.aevum.persistence.ShardOwnershipLostException;
import dev.aevum.persistence.TaskQueueKey;
import dev.aevum.proto.persistence.BacklogTask;
import dev.aevum.server.common.Errors;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task queue partition: parked pollers, the tasks waiting for them, and (for normal queues) the
 * lease on the persisted backlog.
 *
 * <p>All state is guarded by {@code this}. Calls to history never happen under the lock; store
 * calls do only where ordering needs it (lease, backlog reads).
 *
 * <p>Backlog window: memory holds the persisted tasks with ids up to {@code readLevel}; tasks with
 * higher ids stay in the store until {@link #refillLocked()} reads them, so memory stays bounded
 * and a task id is never skipped. {@code storeExhausted} says the store has nothing above {@code
 * readLevel}, so a freshly appended task may go straight into memory.
 */
final class TaskQueue {
  private static final Logger log = LoggerFactory.getLogger(TaskQueue.class);

  /**
   * Task ids per lease: range id r owns {@code [(r-1)*RANGE_SIZE+1, r*RANGE_SIZE]} (Temporal's
   * value).
   */
  static final long RANGE_SIZE = 100_000;

  private final QueueId id;
  private final TaskQueueKey key;
  private final boolean sticky;
  private final QueueEnv env;
  private final Consumer<TaskQueue> onLost;

  private final ArrayDeque<Poller> pollers = new ArrayDeque<>();
  private final TreeMap<Long, QueuedTask> tasks = new TreeMap<>();

  /**
   * Tasks of a normal queue that found no poller and are held in memory for a while instead of
   * being persisted (their AddTask unanswered, so history still holds them durably). Offered after
   * the persisted tasks, which are older.
   */
  private final ArrayDeque<QueuedTask> deferred = new ArrayDeque<>();

  /**
   * After ShutdownWorker, a sticky task waits for its worker this long after the last poll at most.
   */
  static final Duration SHUT_DOWN_STICKY_WINDOW = Duration.ofSeconds(1);

  /** Sticky queues only: the worker said it shuts down ({@link #markWorkerShutDown()}). */
  private boolean workerShutDown;

  /** In-memory query tasks, offered to pollers before any other task. */
  private final ArrayDeque<QueryTask> queries = new ArrayDeque<>();

  private long lastPollMillis;
  private boolean polledEver;
  private boolean loaded;
  private boolean lost;
  private boolean closed;
  private long rangeId;
  private long nextTaskId;
  private long blockEnd;
  private long readLevel;
  private boolean storeExhausted = true;
  private long memorySeq;
  private long arrivals;

  TaskQueue(QueueId id, QueueEnv env, Consumer<TaskQueue> onLost) {
    this.id = id;
    this.key = id.storeKey();
    this.sticky = id.sticky();
    this.env = env;
    this.onLost = onLost;
  }

  QueueId id() {
    return id;
  }

  boolean sticky() {
    return sticky;
  }

  /** Takes the lease and reads the head of the persisted backlog, once. */
  synchronized void ensureLoaded() {
    if (loaded || lost) {
      return;
    }
    if (!sticky) {
      takeLeaseLocked();
      readLevel = 0;
      storeExhausted = false;
      refillLocked();
    }
    loaded = true;
  }

  synchronized boolean isLost() {
    return lost;
  }

  // ---- polls

  /** Parks a poller and offers it a task. False if this queue was lost: use a fresh one. */
  boolean poll(Poller poller) {
    synchronized (this) {
      if (lost) {
        return false;
      }
      if (closed) {
        poller.expire();
        return true;
      }
      lastPollMillis = env.clock().millis();
      polledEver = true;
      pollers.addLast(poller);
    }
    dispatch();
    return true;
  }

  synchronized void removePoller(Poller poller) {
    pollers.remove(poller);
  }

  /** No poller waits, none polled after {@code millis}, and no start or query is under way. */
  synchronized boolean idleSince(long millis) {
    return pollers.stream().noneMatch(Poller::isWaiting)
        && lastPollMillis < millis
        && tasks.values().stream().noneMatch(t -> t.inFlight)
        && deferred.isEmpty()
        && queries.isEmpty();
  }

  /** A poller is seen within {@code windowMillis}: one waits now, or one polled that recently. */
  synchronized boolean polledWithin(long windowMillis) {
    return pollers.stream().anyMatch(Poller::isWaiting)
        || (polledEver && env.clock().millis() - lastPollMillis <= windowMillis);
  }

  synchronized int heldTasks() {
    return deferred.size();
  }

  synchronized int waitingPollers() {
    return (int) pollers.stream().filter(Poller::isWaiting).count();
  }

  // ---- adds

  /**
   * Adds a task to a normal queue: sync match with a waiting poller, else persist it. The reply is
   * sent once the task is started, dropped as stale, or persisted.
   */
  void addNormal(BacklogTask data, String namespace, Reply reply) {
    Poller poller;
    synchronized (this) {
      if (lost) {
        throw new ShardOwnershipLostException("task queue lease lost: " + id);
      }
      poller = takeWaitingPollerLocked();
    }
    if (poller != null) {
      syncMatch(new QueuedTask(0, false, data, namespace), poller, reply);
      return;
    }
    if (defer(data, namespace, reply)) {
      dispatch();
      return;
    }
    persist(data, namespace, false);
    reply.ok();
    dispatch();
  }

  /**
   * Holds a task in memory, its AddTask unanswered, when nothing persisted is ahead of it and there
   * is room: a poller usually comes within moments, and then the task costs no backlog write.
   */
  private boolean defer(BacklogTask data, String namespace, Reply reply) {
    long wait = env.settings().deferredTaskWait().toMillis();
    QueuedTask task;
    synchronized (this) {
      if (wait <= 0
          || !storeExhausted
          || !tasks.isEmpty()
          || deferred.size() >= env.settings().maxDeferredTasks()
          || closed) {
        return false;
      }
      task = new QueuedTask(0, false, data, namespace, reply);
      task.arrival = ++arrivals;
      deferred.addLast(task);
    }
    try {
      env.timers()
          .schedule(
              () -> env.io().execute(() -> persistDeferred(task)), wait, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      synchronized (this) {
        deferred.remove(task);
      }
      return false;
    }
    return true;
  }

  /** A deferred task no poller took in time goes to the backlog, and its AddTask is answered. */
  private void persistDeferred(QueuedTask task) {
    synchronized (this) {
      if (task.inFlight || !deferred.remove(task)) {
        return; // being started, or settled already: that path answers
      }
    }
    try {
      persist(task.data(), task.namespace(), false);
      task.reply.ok();
      dispatch();
    } catch (RuntimeException e) {
      task.reply.fail(e); // history keeps the task and adds it again later
    }
  }

  /**
   * Adds a task to a sticky queue: fails fast when no worker polled it recently; otherwise sync
   * match, or keep it in memory for the next poller. A kept task is held with its AddTask
   * unanswered for a while, as on a normal queue: if the worker shuts down meanwhile ({@link
   * #close(RuntimeException)} with StickyWorkerUnavailable), history moves it to the normal queue
   * at once instead of waiting for the sticky timeout.
   */
  void addSticky(BacklogTask data, String namespace, Reply reply) {
    Poller poller;
    QueuedTask held = null;
    long wait;
    synchronized (this) {
      wait =
          workerShutDown
              ? SHUT_DOWN_STICKY_WINDOW.toMillis()
              : env.settings().deferredTaskWait().toMillis();
      if (!stickyWorkerAvailableLocked()) {
        throw Errors.stickyWorkerUnavailable();
      }
      poller = takeWaitingPollerLocked();
      if (poller == null) {
        if (workerShutDown || (wait > 0 && deferred.size() < env.settings().maxDeferredTasks())) {
          held = new QueuedTask(0, false, data, namespace, reply);
          held.arrival = ++arrivals;
          deferred.addLast(held);
        } else {
          addToMemoryLocked(data, namespace, false);
        }
      }
    }
    if (poller != null) {
      syncMatch(new QueuedTask(0, false, data, namespace), poller, reply);
      return;
    }
    if (held == null) {
      reply.ok();
    } else {
      QueuedTask task = held;
      try {
        env.timers()
            .schedule(
                () -> env.io().execute(() -> keepHeldSticky(task)), wait, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        keepHeldSticky(task); // closing: answer now rather than never
      }
    }
    dispatch();
  }

  /**
   * A held sticky task no poller took in time stays in memory, its AddTask answered; if the worker
   * said it shuts down, it goes back to history for the normal queue instead.
   */
  private void keepHeldSticky(QueuedTask task) {
    boolean bounce;
    synchronized (this) {
      if (task.inFlight || !deferred.remove(task)) {
        return; // being started, or settled already: that path answers
      }
      bounce = workerShutDown;
      if (!bounce) {
        addToMemoryLocked(task.data(), task.namespace(), false);
      }
    }
    if (bounce) {
      task.reply.fail(Errors.stickyWorkerUnavailable());
      return;
    }
    task.reply.ok();
    dispatch();
  }

  private boolean stickyWorkerAvailableLocked() {
    if (closed || lost) {
      return false;
    }
    if (pollers.stream().anyMatch(Poller::isWaiting)) {
      return true;
    }
    return polledEver && env.clock().millis() - lastPollMillis <= stickyWindowLocked().toMillis();
  }

  /** How recent a poll must be for a sticky task to wait for the worker's next one. */
  private Duration stickyWindowLocked() {
    return workerShutDown ? SHUT_DOWN_STICKY_WINDOW : env.settings().stickyPollerWindow();
  }

  /**
   * This sticky queue's worker said it shuts down (ShutdownWorker): held tasks go back to history
   * as StickyWorkerUnavailable, to the normal queue; from now on a task waits for the worker only
   * {@link #SHUT_DOWN_STICKY_WINDOW} after its last poll, so a worker that drains its sticky queue
   * still gets its tasks and one that stopped loses none for long.
   */
  void markWorkerShutDown() {
    List<QueuedTask> held;
    synchronized (this) {
      if (workerShutDown) {
        return;
      }
      workerShutDown = true;
      held = new ArrayList<>();
      for (QueuedTask task : List.copyOf(deferred)) {
        if (!task.inFlight) {
          deferred.remove(task);
          held.add(task);
        }
      }
    }
    held.forEach(t -> t.reply.fail(Errors.stickyWorkerUnavailable()));
  }

  private void syncMatch(QueuedTask task, Poller poller, Reply reply) {
    env.history()
        .start(id.type(), id.name(), task, poller)
        .whenCompleteAsync(
            (response, error) -> {
              if (error == null) {
                poller.deliver(response);
                reply.ok();
                return;
              }
              if (HistoryStarter.classify(error) == HistoryStarter.Failure.STALE) {
                reply.ok();
              } else {
                log.debug("start of a task of {} failed, keeping it", id, error);
                try {
                  if (sticky) {
                    synchronized (this) {
                      addToMemoryLocked(task.data(), task.namespace(), true);
                    }
                  } else {
                    persist(task.data(), task.namespace(), true);
                  }
                  reply.ok();
                } catch (RuntimeException e) {
                  reply.fail(e);
                }
              }
              givePollerBack(poller);
            },
            env.io());
  }

  // ---- query tasks

  /**
   * Offers a query task to the pollers, ahead of every other task; it waits in memory until one
   * comes. A sticky queue takes it only while its worker is recent (as for AddWorkflowTask).
   *
   * @return false if this queue was lost: use a fresh one
   */
  boolean addQuery(QueryTask query) {
    synchronized (this) {
      if (lost) {
        return false;
      }
      if (closed) {
        throw Errors.unavailable("matching is shutting down");
      }
      if (sticky && !stickyWorkerAvailableLocked()) {
        throw Errors.stickyWorkerUnavailable();
      }
      queries.addLast(query);
    }
    dispatch();
    return true;
  }

  synchronized void removeQuery(QueryTask query) {
    queries.remove(query);
  }

  private QueryTask peekPendingQueryLocked() {
    while (!queries.isEmpty() && !queries.peekFirst().isPending()) {
      queries.pollFirst();
    }
    return queries.peekFirst();
  }

  // ---- dispatch of waiting tasks

  /**
   * Pairs waiting pollers with query tasks first, then with ready tasks in task id order, and hands
   * each query out / starts each task.
   */
  void dispatch() {
    List<QueuedTask> matchedTasks = new ArrayList<>();
    List<Poller> matchedPollers = new ArrayList<>();
    List<QueryTask> matchedQueries = new ArrayList<>();
    List<Poller> queryPollers = new ArrayList<>();
    List<Long> expired = new ArrayList<>();
    synchronized (this) {
      if (lost || closed || !loaded) {
        return;
      }
      try {
        while (true) {
          Poller poller = peekWaitingPollerLocked();
          if (poller == null) {
            break;
          }
          QueryTask query = peekPendingQueryLocked();
          if (query != null) {
            queries.pollFirst();
            if (!query.markDispatched()) {
              continue; // ended meanwhile (cancelled, timed out); the poller stays
            }
            pollers.pollFirst();
            if (poller.reserve()) {
              matchedQueries.add(query);
              queryPollers.add(poller);
            } else if (query.markPending()) {
              queries.addFirst(query);
            }
            continue;
          }
          QueuedTask task = nextReadyTaskLocked(expired);
          if (task == null && !storeExhausted) {
            refillLocked();
            task = nextReadyTaskLocked(expired);
          }
          if (task == null) {
            break;
          }
          pollers.pollFirst();
          if (!poller.reserve()) {
            continue;
          }
          task.inFlight = true;
          matchedTasks.add(task);
          matchedPollers.add(poller);
        }
      } catch (PersistenceException e) {
        // The backlog could not be read now; the next poll or add tries again.
        log.warn("could not read the backlog of {}", id, e);
      }
    }
    // A query task needs no start in history: its poll response is complete already.
    boolean requeued = false;
    for (int i = 0; i < matchedQueries.size(); i++) {
      QueryTask query = matchedQueries.get(i);
      Poller poller = queryPollers.get(i);
      if (poller.isCancelled()) {
        // Its caller left while it was being matched: the query waits for the next poller.
        poller.release();
        if (query.markPending()) {
          synchronized (this) {
            queries.addFirst(query);
          }
          requeued = true;
        }
        continue;
      }
      poller.deliver(query.pollResponse());
    }
    deleteQuietly(expired);
    for (int i = 0; i < matchedTasks.size(); i++) {
      startWaitingTask(matchedTasks.get(i), matchedPollers.get(i));
    }
    if (requeued) {
      dispatch();
    }
  }

  private void startWaitingTask(QueuedTask task, Poller poller) {
    env.history()
        .start(id.type(), id.name(), task, poller)
        .whenCompleteAsync(
            (response, error) -> {
              if (error == null) {
                poller.deliver(response);
                finish(task);
                return;
              }
              if (HistoryStarter.classify(error) == HistoryStarter.Failure.STALE) {
                finish(task);
              } else {
                log.debug("start of task {} of {} failed, retrying later", task.id(), id, error);
                synchronized (this) {
                  task.inFlight = false;
                  task.cooling = true;
                }
                scheduleCoolDown(task);
              }
              givePollerBack(poller);
            },
            env.io());
  }

  /** Forgets a started or stale task. Runs on the io pool. */
  private void finish(QueuedTask task) {
    synchronized (this) {
      if (task.deferred()) {
        deferred.remove(task);
      } else {
        tasks.remove(task.id(), task);
      }
    }
    if (task.deferred()) {
      task.reply.ok();
    }
    if (task.persisted()) {
      deleteQuietly(List.of(task.id()));
    }
  }

  private void givePollerBack(Poller poller) {
    if (!poller.release()) {
      return;
    }
    boolean requeued;
    synchronized (this) {
      requeued = !lost && !closed;
      if (requeued) {
        pollers.addFirst(poller);
      }
    }
    if (requeued) {
      dispatch();
    } else {
      poller.expire();
    }
  }

  private void scheduleCoolDown(QueuedTask task) {
    long delay = env.settings().startRetryBackoff().toMillis();
    try {
      env.timers()
          .schedule(
              () -> {
                synchronized (this) {
                  task.cooling = false;
                }
                env.io().execute(this::dispatch);
              },
              delay,
              TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closing: the task stays in the store for the next owner.
    }
  }

  private Poller peekWaitingPollerLocked() {
    while (!pollers.isEmpty() && !pollers.peekFirst().isWaiting()) {
      pollers.pollFirst();
    }
    return pollers.peekFirst();
  }

  private Poller takeWaitingPollerLocked() {
    while (true) {
      Poller poller = peekWaitingPollerLocked();
      if (poller == null) {
        return null;
      }
      pollers.pollFirst();
      if (poller.reserve()) {
        return poller;
      }
    }
  }

  /**
   * The oldest task neither in flight nor resting, persisted or held; drops expired tasks on the
   * way.
   */
  private QueuedTask nextReadyTaskLocked(List<Long> expiredPersisted) {
    long now = env.clock().millis();
    QueuedTask persisted = null;
    Iterator<QueuedTask> it = tasks.values().iterator();
    while (it.hasNext()) {
      QueuedTask task = it.next();
      if (task.inFlight || task.cooling) {
        continue;
      }
      if (task.expiredAt(now)) {
        it.remove();
        if (task.persisted()) {
          expiredPersisted.add(task.id());
        }
        continue;
      }
      persisted = task;
      break;
    }
    QueuedTask held = null;
    Iterator<QueuedTask> waiting = deferred.iterator();
    while (waiting.hasNext()) {
      QueuedTask task = waiting.next();
      if (task.inFlight || task.cooling) {
        continue;
      }
      if (task.expiredAt(now)) {
        waiting.remove();
        task.reply.ok(); // history's schedule-to-start timer handles it
        continue;
      }
      held = task;
      break;
    }
    if (persisted == null || held == null) {
      return persisted != null ? persisted : held;
    }
    return held.arrival < persisted.arrival ? held : persisted;
  }

  // ---- backlog persistence

  private void addToMemoryLocked(BacklogTask data, String namespace, boolean cooling) {
    QueuedTask task = new QueuedTask(++memorySeq, false, data, namespace);
    task.cooling = cooling;
    tasks.put(task.id(), task);
    if (cooling) {
      scheduleCoolDown(task);
    }
  }

  /** Appends one task under the lease; retries once if our own lease renewal fenced the write. */
  private void persist(BacklogTask data, String namespace, boolean cooling) {
    for (int attempt = 0; ; attempt++) {
      long taskId;
      long range;
      synchronized (this) {
        if (lost) {
          throw new ShardOwnershipLostException("task queue lease lost: " + id);
        }
        if (nextTaskId > blockEnd) {
          takeLeaseLocked();
        }
        taskId = nextTaskId++;
        range = rangeId;
      }
      try {
        env.store()
            .append(
                key,
                range,
                List.of(new BacklogEntry(taskId, data.getExpiryTimeMs(), data.toByteArray())));
      } catch (ShardOwnershipLostException e) {
        boolean renewedByUs;
        synchronized (this) {
          renewedByUs = !lost && rangeId != range;
        }
        if (renewedByUs && attempt == 0) {
          continue;
        }
        loseLease();
        throw e;
      }
      synchronized (this) {
        if ((storeExhausted && tasks.size() < env.settings().backlogPageSize())
            || taskId <= readLevel) {
          QueuedTask task = new QueuedTask(taskId, true, data, namespace);
          task.cooling = cooling;
          task.arrival = ++arrivals;
          tasks.put(taskId, task);
          readLevel = Math.max(readLevel, taskId);
          if (cooling) {
            scheduleCoolDown(task);
          }
        } else {
          storeExhausted = false;
        }
      }
      return;
    }
  }

  /** Reads the next page of the persisted backlog into memory, under the lock (see class doc). */
  private void refillLocked() {
    if (sticky || storeExhausted) {
      return;
    }
    int room = env.settings().backlogPageSize() - tasks.size();
    if (room <= 0) {
      return;
    }
    List<BacklogEntry> page = env.store().read(key, readLevel, room);
    for (BacklogEntry entry : page) {
      readLevel = Math.max(readLevel, entry.taskId());
      BacklogTask data;
      try {
        data = BacklogTask.parseFrom(entry.data());
      } catch (InvalidProtocolBufferException e) {
        log.error("dropping unreadable backlog task {} of {}", entry.taskId(), id, e);
        deleteQuietly(List.of(entry.taskId()));
        continue;
      }
      tasks.putIfAbsent(entry.taskId(), new QueuedTask(entry.taskId(), true, data, ""));
    }
    if (page.size() < room) {
      storeExhausted = true;
    }
  }

  private void takeLeaseLocked() {
    rangeId = env.store().acquire(key);
    nextTaskId = (rangeId - 1) * RANGE_SIZE + 1;
    blockEnd = rangeId * RANGE_SIZE;
  }

  private void deleteQuietly(List<Long> taskIds) {
    if (taskIds.isEmpty()) {
      return;
    }
    try {
      env.store().delete(key, taskIds);
    } catch (RuntimeException e) {
      // Left in the store: read again only after a reload, then dropped as stale by history.
      log.warn("could not delete backlog tasks {} of {}", taskIds, id, e);
    }
  }

  /** Another owner took the lease: stop serving; pollers re-poll and reach a fresh queue. */
  private void loseLease() {
    List<Poller> parked;
    List<QueryTask> waitingQueries;
    List<QueuedTask> held;
    synchronized (this) {
      if (lost) {
        return;
      }
      lost = true;
      parked = new ArrayList<>(pollers);
      pollers.clear();
      tasks.clear();
      held = new ArrayList<>(deferred);
      deferred.clear();
      waitingQueries = new ArrayList<>(queries);
      queries.clear();
    }
    log.warn("lost the lease of {}", id);
    parked.forEach(Poller::expire);
    // History still holds these tasks and adds them again, to the queue's new owner.
    held.forEach(t -> t.reply.fail(Errors.unavailable("task queue moved: " + id)));
    // Retryable: the caller's retry reaches the queue's new owner.
    waitingQueries.forEach(
        q -> q.failIfPending(Errors.unavailable("task queue moved, retry the query: " + id)));
    onLost.accept(this);
  }

  /** Answers every parked poll with an empty response. */
  void close() {
    close(Errors.unavailable("matching is shutting down"));
  }

  /** As {@link #close()}, failing the AddTask calls of held tasks with {@code heldTaskFailure}. */
  void close(RuntimeException heldTaskFailure) {
    List<Poller> parked;
    List<QueryTask> waitingQueries;
    List<QueuedTask> held;
    synchronized (this) {
      closed = true;
      parked = new ArrayList<>(pollers);
      pollers.clear();
      held = new ArrayList<>(deferred);
      deferred.clear();
      waitingQueries = new ArrayList<>(queries);
      queries.clear();
    }
    parked.forEach(Poller::expire);
    waitingQueries.forEach(q -> q.failIfPending(Errors.unavailable("matching is shutting down")));
    // Not persisted: history still holds them durably and adds them again after the restart.
    held.forEach(t -> t.reply.fail(heldTaskFailure));
  }
}
