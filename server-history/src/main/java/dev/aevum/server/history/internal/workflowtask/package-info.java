/**
 * The workflow task of a run: the state machine in {@link WorkflowTasks} (schedule, start, fail,
 * time out, with transient tasks from the second attempt on) and the poll response that hands a
 * started task to a worker ({@link PollResponses}). It builds only on {@code execution}; the
 * packages above schedule and start workflow tasks through it.
 */
package dev.aevum.server.history.internal.workflowtask;
