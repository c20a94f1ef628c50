/**
 * The history role's meters ({@link HistoryMetrics}): commits and their latency, in-doubt commits,
 * workflows started and closed, outbox task failures. The bottom of the role: the commit path and
 * the queues report here, and it uses nothing else of the role.
 */
package dev.aevum.server.history.internal.metrics;
