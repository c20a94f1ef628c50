/**
 * What a worker's workflow task answer does to a run: {@link WorkflowTaskHandler} records the task
 * as started when matching hands it to a poller, completes it by applying its commands, or fails
 * it. {@code Commands} turns each command into events and state after Temporal's attribute checks;
 * one invalid command discards the whole transition and fails the task with Temporal's cause. It
 * builds on every layer up to {@code update}; only {@code queue} and the gRPC edge are above it.
 */
package dev.aevum.server.history.internal.commands;
