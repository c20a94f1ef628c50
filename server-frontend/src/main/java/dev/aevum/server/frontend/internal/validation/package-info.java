/**
 * Request checks shared by the frontend's services: field checks with Temporal's messages, each
 * naming the offending field ({@link Fields}), task queue validation and defaults ({@link
 * TaskQueues}) and the per-blob size limit ({@link BlobSizes}). Checks that history applies too,
 * such as the structural scan and retry policy rules, are in {@code server-common}'s {@code
 * validation} package.
 */
package dev.aevum.server.frontend.internal.validation;
