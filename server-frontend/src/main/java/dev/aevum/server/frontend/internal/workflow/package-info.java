/**
 * Validation and defaults of workflow-scoped requests, following Temporal's frontend: starts,
 * reads, terminate and reset ({@link WorkflowRequests}), signals, cancel requests, queries and
 * updates ({@link MessageRequests}), and update-with-start ({@link MultiOperations}). Each check
 * returns the request to forward, because Temporal fills some defaults at the edge and history
 * stores what it receives. {@link FollowRuns} shows a retry or cron run's close event as
 * ContinuedAsNew to clients that do not declare the {@code follows-next-run-id} feature.
 */
package dev.aevum.server.frontend.internal.workflow;
