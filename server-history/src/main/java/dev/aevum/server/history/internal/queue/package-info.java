/**
 * The top layer of the history role: {@link OutboxQueues} runs the shards' outbox tasks, pushing
 * transfer tasks to matching and firing timer tasks at their time, through the layers below it.
 * Fresh tasks come straight from the committing transaction; the store is scanned only when a shard
 * is acquired. Tasks run at least once, so each is checked against mutable state before it acts.
 */
package dev.aevum.server.history.internal.queue;
