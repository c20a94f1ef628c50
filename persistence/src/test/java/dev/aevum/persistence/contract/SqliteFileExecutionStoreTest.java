package dev.aevum.persistence.contract;

import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.persistence.testing.TestDatabases;
import java.nio.file.Path;

/** The same contract on an SQLite file (WAL) instead of memory. */
class SqliteFileExecutionStoreTest extends ExecutionStoreContract {
  @Override
  protected DatabaseConfig database(Path tempDir) {
    return TestDatabases.sqliteFile(tempDir);
  }
}
