/**
 * Signals and cancel requests ({@link Signals}): external events a running workflow sees in its
 * next workflow task. Below the lifecycle, which uses it for signal-with-start and reset.
 */
package dev.aevum.server.history.internal.signal;
