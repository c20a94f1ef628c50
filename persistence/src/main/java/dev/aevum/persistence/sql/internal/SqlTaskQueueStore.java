package dev.aevum.persistence.sql.internal;

import dev.aevum.persistence.BacklogEntry;
import dev.aevum.persistence.ShardOwnershipLostException;
import dev.aevum.persistence.TaskQueueKey;
import dev.aevum.persistence.TaskQueueStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

final class SqlTaskQueueStore implements TaskQueueStore {
  private static final String KEY = "namespace_id = ? AND name = ? AND task_type = ?";

  private final Db db;

  SqlTaskQueueStore(Db db) {
    this.db = db;
  }

  @Override
  public long acquire(TaskQueueKey key) {
    validate(key);
    return db.write(
        "task_queue_acquire",
        "acquire task queue " + describe(key),
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO task_queues (namespace_id, name, task_type, range_id) VALUES (?, ?, ?, 1)"
                      + " ON CONFLICT (namespace_id, name, task_type)"
                      + " DO UPDATE SET range_id = task_queues.range_id + 1")) {
            bindKey(s, 1, key);
            s.executeUpdate();
          }
          return rangeId(c, key, "");
        });
  }

  @Override
  public void append(TaskQueueKey key, long rangeId, List<BacklogEntry> tasks) {
    validate(key);
    Args.positive(rangeId, "rangeId");
    Args.notNull(tasks, "tasks");
    for (BacklogEntry task : tasks) {
      Args.notNull(task, "tasks[]");
      Args.positive(task.taskId(), "tasks[].taskId");
      Args.nonNegative(task.expiryTimeMs(), "tasks[].expiryTimeMs");
    }
    db.write(
        "task_queue_append",
        "append to task queue " + describe(key),
        c -> {
          long stored = rangeId(c, key, db.dialect().forUpdate());
          if (stored != rangeId) {
            throw new ShardOwnershipLostException(
                "task queue "
                    + describe(key)
                    + " is at range id "
                    + (stored < 0 ? "(no row)" : Long.toString(stored))
                    + ", not the held range id "
                    + rangeId);
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO task_queue_backlog (namespace_id, name, task_type, task_id, expiry_time_ms, data)"
                      + " VALUES (?, ?, ?, ?, ?, ?)")) {
            for (BacklogEntry task : tasks) {
              bindKey(s, 1, key);
              s.setLong(4, task.taskId());
              s.setLong(5, task.expiryTimeMs());
              s.setBytes(6, task.data());
              s.addBatch();
            }
            if (!tasks.isEmpty()) {
              s.executeBatch();
            }
          }
          return null;
        });
  }

  @Override
  public List<BacklogEntry> read(TaskQueueKey key, long afterTaskId, int limit) {
    validate(key);
    Args.nonNegative(afterTaskId, "afterTaskId");
    Args.positive(limit, "limit");
    return db.read(
        "task_queue_read",
        "read task queue " + describe(key),
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT task_id, expiry_time_ms, data FROM task_queue_backlog WHERE "
                      + KEY
                      + " AND task_id > ? ORDER BY task_id LIMIT ?")) {
            bindKey(s, 1, key);
            s.setLong(4, afterTaskId);
            s.setInt(5, limit);
            List<BacklogEntry> result = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                result.add(new BacklogEntry(r.getLong(1), r.getLong(2), r.getBytes(3)));
              }
            }
            return result;
          }
        });
  }

  @Override
  public void delete(TaskQueueKey key, Collection<Long> taskIds) {
    validate(key);
    Args.notNull(taskIds, "taskIds");
    taskIds.forEach(id -> Args.notNull(id, "taskIds[]"));
    if (taskIds.isEmpty()) {
      return;
    }
    db.write(
        "task_queue_delete",
        "delete from task queue " + describe(key),
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "DELETE FROM task_queue_backlog WHERE " + KEY + " AND task_id = ?")) {
            for (long id : taskIds) {
              bindKey(s, 1, key);
              s.setLong(4, id);
              s.addBatch();
            }
            s.executeBatch();
          }
          return null;
        });
  }

  /** The queue's range id, or -1 without a row. */
  private static long rangeId(Connection c, TaskQueueKey key, String lockSuffix)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT range_id FROM task_queues WHERE " + KEY + lockSuffix)) {
      bindKey(s, 1, key);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : -1;
      }
    }
  }

  private static void bindKey(PreparedStatement s, int first, TaskQueueKey key)
      throws SQLException {
    s.setString(first, key.namespaceId());
    s.setString(first + 1, key.name());
    s.setInt(first + 2, key.taskType());
  }

  private static void validate(TaskQueueKey key) {
    Args.notNull(key, "key");
    Args.text(key.namespaceId(), "key.namespaceId");
    Args.text(key.name(), "key.name");
    Args.positive(key.taskType(), "key.taskType");
  }

  private static String describe(TaskQueueKey key) {
    return key.namespaceId() + "/" + key.name() + "/" + key.taskType();
  }
}
