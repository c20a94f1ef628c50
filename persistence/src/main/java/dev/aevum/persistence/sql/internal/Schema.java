package dev.aevum.persistence.sql.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.aevum.persistence.PersistenceException;
import dev.aevum.persistence.SchemaMismatchException;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
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

  private final Supplier<HikariDataSource> connections;
  private final SqlDialect dialect;

  /**
   * @param connections opens a small pool of Flyway's own, closed after each operation: Flyway may
   *     hold one connection for its lock while it migrates on another, and a connection it fails to
   *     release must never take the stores' (for SQLite: only) connection with it
   */
  Schema(Supplier<HikariDataSource> connections, SqlDialect dialect) {
    this.connections = connections;
    this.dialect = dialect;
  }

  private <T> T withFlyway(Function<Flyway, T> action) {
    HikariDataSource pool;
    try {
      pool = connections.get();
    } catch (
        RuntimeException e) { // Hikari's PoolInitializationException: the database is unreachable
      throw new PersistenceException(
          "cannot connect to the database for the schema: " + e.getMessage(), e);
    }
    try (HikariDataSource dataSource = pool) {
      Flyway flyway =
          Flyway.configure(Schema.class.getClassLoader())
              .dataSource(dataSource)
              .locations(dialect.migrationLocation())
              .cleanDisabled(true) // never let a tool wipe production data
              .validateMigrationNaming(true)
              .load();
      return action.apply(flyway);
    }
  }

  String migrate() {
    try {
      MigrateResult result = withFlyway(Flyway::migrate);
      String now =
          Optional.ofNullable(result.targetSchemaVersion)
              .orElse(Optional.ofNullable(result.initialSchemaVersion).orElse("none"));
      if (result.migrationsExecuted == 0) {
        return "Schema is up to date at version " + now + ".";
      }
      return "Schema migrated from version "
          + Optional.ofNullable(result.initialSchemaVersion).orElse("none")
          + " to "
          + now
          + " ("
          + result.migrationsExecuted
          + " migration(s) applied).";
    } catch (FlywayException e) {
      throw new PersistenceException("schema migration failed: " + e.getMessage(), e);
    }
  }

  void validate() {
    MigrationInfoService info;
    try {
      info = withFlyway(Flyway::info);
    } catch (FlywayException e) {
      throw new PersistenceException("cannot read the schema version: " + e.getMessage(), e);
    }
    MigrationVersion expected =
        Arrays.stream(info.all())
            .filter(m -> m.getState().isResolved() && m.getVersion() != null)
            .map(MigrationInfo::getVersion)
            .max(MigrationVersion::compareTo)
            .orElseThrow(() -> new IllegalStateException("no schema migrations on the classpath"));
    MigrationInfo current = info.current();
    if (current == null) {
      throw new SchemaMismatchException(
          "The database has no Aevum schema (found version none, expected "
              + expected
              + "). "
              + FIX);
    }
    for (MigrationInfo applied : info.applied()) {
      if (applied.getState() == MigrationState.FAILED) {
        throw new SchemaMismatchException(
            "Schema migration "
                + applied.getVersion()
                + " failed earlier (found version "
                + current.getVersion()
                + ", expected "
                + expected
                + "). Repair the database, then "
                + FIX);
      }
    }
    int order = current.getVersion().compareTo(expected);
    if (order < 0) {
      throw new SchemaMismatchException(
          "The database schema is outdated: found version "
              + current.getVersion()
              + ", expected "
              + expected
              + ". "
              + FIX);
    }
    if (order > 0) {
      throw new SchemaMismatchException(
          "The database schema is newer than this Aevum build: found version "
              + current.getVersion()
              + ", expected "
              + expected
              + ". "
              + FIX);
    }
  }
}
