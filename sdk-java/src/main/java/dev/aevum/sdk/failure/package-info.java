/**
 * The failures that cross process boundaries, each mapping one-to-one to a variant of Temporal's
 * {@code Failure} message, so other SDKs see the same failure. Workflow and activity code throws
 * {@link ApplicationFailure}; workflows and clients receive the others as outcomes, such as an
 * {@link ActivityFailure} or {@link ChildWorkflowFailure} whose cause says why. All extend {@link
 * AevumFailure}.
 */
package dev.aevum.sdk.failure;
