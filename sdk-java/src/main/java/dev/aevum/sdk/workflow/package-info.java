/**
 * The API workflow code is written against: annotations that declare a workflow interface and its
 * signal, query and update handlers, and the static {@link Workflow} API that replaces the JDK's
 * clocks, threads and randomness, so that a replay from history takes the same decisions.
 * Concurrency goes through {@link Promise}, {@link Async} and {@link CancellationScope}, whose
 * threads run one at a time in a fixed order. The runtime behind it is {@code
 * dev.aevum.sdk.internal.replay}.
 */
package dev.aevum.sdk.workflow;
