package dev.aevum.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.persistence.Persistence;
import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.persistence.sql.SqlPersistence;
import dev.aevum.persistence.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The schema contract on an SQLite file, plus the file-only settings. */
class SqliteFileSchemaTest extends SchemaContract {
  @Override
  protected DatabaseConfig database(Path tempDir) {
    return TestDatabases.sqliteFile(tempDir);
  }

  @Test
  void fileDatabasesUseWriteAheadLogging() throws Exception {
    DatabaseConfig config = database(tempDir);
    try (Persistence p = SqlPersistence.open(config)) {
      p.migrate();
    }
    try (Connection c = DriverManager.getConnection(config.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void aMissingDirectoryIsCreated() {
    DatabaseConfig config = TestDatabases.sqliteFile(tempDir.resolve("a/b"));
    try (Persistence p = SqlPersistence.open(config)) {
      p.migrate();
      assertThat(p.clusterMetadata().putIfAbsent("k", "v")).isEqualTo("v");
    }
  }
}
