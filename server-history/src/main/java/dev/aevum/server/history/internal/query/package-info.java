/**
 * Workflow queries: {@link Queries} answers from a closed run's history or sends the query to a
 * worker through matching ({@link QueryCalls}); {@link QueryBuffer} holds queries that wait for a
 * workflow task in flight to finish and delivers them with the next one.
 */
package dev.aevum.server.history.internal.query;
