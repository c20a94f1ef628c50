/**
 * Calls from one run to another: child workflows, external signals and cancels. {@link Children}
 * records a command's initiated event and its transfer task; {@link CrossRunTasks} carries the task
 * out against the target run (start, signal, cancel, and telling a parent that its child closed)
 * and writes the outcome back into the caller's history.
 */
package dev.aevum.server.history.internal.child;
