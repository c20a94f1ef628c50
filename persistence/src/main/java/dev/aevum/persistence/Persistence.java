package dev.aevum.persistence;

/**
 * The stores of one Aevum database, sharing one connection pool.
 *
 * <p>Thread-safe; create one per process with {@link #open} and {@link #close} it at shutdown.
 * The schema is created or upgraded by {@link #migrate()} (an explicit operator step, run
 * automatically by the dev server); {@link #validateSchema()} refuses to continue on a missing or
 * outdated schema.
 */
public interface Persistence extends AutoCloseable {

  /** Opens a pool to the database. Does not touch the schema. */
  static Persistence open(DatabaseConfig config) {
    return open(config, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  /** As {@link #open(DatabaseConfig)}, reporting database work (transactions, statements) to {@code registry}. */
  static Persistence open(DatabaseConfig config, io.micrometer.core.instrument.MeterRegistry registry) {
    return dev.aevum.persistence.internal.SqlPersistence.open(config, registry);
  }

  /**
   * Creates or upgrades the schema to the version this build needs. Safe to run concurrently
   * from several processes (Flyway serialises them with a database lock).
   *
   * @return a one-line human description of what was done
   */
  String migrate();

  /**
   * Checks that the schema is exactly at the version this build needs.
   *
   * @throws SchemaMismatchException naming the found and expected versions and the fix
   */
  void validateSchema();

  /**
   * True if the database answers within {@code timeout}. Cheap enough to call every second; does
   * not wait for the stores' pool, so it answers while every pooled connection is busy or broken.
   */
  boolean isReachable(java.time.Duration timeout);

  /** True if the database serves several write transactions at once (PostgreSQL), false if one (SQLite). */
  boolean writesInParallel();

  ClusterMetadataStore clusterMetadata();

  ShardStore shards();

  ExecutionStore executions();

  NamespaceStore namespaces();

  TaskQueueStore taskQueues();

  VisibilityStore visibility();

  @Override
  void close();
}
