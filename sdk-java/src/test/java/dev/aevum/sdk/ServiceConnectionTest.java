package dev.aevum.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connect-time behaviour against a minimal fake frontend that records request headers. */
class ServiceConnectionTest {
  private final List<Metadata> seenHeaders = new CopyOnWriteArrayList<>();
  private final HealthStatusManager health = new HealthStatusManager();
  private Server server;

  private int startFakeServer() throws IOException {
    ServerInterceptor capture =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            seenHeaders.add(headers);
            return next.startCall(call, headers);
          }
        };
    WorkflowServiceGrpc.WorkflowServiceImplBase frontend =
        new WorkflowServiceGrpc.WorkflowServiceImplBase() {
          @Override
          public void getSystemInfo(
              GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> response) {
            response.onNext(GetSystemInfoResponse.newBuilder().setServerVersion("9.9.9").build());
            response.onCompleted();
          }
        };
    health.setStatus(ServiceConnection.HEALTH_SERVICE, HealthCheckResponse.ServingStatus.SERVING);
    server =
        ServerBuilder.forPort(0)
            .addService(ServerInterceptors.intercept(health.getHealthService(), capture))
            .addService(ServerInterceptors.intercept(frontend, capture))
            .build()
            .start();
    return server.getPort();
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.shutdownNow();
    }
  }

  @Test
  void connectChecksHealthReadsSystemInfoAndSendsApiKeyAndMetadata() throws IOException {
    int port = startFakeServer();

    try (ServiceConnection connection =
        ServiceConnection.connect(
            ConnectionOptions.newBuilder()
                .target("127.0.0.1:" + port)
                .apiKey("secret-key")
                .putMetadata("X-Tenant", "acme")
                .build())) {

      assertThat(connection.systemInfo().getServerVersion()).isEqualTo("9.9.9");
      assertThat(seenHeaders).hasSizeGreaterThanOrEqualTo(2);
      for (Metadata headers : seenHeaders) {
        assertThat(headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)))
            .isEqualTo("Bearer secret-key");
        assertThat(headers.get(Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER)))
            .isEqualTo("acme");
      }
    }
  }

  @Test
  void unhealthyServerFailsConnectWithTargetAndStatus() throws IOException {
    int port = startFakeServer();
    health.setStatus(
        ServiceConnection.HEALTH_SERVICE, HealthCheckResponse.ServingStatus.NOT_SERVING);

    assertThatThrownBy(
            () ->
                ServiceConnection.connect(
                    ConnectionOptions.newBuilder()
                        .target("127.0.0.1:" + port)
                        .connectTimeout(Duration.ofMillis(500))
                        .build()))
        .isInstanceOf(AevumServiceException.class)
        .hasMessageContaining("127.0.0.1:" + port)
        .hasMessageContaining("did not become healthy")
        .hasMessageContaining("NOT_SERVING");
  }

  @Test
  void optionsRejectBadInputNamingTheField() {
    assertThatThrownBy(() -> ConnectionOptions.newBuilder().target(" "))
        .hasMessage("target: must not be blank");
    assertThatThrownBy(() -> ConnectionOptions.newBuilder().rpcTimeout(Duration.ZERO))
        .hasMessageStartingWith("rpcTimeout: must be positive");
    assertThatThrownBy(
            () ->
                ConnectionOptions.newBuilder()
                    .apiKey("k")
                    .putMetadata("Authorization", "x")
                    .build())
        .hasMessageStartingWith("apiKey:");
  }
}
