/**
 * Helpers shared by the SDK's client, worker and replay code: WorkflowService calls with deadlines
 * and retries ({@link Rpc}), exceptions to Temporal's {@code Failure} and back ({@link
 * FailureConverter}), context headers and type names derived from annotated interfaces ({@link
 * Names}). Implementation only, with no compatibility promise.
 */
package dev.aevum.sdk.internal.common;
