package dev.aevum.server.matching;

import dev.aevum.proto.persistence.BacklogTask;

/**
 * A task waiting in a queue's memory: a persisted backlog task (id from the store), an in-memory
 * task of a sticky queue, or a task being sync-matched straight from AddTask (id 0). The mutable
 * flags are guarded by the owning {@link TaskQueue}'s lock.
 */
final class QueuedTask {
  private final long id;
  private final boolean persisted;
  private final BacklogTask data;
  private final String namespace;

  /** A start for it is under way. */
  boolean inFlight;

  /** Its last start failed with a transient error; it rests before the next try. */
  boolean cooling;

  /**
   * The AddTask call of a deferred task (held in memory, not yet persisted), answered once the task
   * is started, found stale or persisted; null for every other task.
   */
  final Reply reply;

  /** Order of arrival in this process (0 for tasks read back from the store, which are older). */
  long arrival;

  QueuedTask(long id, boolean persisted, BacklogTask data, String namespace) {
    this(id, persisted, data, namespace, null);
  }

  QueuedTask(long id, boolean persisted, BacklogTask data, String namespace, Reply reply) {
    this.reply = reply;
    this.id = id;
    this.persisted = persisted;
    this.data = data;
    this.namespace = namespace;
  }

  boolean deferred() {
    return reply != null;
  }

  long id() {
    return id;
  }

  boolean persisted() {
    return persisted;
  }

  BacklogTask data() {
    return data;
  }

  /** The namespace name when known (tasks read back from the store do not carry it). */
  String namespace() {
    return namespace;
  }

  boolean expiredAt(long nowMillis) {
    return data.getExpiryTimeMs() > 0 && nowMillis >= data.getExpiryTimeMs();
  }
}
