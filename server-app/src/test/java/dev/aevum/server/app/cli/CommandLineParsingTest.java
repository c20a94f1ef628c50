package dev.aevum.server.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.server.app.AevumServer;
import dev.aevum.server.app.config.AevumConfig;
import dev.aevum.server.app.config.ConfigException;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class CommandLineParsingTest {
  private static final Map<String, String> NO_ENV = Map.of();

  private static <T> T parse(Map<String, String> env, Class<T> type, String... args) {
    ParseResult result = AevumCommand.commandLine(env).parseArgs(args);
    while (result.hasSubcommand()) {
      result = result.subcommand();
    }
    return type.cast(result.commandSpec().userObject());
  }

  /** Runs a command line and returns exit code, stdout and stderr. */
  private record Run(int code, String out, String err) {}

  private static Run run(Map<String, String> env, String... args) {
    CommandLine cli = AevumCommand.commandLine(env);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void startDevDefaultsMatchTemporalsDevServer() {
    StartDevCommand dev = parse(NO_ENV, StartDevCommand.class, "server", "start-dev");

    assertThat(dev.listenIp()).isEqualTo("127.0.0.1");
    assertThat(dev.port).isEqualTo(7233);
    assertThat(dev.dbFile()).isEmpty();
    assertThat(dev.allNamespaces()).containsExactly("default");
    assertThat(dev.logLevel).isEqualTo("warn");
  }

  @Test
  void startDevTakesEveryFlag() {
    StartDevCommand dev =
        parse(
            NO_ENV,
            StartDevCommand.class,
            "server",
            "start-dev",
            "--ip",
            "localhost",
            "--port",
            "0",
            "--db-filename",
            "dev.db",
            "-n",
            "orders",
            "--namespace",
            "billing",
            "-n",
            "default",
            "--log-level",
            "debug",
            "--headless",
            "--metrics-port",
            "9464");

    assertThat(dev.listenIp()).isEqualTo("127.0.0.1");
    assertThat(dev.port).isZero();
    assertThat(dev.dbFile()).contains(new File("dev.db").getAbsoluteFile());
    assertThat(dev.allNamespaces()).containsExactly("default", "orders", "billing");
    assertThat(dev.logLevel).isEqualTo("debug");
    assertThat(dev.metricsPort).isEqualTo(9464);
    assertThat(dev.serverBuilder().build()).isNotNull();
  }

  @Test
  void startDevRegistersSearchAttributesLikeTemporalsFlag() {
    StartDevCommand dev =
        parse(
            NO_ENV,
            StartDevCommand.class,
            "server",
            "start-dev",
            "--search-attribute",
            "OrderRegion=Keyword",
            "--search-attribute",
            "Total=double",
            "--search-attribute",
            "Tags=KeywordList");

    assertThat(dev.parsedSearchAttributes())
        .containsExactly(
            Map.entry("OrderRegion", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD),
            Map.entry("Total", IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE),
            Map.entry("Tags", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST));

    Run noType = run(NO_ENV, "server", "start-dev", "--search-attribute", "Region");
    assertThat(noType.code()).isEqualTo(2);
    assertThat(noType.err()).contains("--search-attribute must be NAME=TYPE, got 'Region'");
    Run badType = run(NO_ENV, "server", "start-dev", "--search-attribute", "Region=Str");
    assertThat(badType.code()).isEqualTo(2);
    assertThat(badType.err()).contains("--search-attribute Region: unknown type 'Str'");
  }

  @Test
  void startDevTakesTemporalsDynamicConfigValues() {
    StringWriter err = new StringWriter();
    CommandLine cli = AevumCommand.commandLine(NO_ENV);
    cli.setErr(new PrintWriter(err, true));
    ParseResult result =
        cli.parseArgs(
            "server",
            "start-dev",
            "--port",
            "0",
            "--dynamic-config-value",
            "limit.maxIDLength=20",
            "--dynamic-config-value",
            "frontend.enableUpdateWorkflowExecution=true",
            "--dynamic-config-value",
            "frontend.workerVersioningDataAPIs=true",
            "--dynamic-config-value",
            "history.longPollExpirationInterval=\"1m30s\"");
    while (result.hasSubcommand()) {
      result = result.subcommand();
    }
    StartDevCommand dev = (StartDevCommand) result.commandSpec().userObject();
    try (AevumServer server = dev.serverBuilder().build()) {
      server.start();
      ManagedChannel channel =
          ManagedChannelBuilder.forTarget(server.target()).usePlaintext().build();
      try {
        var stub = WorkflowServiceGrpc.newBlockingStub(channel);
        StartWorkflowExecutionRequest tooLong =
            StartWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setWorkflowId("an-id-of-more-than-twenty-bytes")
                .setWorkflowType(WorkflowType.newBuilder().setName("W"))
                .setTaskQueue(TaskQueue.newBuilder().setName("q"))
                .build();
        assertThatThrownBy(() -> stub.startWorkflowExecution(tooLong))
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> {
                  assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                  assertThat(e.getStatus().getDescription()).contains("(31/20)");
                });
      } finally {
        channel.shutdownNow();
      }
    }
    assertThat(err.toString())
        .contains("--dynamic-config-value frontend.workerVersioningDataAPIs: not used by Aevum");
    assertThat(
            DynamicConfigValues.parse(List.of("history.longPollExpirationInterval=\"1m30s\""))
                .history()
                .longPollExpiration())
        .isEqualTo(Duration.ofSeconds(90));

    Run notJson =
        run(NO_ENV, "server", "start-dev", "--dynamic-config-value", "limit.maxIDLength=ten");
    assertThat(notJson.code()).isEqualTo(2);
    assertThat(notJson.err())
        .contains("--dynamic-config-value limit.maxIDLength: expected a positive integer");
    Run off =
        run(
            NO_ENV,
            "server",
            "start-dev",
            "--dynamic-config-value",
            "frontend.enableUpdateWorkflowExecution=false");
    assertThat(off.code()).isEqualTo(2);
    assertThat(off.err()).contains("Aevum always has this on");
    Run noValue = run(NO_ENV, "server", "start-dev", "--dynamic-config-value", "limit.maxIDLength");
    assertThat(noValue.err()).contains("--dynamic-config-value must be KEY=JSON");
  }

  @Test
  void startDevRejectsBadValuesAsUsageErrors() {
    Run badLevel = run(NO_ENV, "server", "start-dev", "--log-level", "loud");
    assertThat(badLevel.code()).isEqualTo(2);
    assertThat(badLevel.err())
        .contains("--log-level must be one of debug, info, warn, error, off, got 'loud'");

    Run badNamespace = run(NO_ENV, "server", "start-dev", "-n", "has space");
    assertThat(badNamespace.code()).isEqualTo(2);
    assertThat(badNamespace.err())
        .contains("--namespace: 'has space' is not a valid namespace name");

    Run badPort = run(NO_ENV, "server", "start-dev", "--port", "seventy");
    assertThat(badPort.code()).isEqualTo(2);
    assertThat(badPort.err()).contains("--port");

    Run badMetricsPort = run(NO_ENV, "server", "start-dev", "--metrics-port", "70000");
    assertThat(badMetricsPort.code()).isEqualTo(2);
    assertThat(badMetricsPort.err()).contains("--metrics-port must be from 0 to 65535, got 70000");

    Run unknown = run(NO_ENV, "server", "start-dev", "--headless-ish");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unknown option: '--headless-ish'");
  }

  @Test
  void startReadsTheEnvironmentAndItsOptionsWin() {
    Map<String, String> env =
        Map.of(
            "AEVUM_DB_URL",
            "jdbc:postgresql://db/aevum",
            "AEVUM_DB_USER",
            "u",
            "AEVUM_GRPC_PORT",
            "7300");

    AevumConfig fromEnv = parse(env, StartCommand.class, "server", "start").config();
    assertThat(fromEnv.grpc().port()).isEqualTo(7300);
    assertThat(fromEnv.database().user()).isEqualTo("u");

    AevumConfig withOptions =
        parse(
                env,
                StartCommand.class,
                "server",
                "start",
                "--port",
                "0",
                "--ip",
                "::1",
                "--log-level",
                "error",
                "--metrics-port",
                "9464")
            .config();
    assertThat(withOptions.grpc()).isEqualTo(new AevumConfig.Grpc("::1", 0));
    assertThat(withOptions.metrics().port()).hasValue(9464);
    assertThat(withOptions.log().level().toString()).isEqualTo("error");
  }

  @Test
  void startWithoutADatabaseFailsWithTheConfigErrorAndExitCode1() {
    assertThatThrownBy(() -> parse(NO_ENV, StartCommand.class, "server", "start").config())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("database.url: required");

    Run run = run(NO_ENV, "server", "start");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("aevum: Invalid configuration (1 error):")
        .contains("AEVUM_DB_URL");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void migrateTakesAConfigFile() {
    MigrateCommand migrate =
        parse(NO_ENV, MigrateCommand.class, "migrate", "--config", "aevum.yaml");
    assertThat(migrate.configOptions.config).hasToString("aevum.yaml");
  }

  @Test
  void helpIsClear() {
    Run root = run(NO_ENV, "--help");
    assertThat(root.code()).isZero();
    assertThat(root.out()).contains("Usage: aevum", "server", "migrate", "aevum server start-dev");

    Run dev = run(NO_ENV, "server", "start-dev", "--help");
    assertThat(dev.code()).isZero();
    assertThat(dev.out())
        .contains(
            "--ip",
            "--port",
            "--db-filename",
            "--namespace",
            "--log-level",
            "default: 7233",
            "default: 127.0.0.1",
            "in memory");

    Run start = run(NO_ENV, "server", "start", "--help");
    assertThat(start.out()).contains("--config", "AEVUM_DB_URL", "aevum migrate");
  }

  @Test
  void healthFailsWhenNothingListens() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Run health = run(NO_ENV, "health", "--address", "127.0.0.1:" + port, "--timeout-seconds", "2");
    assertThat(health.code()).isEqualTo(1);
    assertThat(health.err())
        .startsWith("aevum: 127.0.0.1:" + port + " is not healthy: Status{code=UNAVAILABLE");
  }

  @Test
  void aGroupWithoutItsCommandIsAUsageError() {
    Run none = run(NO_ENV);
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("Missing command");

    Run server = run(NO_ENV, "server");
    assertThat(server.code()).isEqualTo(2);
    assertThat(server.err()).contains("use 'start-dev' or 'start'");
  }
}
