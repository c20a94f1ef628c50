package dev.aevum.persistence.contract;

import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.persistence.testing.TestDatabases;
import java.nio.file.Path;

class PostgresVisibilityStoreTest extends VisibilityStoreContract {
  @Override
  protected DatabaseConfig database(Path tempDir) {
    return TestDatabases.freshPostgres("visibilitystore");
  }
}
