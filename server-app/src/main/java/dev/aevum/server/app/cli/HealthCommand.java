package dev.aevum.server.app.cli;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aevum health}: asks a server's gRPC health service; for container health checks. */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    versionProvider = AevumCommand.Version.class,
    sortOptions = false,
    description = {
      "Check that a server is serving, then exit.",
      "",
      "Asks the gRPC health service for 'temporal.api.workflowservice.v1.WorkflowService'. Prints the"
          + " status; exits 0 when SERVING, 1 otherwise. Meant for container health checks."
    })
final class HealthCommand implements Callable<Integer> {
  static final String SERVICE = "temporal.api.workflowservice.v1.WorkflowService";

  @Option(
      names = {"-a", "--address"},
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:7233",
      description = "Server to ask (default: ${DEFAULT-VALUE}).")
  String address;

  @Option(
      names = "--timeout-seconds",
      paramLabel = "SECONDS",
      defaultValue = "5",
      description = "Give up after this many seconds (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(
      names = "--tls-ca-file",
      paramLabel = "FILE",
      description = "Speak TLS, trusting this PEM CA certificate (for a server with tls.certFile).")
  File tlsCaFile;

  @Option(
      names = {"--tls-cert-file"},
      paramLabel = "FILE",
      description =
          "Client certificate (PEM) for a server that requires mutual TLS; with --tls-key-file.")
  File tlsCertFile;

  @Option(
      names = {"--tls-key-file"},
      paramLabel = "FILE",
      description = "Private key (PEM, PKCS#8) of --tls-cert-file.")
  File tlsKeyFile;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    ManagedChannel channel = channel();
    try {
      ServingStatus status =
          HealthGrpc.newBlockingStub(channel)
              .withDeadlineAfter(Math.max(1, timeoutSeconds), TimeUnit.SECONDS)
              .check(HealthCheckRequest.newBuilder().setService(SERVICE).build())
              .getStatus();
      spec.commandLine().getOut().println(status);
      spec.commandLine().getOut().flush();
      return status == ServingStatus.SERVING ? 0 : AevumCommand.EXIT_FAILED;
    } catch (StatusRuntimeException e) {
      spec.commandLine()
          .getErr()
          .println("aevum: " + address + " is not healthy: " + e.getStatus());
      spec.commandLine().getErr().flush();
      return AevumCommand.EXIT_FAILED;
    } finally {
      channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }
  }

  private ManagedChannel channel() {
    NettyChannelBuilder builder = NettyChannelBuilder.forTarget(address);
    if (tlsCaFile == null && tlsCertFile == null) {
      return builder.usePlaintext().build();
    }
    if ((tlsCertFile == null) != (tlsKeyFile == null)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--tls-cert-file and --tls-key-file go together");
    }
    try {
      var ssl = GrpcSslContexts.forClient();
      if (tlsCaFile != null) {
        ssl.trustManager(tlsCaFile);
      }
      if (tlsCertFile != null) {
        ssl.keyManager(tlsCertFile, tlsKeyFile);
      }
      return builder.sslContext(ssl.build()).build();
    } catch (IOException | RuntimeException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "cannot use the TLS files: " + e.getMessage());
    }
  }
}
