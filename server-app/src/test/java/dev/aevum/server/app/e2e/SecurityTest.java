package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.persistence.testing.TestDatabases;
import dev.aevum.sdk.ConnectionOptions;
import dev.aevum.sdk.ServiceConnection;
import dev.aevum.server.app.AevumServer;
import dev.aevum.server.app.AevumStartupException;
import dev.aevum.server.app.ServerTls;
import dev.aevum.server.app.cli.AevumCommand;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS, mutual TLS and API keys on the public endpoint, through the official SDK's stubs. */
@Timeout(120)
class SecurityTest {
  @TempDir Path dir;

  private static AevumServer start(Consumer<AevumServer.Builder> security) {
    AevumServer.Builder builder =
        AevumServer.builder()
            .database(TestDatabases.sqliteInMemory())
            .migrateOnStart(true)
            .port(0)
            .numHistoryShards(1)
            .namespaces(List.of("default"));
    security.accept(builder);
    AevumServer server = builder.build();
    server.start();
    return server;
  }

  /** Calls DescribeNamespace with stubs built by {@code options}; returns the namespace's name. */
  private static String describe(
      AevumServer server, Consumer<WorkflowServiceStubsOptions.Builder> options) {
    WorkflowServiceStubsOptions.Builder builder =
        WorkflowServiceStubsOptions.newBuilder().setTarget(server.target());
    options.accept(builder);
    // Lazy stubs: connection problems show up as the call's status, not at construction.
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(builder.build());
    try {
      return stubs
          .blockingStub()
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace("default").build())
          .getNamespaceInfo()
          .getName();
    } finally {
      stubs.shutdownNow();
    }
  }

  private static int health(AevumServer server, String... tlsOptions) {
    List<String> args =
        new ArrayList<>(List.of("health", "--address", server.target(), "--timeout-seconds", "5"));
    args.addAll(List.of(tlsOptions));
    picocli.CommandLine cli = AevumCommand.commandLine(Map.of());
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(new StringWriter()));
    return cli.execute(args.toArray(String[]::new));
  }

  private static void assertRefused(Status.Code code, Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
  }

  @Test
  void tlsServesClientsThatTrustTheCertificateAndRefusesPlaintext() throws Exception {
    TestCertificates server = TestCertificates.create(dir, "server");
    AevumServer aevum =
        start(b -> b.tls(new ServerTls(server.cert(), server.key(), Optional.empty())));
    try {
      SslContext trusting =
          GrpcSslContexts.forClient().trustManager(server.cert().toFile()).build();
      assertThat(describe(aevum, o -> o.setSslContext(trusting))).isEqualTo("default");
      assertRefused(Status.Code.UNAVAILABLE, () -> describe(aevum, o -> {}));
    } finally {
      aevum.close();
    }
  }

  @Test
  void mutualTlsRequiresAClientCertificateSignedByTheClientCa() throws Exception {
    TestCertificates server = TestCertificates.create(dir, "server");
    TestCertificates client = TestCertificates.create(dir, "client");
    TestCertificates stranger = TestCertificates.create(dir, "stranger");
    AevumServer aevum =
        start(b -> b.tls(new ServerTls(server.cert(), server.key(), Optional.of(client.cert()))));
    try {
      SslContext withClientCert =
          GrpcSslContexts.forClient()
              .trustManager(server.cert().toFile())
              .keyManager(client.cert().toFile(), client.key().toFile())
              .build();
      assertThat(describe(aevum, o -> o.setSslContext(withClientCert))).isEqualTo("default");

      SslContext withoutClientCert =
          GrpcSslContexts.forClient().trustManager(server.cert().toFile()).build();
      assertRefused(
          Status.Code.UNAVAILABLE, () -> describe(aevum, o -> o.setSslContext(withoutClientCert)));
      SslContext withStrangerCert =
          GrpcSslContexts.forClient()
              .trustManager(server.cert().toFile())
              .keyManager(stranger.cert().toFile(), stranger.key().toFile())
              .build();
      assertRefused(
          Status.Code.UNAVAILABLE, () -> describe(aevum, o -> o.setSslContext(withStrangerCert)));

      // `aevum health` for such a server, as a container health check would run it.
      assertThat(
              health(
                  aevum,
                  "--tls-ca-file",
                  server.cert().toString(),
                  "--tls-cert-file",
                  client.cert().toString(),
                  "--tls-key-file",
                  client.key().toString()))
          .isZero();
      assertThat(health(aevum, "--tls-ca-file", server.cert().toString())).isEqualTo(1);
      assertThat(health(aevum)).isEqualTo(1);
    } finally {
      aevum.close();
    }
  }

  @Test
  void apiKeysAreRequiredExceptForHealthChecks() throws Exception {
    AevumServer aevum = start(b -> b.apiKeys(List.of("key-one", "key-two")));
    try {
      assertThat(describe(aevum, o -> o.setEnableHttps(false).addApiKey(() -> "key-two")))
          .isEqualTo("default");
      assertThatThrownBy(() -> describe(aevum, o -> {}))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                assertThat(e.getStatus().getDescription()).contains("authorization header");
              });
      assertThatThrownBy(
              () -> describe(aevum, o -> o.setEnableHttps(false).addApiKey(() -> "key-three")))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                assertThat(e.getStatus().getDescription()).contains("not valid");
              });

      // Health needs no key, and the Aevum SDK connects (health check + GetSystemInfo) with one.
      ManagedChannel channel =
          ManagedChannelBuilder.forTarget(aevum.target()).usePlaintext().build();
      try {
        assertThat(
                HealthGrpc.newBlockingStub(channel)
                    .check(HealthCheckRequest.getDefaultInstance())
                    .getStatus())
            .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
      } finally {
        channel.shutdownNow();
      }
      try (ServiceConnection connection =
          ServiceConnection.connect(
              ConnectionOptions.newBuilder().target(aevum.target()).apiKey("key-one").build())) {
        assertThat(connection).isNotNull();
      }
    } finally {
      aevum.close();
    }
  }

  @Test
  void unreadableTlsFilesStopTheStartNamingTheFile() {
    Path missing = dir.resolve("missing.pem");
    assertThatThrownBy(() -> start(b -> b.tls(new ServerTls(missing, missing, Optional.empty()))))
        .isInstanceOf(AevumStartupException.class)
        .hasMessageContaining(missing.toString());
    assertThatThrownBy(() -> AevumServer.builder().apiKeys(List.of("ok", " ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be empty");
  }
}
