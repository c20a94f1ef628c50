/**
 * Workflow updates: {@link UpdateRegistry} holds admitted updates and their waiting callers in
 * memory, {@link UpdateCalls} serves UpdateWorkflowExecution and its poll without holding a thread,
 * and {@link SpeculativeTasks} carries an update in a workflow task that is written only if the
 * worker's answer needs history. Update-with-start and the worker's update messages are handled
 * here too. It builds on {@code execution}, {@code workflowtask} and {@code workflow}; {@code
 * commands} uses it when a workflow task completes.
 */
package dev.aevum.server.history.internal.update;
