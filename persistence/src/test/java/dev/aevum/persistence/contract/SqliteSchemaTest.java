package dev.aevum.persistence.contract;

import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.persistence.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

class SqliteSchemaTest extends SchemaContract {
  @Override
  protected DatabaseConfig database(Path tempDir) {
    return TestDatabases.sqliteInMemory();
  }

  @Test
  @Disabled(
      "an in-memory database belongs to one Persistence, which serialises its own migrations;"
          + " SQLite's shared cache reports contention between two instances as SQLITE_LOCKED, which no"
          + " timeout waits out. SqliteFileSchemaTest covers concurrent migrators on SQLite.")
  @Override
  void concurrentMigratorsLeaveOneValidSchema() {}
}
