package dev.aevum.persistence.sql.internal;

import dev.aevum.persistence.AlreadyExistsException;
import dev.aevum.persistence.CommitOutcomeUnknownException;
import dev.aevum.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Runs store operations on pooled connections: reads in auto-commit mode, writes as one
 * transaction, and SQL errors translated to the API's exceptions. With SQLite every operation also
 * holds one lock, because the single connection serves one caller at a time.
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

  private final DbMeters meters;

  Db(DataSource dataSource, SqlDialect dialect, boolean serialize, DbMeters meters) {
    this.meters = meters;
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.lock = serialize ? new ReentrantLock(true) : null;
  }

  SqlDialect dialect() {
    return dialect;
  }

  /**
   * Runs {@code work} outside any explicit transaction. {@code operation} is a stable name for the
   * meters, {@code what} names it in errors.
   */
  <T> T read(String operation, String what, Work<T> work) {
    lock();
    try (Connection c = dataSource.getConnection()) {
      meters.transaction(operation, false);
      return work.run(meters.counting(c, operation));
    } catch (SQLException e) {
      throw translate(what, e);
    } finally {
      unlock();
    }
  }

  /**
   * Runs {@code work} in one transaction: commits if it returns, rolls back if it throws, so a
   * failed write leaves nothing behind.
   *
   * @throws CommitOutcomeUnknownException when the commit itself failed: the transaction may have
   *     committed before the connection broke. Any failure before the commit means nothing was
   *     written, because a transaction that never reached COMMIT is never durable.
   */
  <T> T write(String operation, String what, Work<T> work) {
    lock();
    Connection c = null;
    try {
      c = dataSource.getConnection();
      c.setAutoCommit(false);
      meters.transaction(operation, true);
      T result;
      try {
        result = work.run(meters.counting(c, operation));
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c, e);
        throw e;
      }
      try {
        c.commit();
      } catch (SQLException e) {
        throw new CommitOutcomeUnknownException(
            what
                + ": the commit's outcome is unknown: "
                + e.getMessage()
                + " [SQLState "
                + e.getSQLState()
                + "]",
            e);
      }
      return result;
    } catch (SQLException e) {
      throw translate(what, e);
    } finally {
      // Not try-with-resources: the pool restores auto-commit on close, and a connection that
      // breaks right after a commit must not turn a durable write into a reported failure.
      closeQuietly(c);
      unlock();
    }
  }

  /** Counts a write that its fast path handed to the statement-by-statement path. */
  void countFallback(String operation) {
    meters.fallback(operation);
  }

  /** Runs {@code action} while no store operation runs (SQLite); directly otherwise. */
  <T> T exclusive(Supplier<T> action) {
    lock();
    try {
      return action.get();
    } finally {
      unlock();
    }
  }

  private PersistenceException translate(String what, SQLException e) {
    if (dialect.isUniqueViolation(e)) {
      return new AlreadyExistsException(
          what + ": a row with the same key already exists (" + e.getMessage() + ")");
    }
    return new PersistenceException(
        what + " failed: " + e.getMessage() + " [SQLState " + e.getSQLState() + "]",
        e,
        isTransient(e));
  }

  /**
   * Whether a failure may go away: connection trouble, an overloaded or restarting server, a
   * serialization conflict. Data and constraint errors (e.g. a string PostgreSQL cannot store) come
   * back every time.
   */
  static boolean isTransient(SQLException e) {
    if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
      return true;
    }
    String state = e.getSQLState();
    if (state == null || state.length() < 2) {
      // SQLite's driver gives a result code instead: busy, locked, I/O error, full, cannot open
      int code = e.getErrorCode() & 0xff;
      return code == 0 || code == 5 || code == 6 || code == 10 || code == 13 || code == 14;
    }
    return switch (state.substring(0, 2)) {
      // connection exception, transaction rollback, insufficient resources, operator
      // intervention (shutdown, cannot connect now), system error (I/O)
      case "08", "40", "53", "57", "58" -> true;
      default -> false;
    };
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      // broken connection: the pool evicts it; the write's outcome was decided before this
    }
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
