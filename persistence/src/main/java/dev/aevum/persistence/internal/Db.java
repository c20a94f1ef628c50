package dev.aevum.persistence.internal;

import dev.aevum.persistence.AlreadyExistsException;
import dev.aevum.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Runs store operations on pooled connections: reads in auto-commit mode, writes as one
 * transaction, and SQL errors translated to the API's exceptions. With SQLite every operation
 * also holds one lock, because the single connection serves one caller at a time.
 */
final class Db {

  /** A unit of JDBC work. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;
  private final SqlDialect dialect;
  private final ReentrantLock lock; // null when the pool handles concurrency (PostgreSQL)

  Db(DataSource dataSource, SqlDialect dialect, boolean serialize) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.lock = serialize ? new ReentrantLock(true) : null;
  }

  SqlDialect dialect() {
    return dialect;
  }

  /** Runs {@code work} outside any explicit transaction. {@code what} names it in errors. */
  <T> T read(String what, Work<T> work) {
    lock();
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw translate(what, e);
    } finally {
      unlock();
    }
  }

  /**
   * Runs {@code work} in one transaction: commits if it returns, rolls back if it throws, so a
   * failed write leaves nothing behind.
   */
  <T> T write(String what, Work<T> work) {
    lock();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw translate(what, e);
    } finally {
      unlock();
    }
  }

  /** Runs {@code action} while no store operation runs (SQLite); directly otherwise. */
  <T> T exclusive(java.util.function.Supplier<T> action) {
    lock();
    try {
      return action.get();
    } finally {
      unlock();
    }
  }

  private PersistenceException translate(String what, SQLException e) {
    if (dialect.isUniqueViolation(e)) {
      return new AlreadyExistsException(what + ": a row with the same key already exists (" + e.getMessage() + ")");
    }
    return new PersistenceException(
        what + " failed: " + e.getMessage() + " [SQLState " + e.getSQLState() + "]", e);
  }

  private static void rollbackQuietly(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private void lock() {
    if (lock != null) {
      lock.lock();
    }
  }

  private void unlock() {
    if (lock != null) {
      lock.unlock();
    }
  }
}
