package dev.aevum.persistence;

import java.util.Objects;

/**
 * Where the store lives and how to reach it. Immutable.
 *
 * @param dialect which SQL dialect the URL speaks
 * @param jdbcUrl the JDBC URL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/aevum} or
 *     {@code jdbc:sqlite:/var/lib/aevum/dev.db}
 * @param user database user; empty for SQLite
 * @param password database password; empty when none
 * @param maxPoolSize upper bound of the connection pool (SQLite always uses one connection)
 */
public record DatabaseConfig(Dialect dialect, String jdbcUrl, String user, String password, int maxPoolSize) {

  public DatabaseConfig {
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
        "jdbc:sqlite:file:aevum-" + java.util.UUID.randomUUID() + "?mode=memory&cache=shared",
        "",
        "",
        1);
  }

  /** The SQL dialects Aevum supports. */
  public enum Dialect {
    POSTGRESQL,
    SQLITE
  }

  @Override
  public String toString() {
    // Never print the password.
    return "DatabaseConfig[" + dialect + " " + jdbcUrl + (user.isEmpty() ? "" : " user=" + user) + "]";
  }
}
