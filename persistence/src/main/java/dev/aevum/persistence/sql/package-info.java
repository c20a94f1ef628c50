/**
 * The SQL implementation of the {@code persistence-api} stores: PostgreSQL in production, SQLite
 * for the embedded dev server. {@link SqlPersistence#open} takes a {@link DatabaseConfig} and
 * returns a {@code Persistence}; only {@code server-app} and tests depend on this module, while the
 * roles compile against the interfaces alone. The stores themselves are in {@code
 * dev.aevum.persistence.sql.internal}.
 */
package dev.aevum.persistence.sql;
