package dev.aevum.server.frontend;

import com.google.protobuf.Duration;
import dev.aevum.persistence.Persistence;
import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.persistence.sql.SqlPersistence;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A frontend over in-process gRPC with a real in-memory SQLite store, and fake history and matching
 * services behind it.
 */
final class FrontendHarness implements AutoCloseable {
  final Persistence persistence;
  final FakeHistory history = new FakeHistory();
  final FakeMatching matching = new FakeMatching();
  final FrontendRole role;
  final ManagedChannel channel;
  private final List<Server> servers = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  private FrontendHarness(FrontendSettings settings) throws IOException {
    persistence = SqlPersistence.open(DatabaseConfig.sqliteInMemory());
    persistence.migrate();
    ManagedChannel historyChannel = serve(List.of(history.bindService()));
    ManagedChannel matchingChannel = serve(matching.services());
    role =
        FrontendRole.create(
            settings, persistence, historyChannel, matchingChannel, Clock.systemUTC());
    String name = InProcessServerBuilder.generateName();
    InProcessServerBuilder builder = InProcessServerBuilder.forName(name);
    role.services().forEach(builder::addService);
    servers.add(builder.build().start());
    channel = InProcessChannelBuilder.forName(name).build();
    channels.add(channel);
  }

  static FrontendHarness start() throws IOException {
    return start(FrontendSettings.defaults());
  }

  /** Serving, but the role was never started. */
  static FrontendHarness startWithoutRole() throws IOException {
    return new FrontendHarness(FrontendSettings.defaults());
  }

  static FrontendHarness start(FrontendSettings settings) throws IOException {
    FrontendHarness harness = new FrontendHarness(settings);
    harness.role.start();
    return harness;
  }

  WorkflowServiceGrpc.WorkflowServiceBlockingStub workflow() {
    return WorkflowServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  /** Registers a namespace through the API and returns its id. */
  String register(String namespace) {
    workflow()
        .registerNamespace(
            RegisterNamespaceRequest.newBuilder()
                .setNamespace(namespace)
                .setWorkflowExecutionRetentionPeriod(Duration.newBuilder().setSeconds(86_400))
                .build());
    return workflow()
        .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build())
        .getNamespaceInfo()
        .getId();
  }

  /** The failure of a call that must fail. */
  static StatusRuntimeException failure(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("the call succeeded but should have failed");
  }

  private ManagedChannel serve(List<ServerServiceDefinition> services) throws IOException {
    String name = InProcessServerBuilder.generateName();
    InProcessServerBuilder builder = InProcessServerBuilder.forName(name);
    services.forEach(builder::addService);
    servers.add(builder.build().start());
    ManagedChannel c = InProcessChannelBuilder.forName(name).build();
    channels.add(c);
    return c;
  }

  @Override
  public void close() {
    role.close();
    for (ManagedChannel c : channels) {
      c.shutdownNow();
    }
    try {
      for (Server s : servers) {
        s.shutdownNow();
        s.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      persistence.close();
    }
  }
}
