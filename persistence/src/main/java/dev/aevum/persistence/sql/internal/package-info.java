/**
 * The SQL stores behind {@link SqlStores}, the {@code Persistence} that {@code SqlPersistence.open}
 * returns: one class per store interface of {@code persistence-api}, sharing one connection pool,
 * with SQL errors translated to the API's exceptions and the schema managed by Flyway. Execution
 * writes go as one statement per kind of row ({@code ExecutionBatch}) and, on PostgreSQL, in one
 * round trip ({@code PipelinedBatch}). The same SQL serves PostgreSQL and SQLite except in the few
 * places where their dialects differ.
 */
package dev.aevum.persistence.sql.internal;
