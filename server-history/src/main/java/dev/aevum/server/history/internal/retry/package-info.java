/**
 * Temporal's retry rules as history applies them ({@link RetryPolicies}): backoff between attempts,
 * which failures may be retried, attempts left. Defaults and validation are shared with the
 * frontend in {@code server-common}'s {@code RetryPolicyRules}. Activities, workflow retries and
 * command checks use it; it uses nothing else of the role.
 */
package dev.aevum.server.history.internal.retry;
