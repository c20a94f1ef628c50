/**
 * The implementation behind {@code AevumClient} and {@code WorkflowHandle}: start requests built
 * from options, which workflow method a lambda calls ({@link InvocationRecorder}), waiting for a
 * result by long-polling history ({@link ResultPoller}), and listings fetched page by page. Built
 * on {@code internal.common}; implementation only, with no compatibility promise.
 */
package dev.aevum.sdk.internal.client;
