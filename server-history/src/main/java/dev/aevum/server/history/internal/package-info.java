/**
 * The gRPC edge of the history role, on top of its layered subpackages: {@link HistoryGrpcService}
 * picks the owning shard from each call's {@code CallScope} and hands the typed request to its
 * handler in {@code workflow}, {@code update}, {@code commands} or {@code activity}. {@link
 * StoredNamespaces} gives command handling the namespaces it asks for, read from the store at each
 * use so that a newly registered search attribute counts at once.
 */
package dev.aevum.server.history.internal;
