/**
 * The store interfaces the server roles compile against, one per aggregate (such as {@link
 * ExecutionStore} and {@link ShardStore}), with their records and exceptions, all reached through
 * {@link Persistence}. Writes are fenced by range ids and checked by version, and blobs such as
 * mutable state and history are opaque bytes to the stores, so the roles own their encoding. The
 * SQL implementation is {@code dev.aevum.persistence.sql} in the {@code persistence} module, opened
 * with {@code SqlPersistence.open}.
 */
package dev.aevum.persistence;
