package dev.aevum.persistence.testing;

import dev.aevum.persistence.sql.DatabaseConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Databases for tests of any module: a fresh PostgreSQL database per call, or SQLite.
 *
 * <p>PostgreSQL is found through {@code AEVUM_TEST_POSTGRES_URL} (a JDBC URL whose database part is
 * replaced, e.g. {@code jdbc:postgresql://db:5432/}), {@code AEVUM_TEST_POSTGRES_USER} and {@code
 * AEVUM_TEST_POSTGRES_PASSWORD}; by default {@code jdbc:postgresql://127.0.0.1:5432/} as user
 * {@code postgres}. Without a reachable server the calling test is skipped with the reason, or
 * fails when {@code AEVUM_REQUIRE_POSTGRES=1}.
 *
 * <p>Databases are named {@code aevum_test_<name>_<creation second, base 36>_<random>}. Those this
 * JVM created are dropped at exit; those older than a day (left by killed JVMs) are dropped when
 * the first database of a JVM is created.
 */
public final class TestDatabases {
  private static final String PREFIX = "aevum_test_";
  private static final long STALE_AFTER_SECONDS = TimeUnit.DAYS.toSeconds(1);

  private static final List<String> created = new ArrayList<>();
  private static boolean initialized;
  private static String unusableReason; // set once the server failed; later calls skip at once

  private TestDatabases() {}

  /** A private in-memory SQLite database. */
  public static DatabaseConfig sqliteInMemory() {
    return DatabaseConfig.sqliteInMemory();
  }

  /** An SQLite database file {@code aevum.db} in {@code dir} (usually a JUnit {@code @TempDir}). */
  public static DatabaseConfig sqliteFile(Path dir) {
    Objects.requireNonNull(dir, "dir");
    return DatabaseConfig.sqliteFile(dir.resolve("aevum.db").toString());
  }

  /**
   * Creates a new, empty PostgreSQL database and returns its config (no schema: call {@code
   * Persistence.migrate()}).
   *
   * @param name a short label for the database name, e.g. the test class
   */
  public static synchronized DatabaseConfig freshPostgres(String name) {
    Objects.requireNonNull(name, "name");
    if (unusableReason != null) {
      skipOrFail(unusableReason, null); // don't wait for a dead server once per test
    }
    Server server = Server.fromEnvironment();
    String database =
        PREFIX
            + label(name)
            + "_"
            + Long.toString(System.currentTimeMillis() / 1000, 36)
            + "_"
            + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
    try (Connection admin = server.connect();
        Statement s = admin.createStatement()) {
      if (!initialized) {
        initialized = true;
        dropStale(admin);
        Runtime.getRuntime()
            .addShutdownHook(new Thread(() -> dropCreated(server), "aevum-test-db-cleanup"));
      }
      s.execute("CREATE DATABASE " + database);
      created.add(database);
    } catch (SQLException e) {
      String reason =
          "PostgreSQL not usable at "
              + server.url
              + " as "
              + server.user
              + ": "
              + e.getMessage()
              + " (set AEVUM_TEST_POSTGRES_URL/_USER/_PASSWORD)";
      unusableReason = reason;
      skipOrFail(reason, e);
    }
    return new DatabaseConfig(
        DatabaseConfig.Dialect.POSTGRESQL,
        server.urlFor(database),
        server.user,
        server.password,
        5);
  }

  private static void skipOrFail(String reason, SQLException cause) {
    if ("1".equals(System.getenv("AEVUM_REQUIRE_POSTGRES"))) {
      Assertions.fail(reason + "; AEVUM_REQUIRE_POSTGRES=1 forbids skipping", cause);
    }
    Assumptions.abort(reason);
  }

  private static String label(String name) {
    String cleaned =
        name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    if (cleaned.isEmpty()) {
      cleaned = "db";
    }
    // PostgreSQL names are at most 63 bytes; the prefix and suffixes take about 25.
    return cleaned.length() > 30 ? cleaned.substring(0, 30) : cleaned;
  }

  /** Drops test databases whose name says they were created more than a day ago. */
  private static void dropStale(Connection admin) throws SQLException {
    long now = System.currentTimeMillis() / 1000;
    List<String> stale = new ArrayList<>();
    try (Statement s = admin.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT datname FROM pg_database WHERE datname LIKE 'aevum\\_test\\_%'")) {
      while (r.next()) {
        String[] parts = r.getString(1).split("_");
        if (parts.length < 2) {
          continue;
        }
        try {
          long createdAt = Long.parseLong(parts[parts.length - 2], 36);
          if (now - createdAt > STALE_AFTER_SECONDS) {
            stale.add(r.getString(1));
          }
        } catch (NumberFormatException ignored) {
          // not one of ours
        }
      }
    }
    for (String database : stale) {
      dropQuietly(admin, database);
    }
  }

  private static synchronized void dropCreated(Server server) {
    try (Connection admin = server.connect()) {
      for (String database : created) {
        dropQuietly(admin, database);
      }
    } catch (SQLException ignored) {
      // best effort: stale databases are dropped by a later run
    }
  }

  private static void dropQuietly(Connection admin, String database) {
    try (Statement s = admin.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    } catch (SQLException ignored) {
      // best effort
    }
  }

  /** The PostgreSQL server tests use. */
  private record Server(String url, String user, String password) {
    static Server fromEnvironment() {
      return new Server(
          env("AEVUM_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/"),
          env("AEVUM_TEST_POSTGRES_USER", "postgres"),
          env("AEVUM_TEST_POSTGRES_PASSWORD", ""));
    }

    private static String env(String name, String fallback) {
      String value = System.getenv(name);
      return value == null || value.isBlank() ? fallback : value;
    }

    Connection connect() throws SQLException {
      Properties properties = new Properties();
      properties.setProperty("user", user);
      if (!password.isEmpty()) {
        properties.setProperty("password", password);
      }
      // Fail fast when no server listens, so the skip message comes quickly.
      properties.setProperty("connectTimeout", "5");
      properties.setProperty("loginTimeout", "5");
      return DriverManager.getConnection(urlFor("postgres"), properties);
    }

    /** The server URL with its database part replaced by {@code database}. */
    String urlFor(String database) {
      int query = url.indexOf('?');
      String base = query < 0 ? url : url.substring(0, query);
      String params = query < 0 ? "" : url.substring(query);
      int hostStart = base.indexOf("//") + 2;
      int slash = base.indexOf('/', hostStart);
      String hostPart = slash < 0 ? base : base.substring(0, slash);
      return hostPart + "/" + database + params;
    }
  }
}
