package dev.aevum.server.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.persistence.Persistence;
import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.persistence.sql.SqlPersistence;
import dev.aevum.persistence.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The program as operators run it: separate JVMs, exit codes, the lines they print. */
class AevumProcessTest {
  private static final Duration EXIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private static Map<String, String> env(DatabaseConfig database, String... more) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "AEVUM_DB_URL", database.jdbcUrl(),
                "AEVUM_DB_USER", database.user(),
                "AEVUM_DB_PASSWORD", database.password()));
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return env;
  }

  @Test
  void startRefusesAnUnmigratedDatabaseThenMigrateFixesIt() throws Exception {
    DatabaseConfig database = TestDatabases.freshPostgres("AevumProcessTest");

    try (AevumProcess start =
        AevumProcess.start(dir, env(database), "server", "start", "--port", "0")) {
      assertThat(start.awaitExit(EXIT)).isEqualTo(1);
      assertThat(start.err()).contains("aevum: ").contains("aevum migrate");
      assertThat(start.out()).isEmpty();
    }

    try (AevumProcess migrate = AevumProcess.start(dir, env(database), "migrate")) {
      assertThat(migrate.awaitExit(EXIT)).as(migrate.err()).isZero();
      assertThat(migrate.out()).startsWith("Schema migrated");
    }
    try (AevumProcess again =
        AevumProcess.start(dir, env(database), "migrate", "--log-level", "warn")) {
      assertThat(again.awaitExit(EXIT)).as(again.err()).isZero();
      assertThat(again.out()).startsWith("Schema is up to date");
    }
    try (Persistence persistence = SqlPersistence.open(database)) {
      persistence.validateSchema();
    }
  }

  @Test
  void startServesUntilTerminatedAndThenRefusesAnotherShardCount() throws Exception {
    DatabaseConfig database = TestDatabases.freshPostgres("AevumProcessTest");
    try (Persistence persistence = SqlPersistence.open(database)) {
      persistence.migrate();
    }

    try (AevumProcess server =
        AevumProcess.start(
            dir,
            env(database, "AEVUM_NUM_HISTORY_SHARDS", "2"),
            "server",
            "start",
            "--ip",
            "127.0.0.1",
            "--port",
            "0",
            "--log-level",
            "info")) {
      String ready = server.awaitLine("Aevum server ready on 127.0.0.1:", EXIT);
      assertThat(ready).endsWith("(PostgreSQL " + database.jdbcUrl() + ", 2 history shards)");
      server.terminate();
      server.awaitExit(EXIT);
      assertThat(server.err()).contains("Aevum stopped");
    }

    try (AevumProcess other =
        AevumProcess.start(dir, env(database), "server", "start", "--port", "0")) {
      assertThat(other.awaitExit(EXIT)).isEqualTo(1);
      assertThat(other.err())
          .contains(
              "numHistoryShards is 4 in the configuration, but this cluster was created"
                  + " with 2")
          .contains("Set cluster.numHistoryShards (or AEVUM_NUM_HISTORY_SHARDS) to 2.");
    }
  }

  @Test
  void configurationErrorsAreAllReportedAndExitWith1() throws Exception {
    try (AevumProcess start =
        AevumProcess.start(
            dir,
            Map.of("AEVUM_GRPC_PORT", "x", "AEVUM_DB_MAX_POOL_SIZE", "0"),
            "server",
            "start")) {
      assertThat(start.awaitExit(EXIT)).isEqualTo(1);
      assertThat(start.err())
          .contains(
              "Invalid configuration (3 errors)",
              "grpc.port",
              "database.url",
              "database.maxPoolSize");
    }
  }

  @Test
  void startDevPrintsOneReadyLineAndKeepsStateInItsFile() throws Exception {
    Path file = dir.resolve("dev.db");
    try (AevumProcess dev =
        AevumProcess.start(
            dir,
            Map.of(),
            "server",
            "start-dev",
            "--port",
            "0",
            "--db-filename",
            file.toString(),
            "-n",
            "orders")) {
      String ready = dev.awaitLine("Aevum dev server ready on ", EXIT);
      assertThat(ready)
          .matches(
              "Aevum dev server ready on 127\\.0\\.0\\.1:\\d+ \\(namespaces default, orders,"
                  + " store "
                  + Pattern.quote(file.toString())
                  + "\\)");
      assertThat(dev.out().strip()).isEqualTo(ready);
      String address =
          ready.substring("Aevum dev server ready on ".length(), ready.indexOf(' ', 26));
      StringWriter healthOut = new StringWriter();
      picocli.CommandLine health = AevumCommand.commandLine(Map.of());
      health.setOut(new PrintWriter(healthOut, true));
      assertThat(health.execute("health", "--address", address)).isZero();
      assertThat(healthOut.toString().strip()).isEqualTo("SERVING");
      dev.terminate();
      dev.awaitExit(EXIT);
    }
    try (Persistence persistence =
        SqlPersistence.open(DatabaseConfig.sqliteFile(file.toString()))) {
      persistence.validateSchema();
      assertThat(persistence.namespaces().getByName("orders")).isPresent();
      assertThat(persistence.clusterMetadata().get("num_history_shards")).contains("1");
    }
  }
}
