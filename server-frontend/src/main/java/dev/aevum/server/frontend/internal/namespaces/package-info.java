/**
 * The namespace calls (register, describe, list, update), served directly from the namespace store
 * by {@link NamespaceService}, with request checks that follow Temporal's namespace handler ({@link
 * NamespaceRules}). {@link NamespaceRecords} builds and (de)serializes the persisted record, which
 * the frontend's cached {@code Namespaces} registry and the search attribute registry read as well.
 */
package dev.aevum.server.frontend.internal.namespaces;
