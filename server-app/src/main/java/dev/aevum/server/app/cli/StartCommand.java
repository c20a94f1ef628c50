package dev.aevum.server.app.cli;

import dev.aevum.server.app.AevumServer;
import dev.aevum.server.app.config.AevumConfig;
import dev.aevum.server.app.config.ConfigKey;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code aevum server start}: the production server on PostgreSQL. */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    versionProvider = AevumCommand.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Start the server on PostgreSQL (run 'aevum migrate' first).",
      "",
      "Runs frontend, history and matching in one process. The schema must be current: run"
          + " 'aevum migrate' first. Configuration comes from --config FILE, then environment variables"
          + " (AEVUM_DB_URL, AEVUM_DB_USER, AEVUM_DB_PASSWORD, AEVUM_GRPC_PORT, ...), then these options."
          + " Every configuration error is reported at once.",
      "",
      "Prints one line to stdout when ready; logs go to stderr. SIGTERM or Ctrl-C stops it gracefully."
    })
final class StartCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions;

  @Option(
      names = "--ip",
      paramLabel = "IP",
      description = "Address to listen on (overrides grpc.ip; default 0.0.0.0).")
  String ip;

  @Option(
      names = {"-p", "--port"},
      paramLabel = "PORT",
      description =
          "Port of the gRPC endpoint (overrides grpc.port / AEVUM_GRPC_PORT; default 7233).")
  Integer port;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve Prometheus metrics at /metrics on this port (overrides metrics.port; default: not served).")
  Integer metricsPort;

  @ParentCommand ServerCommand parent;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    AevumConfig config = config();
    Logging.setRootLevel(config.log().level());
    AevumServer server = serverBuilder(config).build();
    return ServerRunner.runUntilStopped(
        server, spec.commandLine().getOut(), s -> readyLine(s, config));
  }

  AevumConfig config() {
    Map<ConfigKey, String> options = new EnumMap<>(ConfigKey.class);
    if (ip != null) {
      options.put(ConfigKey.GRPC_IP, ip);
    }
    if (port != null) {
      options.put(ConfigKey.GRPC_PORT, Integer.toString(port));
    }
    if (metricsPort != null) {
      options.put(ConfigKey.METRICS_PORT, Integer.toString(metricsPort));
    }
    return configOptions.load(parent.root.env(), options);
  }

  static AevumServer.Builder serverBuilder(AevumConfig config) {
    AevumServer.Builder builder = AevumServer.builder();
    config.metrics().port().ifPresent(builder::metricsPort);
    config.security().tls().ifPresent(builder::tls);
    builder.apiKeys(config.security().apiKeys());
    return builder
        .database(ConfigOptions.database(config))
        .migrateOnStart(false)
        .ip(config.grpc().ip())
        .port(config.grpc().port())
        .numHistoryShards(config.cluster().numHistoryShards())
        .numHistoryShardsSetting(
            ConfigKey.NUM_HISTORY_SHARDS.path()
                + " (or "
                + ConfigKey.NUM_HISTORY_SHARDS.envVar()
                + ")")
        .namespaces(config.bootstrap().namespaces())
        .drainTimeout(config.shutdown().drainTimeout());
  }

  private static String readyLine(AevumServer server, AevumConfig config) {
    return "Aevum server ready on "
        + server.listenAddress()
        + " (PostgreSQL "
        + config.database().url()
        + ", "
        + config.cluster().numHistoryShards()
        + " history shards)";
  }
}
