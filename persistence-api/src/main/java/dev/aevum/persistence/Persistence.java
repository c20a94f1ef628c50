package dev.aevum.persistence;

import java.time.Duration;

/**
 * The stores of one Aevum database, sharing one connection pool.
 *
 * <p>Thread-safe; a process opens one (the SQL implementation's {@code SqlPersistence.open}) and
 * {@link #close}s it at shutdown. The schema is created or upgraded by {@link #migrate()} (an
 * explicit operator step, run automatically by the dev server); {@link #validateSchema()} refuses
 * to continue on a missing or outdated schema.
 */
public interface Persistence extends AutoCloseable {

  /**
   * Creates or upgrades the schema to the version this build needs. Safe to run concurrently from
   * several processes (Flyway serialises them with a database lock).
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
  boolean isReachable(Duration timeout);

  /**
   * True if the database serves several write transactions at once (PostgreSQL), false if one
   * (SQLite).
   */
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
