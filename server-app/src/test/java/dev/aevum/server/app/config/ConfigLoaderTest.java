package dev.aevum.server.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final String URL = "jdbc:postgresql://db:5432/aevum";

  @TempDir Path dir;

  private Path yaml(String text) throws IOException {
    Path file = dir.resolve("aevum.yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void defaultsApplyWhenOnlyTheDatabaseUrlIsGiven() {
    AevumConfig config = ConfigLoader.load(Optional.empty(), Map.of("AEVUM_DB_URL", URL), Map.of());

    assertThat(config.grpc()).isEqualTo(new AevumConfig.Grpc("0.0.0.0", 7233));
    assertThat(config.database().url()).isEqualTo(URL);
    assertThat(config.database().user()).isEmpty();
    assertThat(config.database().maxPoolSize()).isEqualTo(20);
    assertThat(config.cluster().numHistoryShards()).isEqualTo(4);
    assertThat(config.bootstrap().namespaces()).isEmpty();
    assertThat(config.log().level()).isEqualTo(LogLevel.INFO);
    assertThat(config.shutdown().drainTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void readsEveryKeyFromYaml() throws IOException {
    Path file =
        yaml(
            """
        grpc:
          ip: 127.0.0.1
          port: 7300
        database:
          url: jdbc:postgresql://db:5432/prod
          user: aevum
          password: s3cret
          maxPoolSize: 50
        cluster:
          numHistoryShards: 16
        bootstrap:
          namespaces: [default, orders]
        log:
          level: DEBUG
        shutdown:
          drainTimeout: 1m
        """);

    AevumConfig config = ConfigLoader.load(Optional.of(file), Map.of(), Map.of());

    assertThat(config.grpc()).isEqualTo(new AevumConfig.Grpc("127.0.0.1", 7300));
    assertThat(config.database())
        .isEqualTo(
            new AevumConfig.Database("jdbc:postgresql://db:5432/prod", "aevum", "s3cret", 50));
    assertThat(config.cluster().numHistoryShards()).isEqualTo(16);
    assertThat(config.bootstrap().namespaces()).containsExactly("default", "orders");
    assertThat(config.log().level()).isEqualTo(LogLevel.DEBUG);
    assertThat(config.shutdown().drainTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.database().toString()).doesNotContain("s3cret");
  }

  @Test
  void environmentOverridesTheFileAndOptionsOverrideTheEnvironment() throws IOException {
    Path file =
        yaml(
            """
        grpc:
          port: 7300
        database:
          url: jdbc:postgresql://file-host/aevum
          user: from-file
        cluster:
          numHistoryShards: 8
        """);
    Map<String, String> env =
        Map.of(
            "AEVUM_DB_URL", URL,
            "AEVUM_DB_PASSWORD", "pw",
            "AEVUM_GRPC_PORT", "7400",
            "AEVUM_BOOTSTRAP_NAMESPACES", "default, billing");

    AevumConfig config =
        ConfigLoader.load(Optional.of(file), env, Map.of(ConfigKey.GRPC_PORT, "0"));

    assertThat(config.database().url()).isEqualTo(URL);
    assertThat(config.database().user()).isEqualTo("from-file");
    assertThat(config.database().password()).isEqualTo("pw");
    assertThat(config.cluster().numHistoryShards()).isEqualTo(8);
    assertThat(config.grpc().port()).isZero();
    assertThat(config.bootstrap().namespaces()).containsExactly("default", "billing");
  }

  @Test
  void reportsEveryErrorAtOnceEachNamingItsKeyAndSource() throws IOException {
    Path file =
        yaml(
            """
        grpc:
          port: seventy
          prot: 1
        database:
          maxPoolSize: 0
        cluster:
          numHistoryShards: -1
        bootstrap:
          namespaces: ["ok", "not ok"]
        tracing: {}
        """);
    Map<String, String> env =
        Map.of("AEVUM_SHUTDOWN_DRAIN_TIMEOUT", "soon", "AEVUM_LOG_LEVEL", "loud");

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> ConfigLoader.load(Optional.of(file), env, Map.of()));

    assertThat(e.errors()).hasSize(9);
    assertThat(e.errors())
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("grpc.port: expected an integer from 0 to 65535, got 'seventy'")
                    .contains(file.toString()));
    assertThat(e.errors()).anySatisfy(m -> assertThat(m).startsWith("grpc.prot: unknown key"));
    assertThat(e.errors()).anySatisfy(m -> assertThat(m).startsWith("tracing: unknown key"));
    assertThat(e.errors())
        .anySatisfy(
            m -> assertThat(m).startsWith("database.url: required").contains("AEVUM_DB_URL"));
    assertThat(e.errors())
        .anySatisfy(
            m -> assertThat(m).startsWith("database.maxPoolSize: expected an integer from 1"));
    assertThat(e.errors())
        .anySatisfy(
            m -> assertThat(m).startsWith("cluster.numHistoryShards: expected an integer from 1"));
    assertThat(e.errors())
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("bootstrap.namespaces: 'not ok' is not a valid namespace"));
    assertThat(e.errors())
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("shutdown.drainTimeout: expected a duration")
                    .contains("environment variable AEVUM_SHUTDOWN_DRAIN_TIMEOUT"));
    assertThat(e.errors()).anySatisfy(m -> assertThat(m).startsWith("log.level: expected one of"));
    assertThat(e.getMessage()).startsWith("Invalid configuration (9 errors):");
  }

  @Test
  void logLevelErrorIsReportedWithTheOthers() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                ConfigLoader.load(
                    Optional.empty(),
                    Map.of("AEVUM_LOG_LEVEL", "loud", "AEVUM_DB_URL", "mysql://x"),
                    Map.of()));

    assertThat(e.errors())
        .containsExactly(
            "database.url: expected a PostgreSQL JDBC URL like jdbc:postgresql://127.0.0.1:5432/aevum, got 'mysql://x'"
                + " (from environment variable AEVUM_DB_URL)",
            "log.level: expected one of debug, info, warn, error, off, got 'loud' (from environment variable AEVUM_LOG_LEVEL)");
  }

  @Test
  void aMissingFileAndBrokenYamlAreReported() throws IOException {
    ConfigException missing =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                ConfigLoader.load(
                    Optional.of(dir.resolve("nope.yaml")), Map.of("AEVUM_DB_URL", URL), Map.of()));
    assertThat(missing.errors())
        .containsExactly("config file " + dir.resolve("nope.yaml") + ": not found");

    Path broken = yaml("grpc:\n  port: [1, 2\n");
    ConfigException invalid =
        catchThrowableOfType(
            ConfigException.class,
            () -> ConfigLoader.load(Optional.of(broken), Map.of("AEVUM_DB_URL", URL), Map.of()));
    assertThat(invalid.errors())
        .singleElement()
        .asString()
        .startsWith("config file " + broken + ": invalid YAML at line");
  }

  @Test
  void anEmptyFileMeansDefaultsAndAnEmptyKeyKeepsTheDefault() throws IOException {
    assertThat(
            ConfigLoader.load(Optional.of(yaml("")), Map.of("AEVUM_DB_URL", URL), Map.of())
                .grpc()
                .port())
        .isEqualTo(7233);
    assertThat(
            ConfigLoader.load(
                    Optional.of(yaml("grpc:\n  port:\n")), Map.of("AEVUM_DB_URL", URL), Map.of())
                .grpc()
                .port())
        .isEqualTo(7233);
  }

  @Test
  void aListWhereOneValueIsExpectedIsAnError() throws IOException {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                ConfigLoader.load(
                    Optional.of(yaml("grpc:\n  ip: [a, b]\n")),
                    Map.of("AEVUM_DB_URL", URL),
                    Map.of()));
    assertThat(e.errors())
        .singleElement()
        .asString()
        .startsWith("grpc.ip: expected a single value, got a list");
  }

  @Test
  void durationsAcceptShortAndIsoForms() {
    assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
    assertThat(Durations.parse("2h")).contains(Duration.ofHours(2));
    assertThat(Durations.parse("PT15S")).contains(Duration.ofSeconds(15));
    assertThat(Durations.parse("-1s")).isEmpty();
    assertThat(Durations.parse("10")).isEmpty();
  }

  @Test
  void everyKeyHasADistinctPathAndEnvironmentVariable() {
    List<ConfigKey> keys = List.of(ConfigKey.values());
    assertThat(keys.stream().map(ConfigKey::path)).doesNotHaveDuplicates();
    assertThat(keys.stream().map(ConfigKey::envVar))
        .doesNotHaveDuplicates()
        .allMatch(v -> v.startsWith("AEVUM_"));
  }

  @Test
  void metricsAreOffUnlessAPortIsGivenAndABadPortIsNamed() {
    assertThat(
            ConfigLoader.load(Optional.empty(), Map.of("AEVUM_DB_URL", URL), Map.of())
                .metrics()
                .port())
        .isEmpty();
    assertThat(
            ConfigLoader.load(
                    Optional.empty(),
                    Map.of("AEVUM_DB_URL", URL, "AEVUM_METRICS_PORT", "9464"),
                    Map.of())
                .metrics()
                .port())
        .hasValue(9464);
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(),
                    Map.of("AEVUM_DB_URL", URL, "AEVUM_METRICS_PORT", "http"),
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("metrics.port")
        .hasMessageContaining("AEVUM_METRICS_PORT")
        .hasMessageContaining("'http'");
  }

  @Test
  void tlsNeedsCertificateAndKeyTogetherAndApiKeysAreListedNotPrinted() {
    AevumConfig plain = ConfigLoader.load(Optional.empty(), Map.of("AEVUM_DB_URL", URL), Map.of());
    assertThat(plain.security().tls()).isEmpty();
    assertThat(plain.security().apiKeys()).isEmpty();

    AevumConfig secured =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(
                "AEVUM_DB_URL",
                URL,
                "AEVUM_TLS_CERT_FILE",
                "/etc/aevum/cert.pem",
                "AEVUM_TLS_KEY_FILE",
                "/etc/aevum/key.pem",
                "AEVUM_TLS_CLIENT_CA_FILE",
                "/etc/aevum/ca.pem",
                "AEVUM_AUTH_API_KEYS",
                "k1, k2"),
            Map.of());
    assertThat(secured.security().tls())
        .hasValueSatisfying(
            tls -> {
              assertThat(tls.certFile()).isEqualTo(Path.of("/etc/aevum/cert.pem"));
              assertThat(tls.keyFile()).isEqualTo(Path.of("/etc/aevum/key.pem"));
              assertThat(tls.clientCaFile()).contains(Path.of("/etc/aevum/ca.pem"));
            });
    assertThat(secured.security().apiKeys()).containsExactly("k1", "k2");
    assertThat(secured.toString()).doesNotContain("k1").contains("2 key(s)");

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                ConfigLoader.load(
                    Optional.empty(),
                    Map.of(
                        "AEVUM_DB_URL",
                        URL,
                        "AEVUM_TLS_CERT_FILE",
                        "/etc/aevum/cert.pem",
                        "AEVUM_AUTH_API_KEYS",
                        "k1,,k2"),
                    Map.of()));
    assertThat(e.errors())
        .anySatisfy(
            m -> assertThat(m).startsWith("tls.keyFile: required when tls.certFile is set"));
    assertThat(e.errors())
        .anySatisfy(m -> assertThat(m).startsWith("auth.apiKeys: an API key must not be empty"));

    ConfigException caOnly =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                ConfigLoader.load(
                    Optional.empty(),
                    Map.of("AEVUM_DB_URL", URL, "AEVUM_TLS_CLIENT_CA_FILE", "/etc/aevum/ca.pem"),
                    Map.of()));
    assertThat(caOnly.errors())
        .anySatisfy(m -> assertThat(m).startsWith("tls.clientCaFile: needs tls.certFile"));
  }
}
