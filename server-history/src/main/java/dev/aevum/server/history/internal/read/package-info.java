/**
 * Reads of runs: history pages, describe and mutable-state reads ({@link ReadHandlers}), and the
 * long poll that waits for new events or a run's close ({@link HistoryLongPoll}). They change
 * nothing and build on {@code execution} alone.
 */
package dev.aevum.server.history.internal.read;
