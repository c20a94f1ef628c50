package dev.aevum.persistence.internal;

import dev.aevum.persistence.DatabaseConfig;
import dev.aevum.persistence.PersistenceException;
import dev.aevum.persistence.SchemaMismatchException;
import java.util.Arrays;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;

/** Creates, upgrades and checks the schema with Flyway, using the dialect's migration scripts. */
final class Schema {
  private static final String FIX = "Run `aevum migrate` with the Aevum version you deploy.";

  private final Flyway flyway;

  /**
   * @param pool the stores' pool; used for SQLite, whose single connection Flyway can share. For
   *     PostgreSQL Flyway opens its own connections (it holds a lock on one while it migrates on
   *     another), so a small pool can never starve it.
   */
  Schema(DatabaseConfig config, javax.sql.DataSource pool, SqlDialect dialect) {
    var configuration = Flyway.configure(Schema.class.getClassLoader());
    if (dialect == SqlDialect.SQLITE) {
      configuration.dataSource(pool);
    } else {
      configuration.dataSource(config.jdbcUrl(), config.user(), config.password());
    }
    this.flyway = configuration
        .locations(dialect.migrationLocation())
        .cleanDisabled(true) // never let a tool wipe production data
        .validateMigrationNaming(true)
        .load();
  }

  String migrate() {
    try {
      MigrateResult result = flyway.migrate();
      String now = Optional.ofNullable(result.targetSchemaVersion)
          .orElse(Optional.ofNullable(result.initialSchemaVersion).orElse("none"));
      if (result.migrationsExecuted == 0) {
        return "Schema is up to date at version " + now + ".";
      }
      return "Schema migrated from version " + Optional.ofNullable(result.initialSchemaVersion).orElse("none")
          + " to " + now + " (" + result.migrationsExecuted + " migration(s) applied).";
    } catch (FlywayException e) {
      throw new PersistenceException("schema migration failed: " + e.getMessage(), e);
    }
  }

  void validate() {
    MigrationInfoService info;
    try {
      info = flyway.info();
    } catch (FlywayException e) {
      throw new PersistenceException("cannot read the schema version: " + e.getMessage(), e);
    }
    MigrationVersion expected = Arrays.stream(info.all())
        .filter(m -> m.getState().isResolved() && m.getVersion() != null)
        .map(MigrationInfo::getVersion)
        .max(MigrationVersion::compareTo)
        .orElseThrow(() -> new IllegalStateException("no schema migrations on the classpath"));
    MigrationInfo current = info.current();
    if (current == null) {
      throw new SchemaMismatchException("The database has no Aevum schema (found version none, expected "
          + expected + "). " + FIX);
    }
    for (MigrationInfo applied : info.applied()) {
      if (applied.getState() == MigrationState.FAILED) {
        throw new SchemaMismatchException("Schema migration " + applied.getVersion() + " failed earlier (found version "
            + current.getVersion() + ", expected " + expected + "). Repair the database, then " + FIX);
      }
    }
    int order = current.getVersion().compareTo(expected);
    if (order < 0) {
      throw new SchemaMismatchException("The database schema is outdated: found version " + current.getVersion()
          + ", expected " + expected + ". " + FIX);
    }
    if (order > 0) {
      throw new SchemaMismatchException("The database schema is newer than this Aevum build: found version "
          + current.getVersion() + ", expected " + expected + ". " + FIX);
    }
  }
}
