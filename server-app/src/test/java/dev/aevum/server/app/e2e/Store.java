package dev.aevum.server.app.e2e;

import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.persistence.testing.TestDatabases;

/** The stores every server test runs on. */
enum Store {
  SQLITE {
    @Override
    DatabaseConfig fresh(String testName) {
      return TestDatabases.sqliteInMemory();
    }
  },
  POSTGRES {
    @Override
    DatabaseConfig fresh(String testName) {
      return TestDatabases.freshPostgres(testName);
    }
  };

  abstract DatabaseConfig fresh(String testName);
}
