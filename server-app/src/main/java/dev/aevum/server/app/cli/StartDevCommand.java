package dev.aevum.server.app.cli;

import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.server.app.AevumServer;
import dev.aevum.server.app.config.LogLevel;
import dev.aevum.server.app.config.NamespaceNames;
import io.temporal.api.enums.v1.IndexedValueType;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aevum server start-dev}: a development server on an embedded store, no setup. */
@Command(
    name = "start-dev",
    mixinStandardHelpOptions = true,
    versionProvider = AevumCommand.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Start a development server on an embedded store, with no setup.",
      "",
      "Runs frontend, history and matching in one process on SQLite (in memory unless --db-filename),"
          + " with the namespace 'default' and one history shard, like 'temporal server start-dev'."
          + " The schema is created automatically.",
      "",
      "Prints one line to stdout when ready; logs go to stderr. Stop it with Ctrl-C."
    })
final class StartDevCommand implements Callable<Integer> {
  static final String DEFAULT_NAMESPACE = "default";

  @Option(
      names = "--ip",
      paramLabel = "IP",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}); 'localhost' means 127.0.0.1.")
  String ip;

  @Option(
      names = {"-p", "--port"},
      paramLabel = "PORT",
      defaultValue = "7233",
      description = "Port of the gRPC endpoint (default: ${DEFAULT-VALUE}); 0 picks a free port.")
  int port;

  @Option(
      names = {"-f", "--db-filename"},
      paramLabel = "FILE",
      description =
          "SQLite file to keep state in across restarts; created when missing"
              + " (default: in memory, lost on exit).")
  File dbFilename;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAME",
      description = "Another namespace to create at start, besides 'default' (repeatable).")
  List<String> namespaces = new ArrayList<>();

  @Option(
      names = "--search-attribute",
      paramLabel = "NAME=TYPE",
      description =
          "A custom search attribute to register in every namespace (repeatable), as in"
              + " 'temporal server start-dev'. TYPE is one of Text, Keyword, Int, Double, Bool, Datetime, KeywordList."
              + " Workflows may only set registered attributes and the predefined Custom*Field ones.")
  List<String> searchAttributes = new ArrayList<>();

  @Option(
      names = "--dynamic-config-value",
      paramLabel = "KEY=JSON",
      description =
          "A value of Temporal's dynamic config (repeatable), as in 'temporal server start-dev'."
              + " Aevum takes limit.maxIDLength, limit.blobSize.error, limit.blobSize.warn,"
              + " limit.historyCount.error, limit.historySize.error,"
              + " limit.numPendingActivities.error and history.longPollExpirationInterval;"
              + " flags for what Aevum always does must be true; other keys are reported and"
              + " ignored.")
  List<String> dynamicConfigValues = new ArrayList<>();

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "warn",
      description =
          "Log level on stderr: debug, info, warn, error, off (default: ${DEFAULT-VALUE}).")
  String logLevel;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve Prometheus metrics at http://IP:PORT/metrics (default: not served); 0 picks a free port.")
  Integer metricsPort;

  // Scripts written for 'temporal server start-dev --headless' keep working; Aevum has no UI.
  @Option(
      names = "--headless",
      description =
          "Accepted for compatibility with 'temporal server start-dev';"
              + " Aevum serves no web UI.")
  boolean headless;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    LogLevel level = parsedLogLevel();
    AevumServer server = serverBuilder().build();
    Logging.setRootLevel(level);
    return ServerRunner.runUntilStopped(server, spec.commandLine().getOut(), this::readyLine);
  }

  /** The server these options describe; also used by tests. Validates the options. */
  AevumServer.Builder serverBuilder() {
    parsedLogLevel();
    if (port < 0 || port > 65535) {
      throw usage("--port must be from 0 to 65535, got " + port);
    }
    AevumServer.Builder builder = AevumServer.builder();
    if (metricsPort != null) {
      if (metricsPort < 0 || metricsPort > 65535) {
        throw usage("--metrics-port must be from 0 to 65535, got " + metricsPort);
      }
      builder.metricsPort(metricsPort);
    }
    DynamicConfigValues dynamic;
    try {
      dynamic = DynamicConfigValues.parse(dynamicConfigValues);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    for (String key : dynamic.ignored()) {
      spec.commandLine()
          .getErr()
          .println("--dynamic-config-value " + key + ": not used by Aevum; ignored");
    }
    return builder
        .historySettings(dynamic.history())
        .frontendSettings(dynamic.frontend())
        .database(database())
        .migrateOnStart(true)
        .ip(listenIp())
        .port(port)
        .numHistoryShards(1)
        .namespaces(allNamespaces())
        .searchAttributes(parsedSearchAttributes())
        .namespaceRetention(Duration.ofHours(24))
        .drainTimeout(Duration.ofSeconds(2));
  }

  String listenIp() {
    return ip.trim().equalsIgnoreCase("localhost") ? "127.0.0.1" : ip.trim();
  }

  List<String> allNamespaces() {
    List<String> all = new ArrayList<>();
    all.add(DEFAULT_NAMESPACE);
    for (String name : namespaces) {
      NamespaceNames.problem(name)
          .ifPresent(
              p -> {
                throw usage("--namespace: " + p);
              });
      if (!all.contains(name)) {
        all.add(name);
      }
    }
    return all;
  }

  /**
   * --search-attribute values by name; types are matched ignoring case, as the temporal CLI does.
   */
  Map<String, IndexedValueType> parsedSearchAttributes() {
    Map<String, IndexedValueType> parsed = new LinkedHashMap<>();
    for (String option : searchAttributes) {
      int equals = option.indexOf('=');
      if (equals <= 0) {
        throw usage("--search-attribute must be NAME=TYPE, got '" + option + "'");
      }
      String name = option.substring(0, equals).trim();
      String typeName = option.substring(equals + 1).trim();
      IndexedValueType type = SEARCH_ATTRIBUTE_TYPES.get(typeName.toLowerCase(Locale.ROOT));
      if (type == null) {
        throw usage(
            "--search-attribute "
                + name
                + ": unknown type '"
                + typeName
                + "'; use one of Text, Keyword, Int, Double, Bool, Datetime, KeywordList");
      }
      IndexedValueType before = parsed.put(name, type);
      if (before != null && before != type) {
        throw usage("--search-attribute " + name + " is given twice with different types");
      }
    }
    return parsed;
  }

  private static final Map<String, IndexedValueType> SEARCH_ATTRIBUTE_TYPES =
      Map.of(
          "text", IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
          "keyword", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
          "int", IndexedValueType.INDEXED_VALUE_TYPE_INT,
          "double", IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
          "bool", IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
          "datetime", IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
          "keywordlist", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST);

  Optional<File> dbFile() {
    return Optional.ofNullable(dbFilename).map(File::getAbsoluteFile);
  }

  private DatabaseConfig database() {
    return dbFile()
        .map(f -> DatabaseConfig.sqliteFile(f.getPath()))
        .orElseGet(DatabaseConfig::sqliteInMemory);
  }

  private LogLevel parsedLogLevel() {
    return LogLevel.parse(logLevel)
        .orElseThrow(
            () ->
                usage(
                    "--log-level must be one of debug, info, warn, error, off, got '"
                        + logLevel
                        + "'"));
  }

  String readyLine(AevumServer server) {
    List<String> names = allNamespaces();
    String namespacePart =
        names.size() == 1 ? "namespace " + names.get(0) : "namespaces " + String.join(", ", names);
    String store = dbFile().map(File::getPath).orElse("in-memory");
    String metrics =
        server.metricsPort().isPresent()
            ? ", metrics on port " + server.metricsPort().getAsInt()
            : "";
    return "Aevum dev server ready on "
        + server.listenAddress()
        + " ("
        + namespacePart
        + ", store "
        + store
        + metrics
        + ")";
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
