/**
 * The bottom layer of the history role: owned shards ({@link ShardContext}) with their
 * mutable-state cache and per-run locks, the {@link Transaction} a state change is built in, and
 * the commit path that writes it with group commit ({@link GroupCommitter}). It also reads
 * committed history (cached by {@link EventCache}) and derives the visibility row a transition
 * writes. Every other package of the role builds on it, and it uses none of them.
 */
package dev.aevum.server.history.internal.execution;
