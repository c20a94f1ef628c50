/**
 * The client side of the Aevum SDK, for any server that speaks Temporal's API: connecting ({@link
 * ServiceConnection}), starting workflows and addressing them ({@link AevumClient}, {@link
 * WorkflowHandle}), and the options and exceptions of those calls. Workflow code, activities,
 * workers, payload conversion and failures have their own subpackages; {@code internal} holds the
 * implementation, with no compatibility promise.
 */
package dev.aevum.sdk;
