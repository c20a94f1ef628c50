/**
 * Workflow-level operations of the history role: starts ({@link StartWorkflow}, every run created
 * by {@link Runs}), signals and cancel requests, queries, child workflows and other cross-run
 * calls, history reads and describe, reset, and how a run ends and what follows it ({@link
 * WorkflowEnd}: continue-as-new, retry, cron). It builds on {@code execution}, {@code workflowtask}
 * and {@code activity}; {@code update}, {@code commands} and {@code queue} build on it.
 */
package dev.aevum.server.history.internal.workflow;
