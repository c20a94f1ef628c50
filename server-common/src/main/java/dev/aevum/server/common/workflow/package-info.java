/**
 * Temporal's rules about workflow requests that both the frontend (validation) and history
 * (execution) apply, kept here so the two cannot drift apart: {@link SignalWithStarts} maps a
 * signal-with-start to the start it may make.
 */
package dev.aevum.server.common.workflow;
