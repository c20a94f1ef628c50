/**
 * Meters shared by the server roles: {@link RpcMetrics} is a gRPC interceptor that counts and times
 * every call by method and status, long polls included. {@code server-app} puts it around the
 * public services and serves the registry at {@code /metrics}; meters of a single role, such as
 * history's {@code HistoryMetrics}, stay in that role's module.
 */
package dev.aevum.server.common.metrics;
