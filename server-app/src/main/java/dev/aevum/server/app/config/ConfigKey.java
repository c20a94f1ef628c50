package dev.aevum.server.app.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every configuration key: its dotted path in the YAML file, the environment variable that
 * overrides it, its default and what it means. docs/operations.md lists the same table.
 */
public enum ConfigKey {
  GRPC_IP("grpc.ip", "AEVUM_GRPC_IP", "0.0.0.0", "address the public gRPC endpoint binds to"),
  GRPC_PORT(
      "grpc.port",
      "AEVUM_GRPC_PORT",
      "7233",
      "port of the public gRPC endpoint (0 picks a free port)"),
  DATABASE_URL(
      "database.url",
      "AEVUM_DB_URL",
      "",
      "PostgreSQL JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/aevum (required)"),
  DATABASE_USER("database.user", "AEVUM_DB_USER", "", "database user"),
  DATABASE_PASSWORD("database.password", "AEVUM_DB_PASSWORD", "", "database password"),
  DATABASE_MAX_POOL_SIZE(
      "database.maxPoolSize", "AEVUM_DB_MAX_POOL_SIZE", "20", "connections in the pool, 1 to 1000"),
  DATABASE_CONNECTION_TIMEOUT(
      "database.connectionTimeout",
      "AEVUM_DB_CONNECTION_TIMEOUT",
      "30s",
      "how long a call waits for a database connection while the database is unreachable before it fails"
          + " with UNAVAILABLE, at least 250ms"),
  NUM_HISTORY_SHARDS(
      "cluster.numHistoryShards",
      "AEVUM_NUM_HISTORY_SHARDS",
      "4",
      "history shards, 1 to 16384; stored at first boot and never changed"),
  BOOTSTRAP_NAMESPACES(
      "bootstrap.namespaces",
      "AEVUM_BOOTSTRAP_NAMESPACES",
      "",
      "namespaces created at start when missing (24h retention); YAML list or comma-separated"),
  LOG_LEVEL("log.level", "AEVUM_LOG_LEVEL", "info", "debug, info, warn, error or off"),
  TLS_CERT_FILE(
      "tls.certFile",
      "AEVUM_TLS_CERT_FILE",
      "",
      "PEM certificate chain of the gRPC endpoint; with tls.keyFile, clients must use TLS"),
  TLS_KEY_FILE("tls.keyFile", "AEVUM_TLS_KEY_FILE", "", "PEM private key (PKCS#8) of tls.certFile"),
  TLS_CLIENT_CA_FILE(
      "tls.clientCaFile",
      "AEVUM_TLS_CLIENT_CA_FILE",
      "",
      "PEM CA certificate; when set, clients must present a certificate it signed (mutual TLS)"),
  AUTH_API_KEYS(
      "auth.apiKeys",
      "AEVUM_AUTH_API_KEYS",
      "",
      "API keys a call must carry as 'authorization: Bearer <key>'; YAML list or comma-separated; empty: no authentication"),
  METRICS_PORT(
      "metrics.port",
      "AEVUM_METRICS_PORT",
      "",
      "port of the Prometheus endpoint http://<grpc.ip>:<port>/metrics; empty: not served, 0 picks a free port"),
  SHUTDOWN_DRAIN_TIMEOUT(
      "shutdown.drainTimeout",
      "AEVUM_SHUTDOWN_DRAIN_TIMEOUT",
      "10s",
      "how long in-flight requests may take at shutdown, e.g. 10s, 500ms, 1m");

  private final String path;
  private final String envVar;
  private final String defaultValue;
  private final String description;

  ConfigKey(String path, String envVar, String defaultValue, String description) {
    this.path = path;
    this.envVar = envVar;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The dotted path in the YAML file, e.g. {@code grpc.port}. */
  public String path() {
    return path;
  }

  /** The environment variable that overrides the file. */
  public String envVar() {
    return envVar;
  }

  /** The default, as it would be written in the file; empty when there is none. */
  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  public static Optional<ConfigKey> byPath(String path) {
    return Arrays.stream(values()).filter(k -> k.path.equals(path)).findFirst();
  }
}
