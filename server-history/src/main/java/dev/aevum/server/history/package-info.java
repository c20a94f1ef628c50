/**
 * The history role as {@code server-app} sees it: {@link HistoryRole} owns the history shards,
 * serves the internal HistoryService and runs the shards' outbox tasks, configured by {@link
 * HistorySettings}. What it wires lives in {@code internal} and its subpackages, layered from
 * {@code execution} at the bottom to {@code queue} at the top.
 */
package dev.aevum.server.history;
