/**
 * List, Count and Scan of workflow executions ({@link VisibilityService}): Temporal's SQL-like
 * query language is parsed into a {@code VisibilityFilter} of {@code persistence-api}, which the
 * store turns into SQL. Names other than system columns must be search attributes the namespace
 * knows, compared with values of their type, and queries are bounded so that every accepted one
 * runs on both PostgreSQL and SQLite. The rows are written by history, in each run's own
 * transaction.
 */
package dev.aevum.server.frontend.internal.visibility;
