package dev.aevum.server.app.config;

import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.server.app.ServerTls;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The configuration of {@code aevum server start} and {@code aevum migrate}: one typed tree, loaded
 * by {@link ConfigLoader} from a YAML file, environment variables and command-line options. The
 * keys are listed in {@link ConfigKey}.
 */
public record AevumConfig(
    Grpc grpc,
    Database database,
    Cluster cluster,
    Bootstrap bootstrap,
    Log log,
    Metrics metrics,
    Security security,
    Shutdown shutdown) {

  public AevumConfig {
    Objects.requireNonNull(grpc, "grpc");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(bootstrap, "bootstrap");
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(shutdown, "shutdown");
  }

  /** The public gRPC endpoint (WorkflowService, OperatorService, health). */
  public record Grpc(String ip, int port) {}

  /** The PostgreSQL database. */
  public record Database(
      String url, String user, String password, int maxPoolSize, Duration connectionTimeout) {
    public Database(String url, String user, String password, int maxPoolSize) {
      this(url, user, password, maxPoolSize, DatabaseConfig.DEFAULT_CONNECTION_TIMEOUT);
    }

    @Override
    public String toString() {
      // Never print the password.
      return "Database[url="
          + url
          + ", user="
          + user
          + ", password="
          + (password.isEmpty() ? "" : "***")
          + ", maxPoolSize="
          + maxPoolSize
          + ", connectionTimeout="
          + connectionTimeout
          + "]";
    }
  }

  /** Settings fixed at the first boot of a cluster. */
  public record Cluster(int numHistoryShards) {}

  /** What the server creates at start when missing. */
  public record Bootstrap(List<String> namespaces) {
    public Bootstrap {
      namespaces = List.copyOf(namespaces);
    }
  }

  /** Logging. {@code level} is one of {@link LogLevel}'s names, lower case. */
  public record Log(LogLevel level) {}

  /** The Prometheus endpoint; {@code port} is empty when metrics are not served. */
  public record Metrics(OptionalInt port) {
    public Metrics {
      Objects.requireNonNull(port, "port");
    }
  }

  /**
   * TLS of the public endpoint (empty: plaintext) and the API keys calls must carry (empty: none).
   */
  public record Security(Optional<ServerTls> tls, List<String> apiKeys) {
    public Security {
      Objects.requireNonNull(tls, "tls");
      apiKeys = List.copyOf(apiKeys);
    }

    @Override
    public String toString() {
      // Never print the keys.
      return "Security[tls=" + tls + ", apiKeys=" + apiKeys.size() + " key(s)]";
    }
  }

  /**
   * Graceful shutdown: how long in-flight requests may take to finish before they are cancelled.
   */
  public record Shutdown(Duration drainTimeout) {}
}
