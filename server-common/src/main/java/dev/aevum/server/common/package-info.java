/**
 * What the server roles share: the one table of caller-facing errors ({@link Errors}, which creates
 * {@link ServiceException}s), the one mapping of failures to gRPC status at a service edge ({@link
 * Rpc}), and the mapping of workflow ids to history shards ({@link Shards}). Frontend, history and
 * matching all build on this module; its subpackages hold the internal service definitions, shared
 * request checks, search attribute rules and metrics.
 */
package dev.aevum.server.common;
