/**
 * Temporal's search attribute rules, shared by the frontend (starts, visibility queries) and
 * history (upserts, child and continue-as-new commands): the attributes every namespace has ({@link
 * SearchAttributeNames}) and the checks of names, value types and sizes that every write must pass
 * ({@link SearchAttributeRules}), with Temporal's messages. The per-namespace registry of custom
 * attributes is the frontend's {@code SearchAttributeService}.
 */
package dev.aevum.server.common.searchattributes;
