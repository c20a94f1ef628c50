/**
 * Hosting workflow and activity code: a {@link WorkerFactory} creates a {@link Worker} per task
 * queue on one client and starts and stops them together, within the limits of {@link
 * WorkerOptions}. {@link WorkflowReplayer} replays a recorded history against changed workflow
 * code, to check it is compatible with running executions before deploying it. The polling and task
 * handling behind them is in {@code dev.aevum.sdk.internal.worker}.
 */
package dev.aevum.sdk.worker;
