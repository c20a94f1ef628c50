/**
 * The workflow lifecycle: starts ({@link StartWorkflow}, every run created by {@link Runs}), and
 * how a run ends and what follows it ({@link WorkflowEnd}, the one place that closes runs:
 * completion, failure, cancel, timeout, termination, continue-as-new, retry, cron). It builds on
 * {@code execution}, {@code workflowtask}, {@code activity} and {@code signal}; children, queries,
 * reset, updates, commands and the queues build on it.
 */
package dev.aevum.server.history.internal.workflow;
