package dev.aevum.persistence.sql;

import dev.aevum.persistence.Persistence;
import dev.aevum.persistence.sql.internal.SqlStores;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Opens the SQL implementation of {@link Persistence}: PostgreSQL in production, SQLite for the
 * embedded dev mode. Only the process that wires the roles together ({@code server-app}) needs this
 * class; the roles see the {@code persistence-api} interfaces alone.
 */
public final class SqlPersistence {
  private SqlPersistence() {}

  /** Opens a pool to the database. Does not touch the schema. */
  public static Persistence open(DatabaseConfig config) {
    return open(config, new SimpleMeterRegistry());
  }

  /**
   * As {@link #open(DatabaseConfig)}, reporting database work (transactions, statements) to {@code
   * registry}.
   */
  public static Persistence open(DatabaseConfig config, MeterRegistry registry) {
    return SqlStores.open(config, registry);
  }
}
