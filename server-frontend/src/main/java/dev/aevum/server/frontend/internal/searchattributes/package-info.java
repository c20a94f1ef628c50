/**
 * The frontend's search attribute registry. {@link SearchAttributeService} combines the attributes
 * every namespace has with the custom ones registered per namespace through OperatorService (kept
 * in the namespace record), and checks that requests write only known attributes with values of
 * their type. It builds on the shared rules in {@code server-common}'s {@code searchattributes}
 * package; the workflow services and visibility queries ask it for a namespace's attributes.
 */
package dev.aevum.server.frontend.internal.searchattributes;
