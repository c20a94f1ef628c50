/**
 * Checks that the frontend applies to requests and history to worker commands, kept in one place so
 * the two agree: the structural scan every request gets ({@link MessageScan}), retry policy rules
 * ({@link RetryPolicyRules}) and id checks ({@link Ids}). Faster scans of decoded messages and of
 * wire bytes only answer whether a request is fine; one that is not is scanned again by {@link
 * MessageScan} for the message that names the field.
 */
package dev.aevum.server.common.validation;
