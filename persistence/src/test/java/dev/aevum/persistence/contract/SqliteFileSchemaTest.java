package dev.aevum.persistence.contract;

import dev.aevum.persistence.DatabaseConfig;
import dev.aevum.persistence.testing.TestDatabases;
import java.nio.file.Path;

/** The same contract on an SQLite file (WAL) instead of memory. */
class SqliteFileSchemaTest extends SchemaContract {
  @Override
  protected DatabaseConfig database(Path tempDir) {
    return TestDatabases.sqliteFile(tempDir);
  }
}
