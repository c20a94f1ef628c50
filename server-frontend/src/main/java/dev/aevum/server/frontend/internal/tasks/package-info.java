/**
 * The worker-facing requests at the frontend, following Temporal's frontend: validation of polls
 * and task responses ({@link TaskRequests}), reading the opaque task tokens workers send back
 * ({@link TaskTokens}), and the server-made failures that replace oversized ones ({@link
 * Failures}). {@code WorkflowServiceImpl} uses them before it routes a call to history or matching.
 */
package dev.aevum.server.frontend.internal.tasks;
