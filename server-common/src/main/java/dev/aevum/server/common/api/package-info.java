/**
 * The internal services whose calls carry the public API's own messages, defined in Java because
 * Temporal's API jar ships no {@code .proto} sources to import: {@link HistoryApi} and {@link
 * TaskPollApi}, each call scoped by a {@link CallScope} header with what the frontend resolved. In
 * one JVM the in-process transport hands the message objects across without serializing them. The
 * frontend, and matching towards history, make these calls through {@link InternalCalls}; history
 * and matching serve them.
 */
package dev.aevum.server.common.api;
