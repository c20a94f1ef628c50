package dev.aevum.sdk;

import dev.aevum.sdk.internal.common.HeadersInterceptor;
import dev.aevum.sdk.internal.common.Rpc;
import dev.aevum.sdk.internal.common.SdkMetrics;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc.WorkflowServiceBlockingStub;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC connection to a server that speaks Temporal's WorkflowService. {@link #connect} waits
 * until the server reports SERVING and then reads its capabilities with GetSystemInfo, so a wrong
 * address or a down server fails here with a clear message instead of on the first workflow call.
 */
public final class ServiceConnection implements AutoCloseable {
  /** The health-check service name every Temporal frontend registers. */
  public static final String HEALTH_SERVICE = "temporal.api.workflowservice.v1.WorkflowService";

  private final ConnectionOptions options;
  private final ManagedChannel channel;
  private final Rpc rpc;
  private volatile GetSystemInfoResponse systemInfo = GetSystemInfoResponse.getDefaultInstance();

  private ServiceConnection(ConnectionOptions options, ManagedChannel channel) {
    this.options = options;
    this.channel = channel;
    this.rpc =
        new Rpc(
            ClientInterceptors.intercept(channel, new HeadersInterceptor(headers(options))),
            options.rpcTimeout(),
            options.connectTimeout().plus(options.rpcTimeout()),
            SdkMetrics.of(options.meterRegistry()));
  }

  /** Opens a channel and, unless disabled, checks health and reads the server's capabilities. */
  public static ServiceConnection connect(ConnectionOptions options) {
    ChannelCredentials credentials =
        options
            .credentials()
            .orElse(
                options.tls()
                    ? TlsChannelCredentials.create()
                    : InsecureChannelCredentials.create());
    var builder = Grpc.newChannelBuilder(options.target(), credentials).userAgent("aevum-sdk-java");
    options.authority().ifPresent(builder::overrideAuthority);
    ManagedChannel channel = builder.build();
    ServiceConnection connection = new ServiceConnection(options, channel);
    if (options.healthCheck()) {
      try {
        connection.awaitHealthy();
        connection.systemInfo =
            connection.rpc.call(
                "GetSystemInfo", s -> s.getSystemInfo(GetSystemInfoRequest.getDefaultInstance()));
      } catch (RuntimeException e) {
        connection.close();
        throw e;
      }
    }
    return connection;
  }

  private void awaitHealthy() {
    long deadline = System.nanoTime() + options.connectTimeout().toNanos();
    Status last = Status.UNKNOWN;
    long backoff = 100;
    while (System.nanoTime() < deadline) {
      try {
        HealthCheckResponse response =
            HealthGrpc.newBlockingStub(
                    ClientInterceptors.intercept(channel, new HeadersInterceptor(headers(options))))
                .withDeadlineAfter(options.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .check(HealthCheckRequest.newBuilder().setService(HEALTH_SERVICE).build());
        if (response.getStatus() == HealthCheckResponse.ServingStatus.SERVING) {
          return;
        }
        last = Status.UNAVAILABLE.withDescription("health status " + response.getStatus());
      } catch (StatusRuntimeException e) {
        last = e.getStatus();
        if (last.getCode() == Status.Code.UNAUTHENTICATED
            || last.getCode() == Status.Code.PERMISSION_DENIED) {
          break;
        }
      }
      Rpc.sleepWithJitter(backoff);
      backoff = Math.min(backoff * 2, 2_000);
    }
    throw new AevumServiceException(
        "server at "
            + options.target()
            + " did not become healthy within "
            + options.connectTimeout(),
        last,
        null);
  }

  private static Map<String, String> headers(ConnectionOptions options) {
    Map<String, String> headers = new LinkedHashMap<>(options.metadata());
    options.apiKey().ifPresent(key -> headers.put("authorization", "Bearer " + key));
    headers.putIfAbsent("client-name", "aevum-sdk-java");
    return headers;
  }

  public ConnectionOptions options() {
    return options;
  }

  /** The server's answer to GetSystemInfo on connect (empty when the health check was disabled). */
  public GetSystemInfoResponse systemInfo() {
    return systemInfo;
  }

  /**
   * A raw blocking stub with this connection's headers and default deadline, for calls the SDK does
   * not wrap yet.
   */
  public WorkflowServiceBlockingStub workflowService() {
    return rpc.stub(options.rpcTimeout());
  }

  /** For the SDK's own packages. */
  public Rpc rpc() {
    return rpc;
  }

  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
