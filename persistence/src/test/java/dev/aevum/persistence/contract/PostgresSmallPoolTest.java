package dev.aevum.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.aevum.persistence.Persistence;
import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.persistence.sql.SqlPersistence;
import dev.aevum.persistence.testing.TestDatabases;
import org.junit.jupiter.api.Test;

/** Flyway needs connections of its own; a pool of one must not starve it. */
class PostgresSmallPoolTest {
  @Test
  void migrateWorksWithAPoolOfOne() {
    DatabaseConfig fresh = TestDatabases.freshPostgres("smallpool");
    DatabaseConfig config =
        new DatabaseConfig(fresh.dialect(), fresh.jdbcUrl(), fresh.user(), fresh.password(), 1);
    try (Persistence p = SqlPersistence.open(config)) {
      assertThat(p.migrate()).contains("Schema migrated from version none to ");
      assertThatCode(p::validateSchema).doesNotThrowAnyException();
      assertThat(p.shards().acquire(0)).isEqualTo(1);
    }
  }
}
