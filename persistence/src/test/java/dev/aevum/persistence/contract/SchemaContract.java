package dev.aevum.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.persistence.Persistence;
import dev.aevum.persistence.SchemaMismatchException;
import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.persistence.sql.SqlPersistence;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** migrate() and validateSchema(); each test opens its own database, unmigrated. */
abstract class SchemaContract {
  @TempDir Path tempDir;

  /** The newest migration this build ships. */
  private static final String LATEST = "2";

  protected abstract DatabaseConfig database(Path tempDir);

  @Test
  void aMissingSchemaIsRejectedUntilMigrated() {
    try (Persistence p = SqlPersistence.open(database(tempDir))) {
      assertThatThrownBy(p::validateSchema)
          .isInstanceOf(SchemaMismatchException.class)
          .hasMessageContaining("found version none")
          .hasMessageContaining("expected " + LATEST)
          .hasMessageContaining("aevum migrate");
      assertThat(p.migrate()).contains("to " + LATEST);
      assertThatCode(p::validateSchema).doesNotThrowAnyException();
      assertThat(p.migrate()).contains("up to date");
      assertThat(p.shards().acquire(0)).isEqualTo(1);
    }
  }

  @Test
  void concurrentMigratorsLeaveOneValidSchema() throws Exception {
    DatabaseConfig config = database(tempDir);
    try (Persistence a = SqlPersistence.open(config);
        Persistence b = SqlPersistence.open(config)) {
      CompletableFuture<String> first = CompletableFuture.supplyAsync(a::migrate);
      CompletableFuture<String> second = CompletableFuture.supplyAsync(b::migrate);
      assertThat(List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS)))
          .anyMatch(result -> result.contains("to " + LATEST));
      assertThatCode(a::validateSchema).doesNotThrowAnyException();
      assertThatCode(b::validateSchema).doesNotThrowAnyException();
    }
  }

  @Test
  void aNewerSchemaIsRejected() throws Exception {
    DatabaseConfig config = database(tempDir);
    try (Persistence p = SqlPersistence.open(config)) {
      p.migrate();
      // Pretend a later Aevum version migrated this database.
      try (Connection c =
              DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
          Statement s = c.createStatement()) {
        s.execute(
            "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                + " checksum, installed_by, execution_time, success) VALUES"
                + " (99, '99', 'future', 'SQL', 'V99__future.sql', 0, 'test', 0, true)");
      }
      assertThatThrownBy(p::validateSchema)
          .isInstanceOf(SchemaMismatchException.class)
          .hasMessageContaining("found version 99")
          .hasMessageContaining("expected " + LATEST);
    }
  }

  @Test
  void anOlderSchemaIsRejectedNamingBothVersions() throws Exception {
    DatabaseConfig config = database(tempDir);
    try (Persistence p = SqlPersistence.open(config)) {
      p.migrate();
      // Pretend this database was migrated by the Aevum version before the newest migration.
      try (Connection c =
              DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
          Statement s = c.createStatement()) {
        s.execute("DELETE FROM flyway_schema_history WHERE version = '" + LATEST + "'");
      }
      assertThatThrownBy(p::validateSchema)
          .isInstanceOf(SchemaMismatchException.class)
          .hasMessageContaining("outdated")
          .hasMessageContaining("expected " + LATEST)
          .hasMessageContaining("aevum migrate");
    }
  }
}
