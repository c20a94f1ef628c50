package dev.aevum.server.app.cli;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
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

  @Option(names = {"-a", "--address"}, paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7233",
      description = "Server to ask (default: ${DEFAULT-VALUE}).")
  String address;

  @Option(names = "--timeout-seconds", paramLabel = "SECONDS", defaultValue = "5",
      description = "Give up after this many seconds (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    ManagedChannel channel = NettyChannelBuilder.forTarget(address).usePlaintext().build();
    try {
      ServingStatus status = HealthGrpc.newBlockingStub(channel)
          .withDeadlineAfter(Math.max(1, timeoutSeconds), TimeUnit.SECONDS)
          .check(HealthCheckRequest.newBuilder().setService(SERVICE).build())
          .getStatus();
      spec.commandLine().getOut().println(status);
      spec.commandLine().getOut().flush();
      return status == ServingStatus.SERVING ? 0 : AevumCommand.EXIT_FAILED;
    } catch (StatusRuntimeException e) {
      spec.commandLine().getErr().println("aevum: " + address + " is not healthy: " + e.getStatus());
      spec.commandLine().getErr().flush();
      return AevumCommand.EXIT_FAILED;
    } finally {
      channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }
  }
}
