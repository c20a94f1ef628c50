/**
 * ResetWorkflowExecution ({@link ResetWorkflow}): a new run whose history is the base run's up to
 * the chosen workflow task, which is then failed with cause RESET_WORKFLOW; later signals are
 * applied again, what was pending is armed anew, and the current run is terminated.
 */
package dev.aevum.server.history.internal.reset;
