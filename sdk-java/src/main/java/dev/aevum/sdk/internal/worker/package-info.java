/**
 * The machinery behind {@code dev.aevum.sdk.worker}: per task queue, pollers that take a task only
 * when a slot is free, and handlers that run workflow tasks (through {@code internal.replay}, with
 * a sticky cache of executions), activity tasks and local activities. {@link TaskQueueWorker} holds
 * the parts of one worker together. Implementation only, with no compatibility promise.
 */
package dev.aevum.sdk.internal.worker;
