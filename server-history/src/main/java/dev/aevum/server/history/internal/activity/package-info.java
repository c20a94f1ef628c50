/**
 * Activities inside a run: the state machine in {@link Activities} (schedule, start, heartbeat,
 * finish, retry, time out) and the worker-facing calls in {@link ActivityHandler}. Every activity
 * has a retry policy, so its Started event is written only together with its outcome. It builds on
 * {@code execution} and {@code workflowtask}; {@code workflow}, {@code commands} and {@code queue}
 * use it.
 */
package dev.aevum.server.history.internal.activity;
