package dev.aevum.persistence.sql;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Where the store lives and how to reach it. Immutable.
 *
 * @param dialect which SQL dialect the URL speaks
 * @param jdbcUrl the JDBC URL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/aevum} or {@code
 *     jdbc:sqlite:/var/lib/aevum/dev.db}
 * @param user database user; empty for SQLite
 * @param password database password; empty when none
 * @param maxPoolSize upper bound of the connection pool (SQLite always uses one connection)
 * @param connectionTimeout how long a caller waits for a pooled connection before its operation
 *     fails (and the caller sees UNAVAILABLE) while the database cannot be reached
 */
public record DatabaseConfig(
    Dialect dialect,
    String jdbcUrl,
    String user,
    String password,
    int maxPoolSize,
    Duration connectionTimeout) {

  /**
   * HikariCP's default: long enough to ride out a database restart, short enough to fail a call.
   */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(30);

  public DatabaseConfig(
      Dialect dialect, String jdbcUrl, String user, String password, int maxPoolSize) {
    this(dialect, jdbcUrl, user, password, maxPoolSize, DEFAULT_CONNECTION_TIMEOUT);
  }

  public DatabaseConfig {
    Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    if (connectionTimeout.toMillis() < 250) {
      throw new IllegalArgumentException(
          "connectionTimeout must be at least 250ms, got " + connectionTimeout);
    }
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    user = user == null ? "" : user;
    password = password == null ? "" : password;
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("maxPoolSize must be at least 1, got " + maxPoolSize);
    }
  }

  /** A PostgreSQL database. */
  public static DatabaseConfig postgres(String jdbcUrl, String user, String password) {
    return new DatabaseConfig(Dialect.POSTGRESQL, jdbcUrl, user, password, 20);
  }

  /** An SQLite database in the given file, created when missing. */
  public static DatabaseConfig sqliteFile(String path) {
    return new DatabaseConfig(Dialect.SQLITE, "jdbc:sqlite:" + path, "", "", 1);
  }

  /** A private in-memory SQLite database that lives as long as the {@link Persistence} using it. */
  public static DatabaseConfig sqliteInMemory() {
    return new DatabaseConfig(
        Dialect.SQLITE,
        "jdbc:sqlite:file:aevum-" + UUID.randomUUID() + "?mode=memory&cache=shared",
        "",
        "",
        1);
  }

  /** This config with another {@link #connectionTimeout()}. */
  public DatabaseConfig withConnectionTimeout(Duration timeout) {
    return new DatabaseConfig(dialect, jdbcUrl, user, password, maxPoolSize, timeout);
  }

  /** The SQL dialects Aevum supports. */
  public enum Dialect {
    POSTGRESQL,
    SQLITE
  }

  @Override
  public String toString() {
    // Never print the password.
    return "DatabaseConfig["
        + dialect
        + " "
        + jdbcUrl
        + (user.isEmpty() ? "" : " user=" + user)
        + "]";
  }
}
