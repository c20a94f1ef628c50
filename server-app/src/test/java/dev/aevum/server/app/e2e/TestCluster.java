package dev.aevum.server.app.e2e;

import dev.aevum.persistence.DatabaseConfig;
import dev.aevum.persistence.Persistence;
import dev.aevum.server.frontend.FrontendRole;
import dev.aevum.server.frontend.FrontendSettings;
import dev.aevum.server.frontend.Namespaces;
import dev.aevum.server.history.HistoryRole;
import dev.aevum.server.history.HistorySettings;
import dev.aevum.server.matching.MatchingRole;
import dev.aevum.server.matching.MatchingSettings;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The whole server in this JVM on a real database, its frontend on a loopback port, and an
 * official Temporal SDK client pointed at it. One per test class.
 */
final class TestCluster implements AutoCloseable {
  static final String NAMESPACE = "default";

  private final Persistence persistence;
  private final HistoryRole history;
  private final MatchingRole matching;
  private final FrontendRole frontend;
  private final Server internal;
  private final ManagedChannel internalChannel;
  private final Server server;
  private final WorkflowServiceStubs stubs;

  private TestCluster(DatabaseConfig database, HistorySettings historySettings) throws IOException {
    Clock clock = Clock.systemUTC();
    persistence = Persistence.open(database);
    persistence.migrate();
    Namespaces.ensureExists(persistence, NAMESPACE, Duration.ofHours(24), clock);
    String name = "aevum-test-" + UUID.randomUUID();
    internalChannel = InProcessChannelBuilder.forName(name).directExecutor().build();
    history = HistoryRole.create(historySettings, persistence, internalChannel, clock);
    matching = MatchingRole.create(MatchingSettings.defaults(), persistence, internalChannel, clock);
    internal = InProcessServerBuilder.forName(name).addService(history.service()).addService(matching.service())
        .build().start();
    history.start();
    matching.start();
    frontend = FrontendRole.create(FrontendSettings.defaults(), persistence, internalChannel, internalChannel, clock);
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
    frontend.services().forEach(builder::addService);
    server = builder.build().start();
    frontend.start();
    stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setTarget("127.0.0.1:" + server.getPort())
        .build());
  }

  static TestCluster start(DatabaseConfig database) {
    return start(database, HistorySettings.defaults());
  }

  static TestCluster start(DatabaseConfig database, HistorySettings historySettings) {
    try {
      return new TestCluster(database, historySettings);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  WorkflowClient client() {
    return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(NAMESPACE).build());
  }

  WorkflowServiceStubs stubs() {
    return stubs;
  }

  WorkflowServiceGrpc.WorkflowServiceBlockingStub blocking() {
    return stubs.blockingStub();
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    stubs.shutdownNow();
    frontend.close();
    server.shutdownNow();
    matching.close();
    history.close();
    internal.shutdownNow();
    internalChannel.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
      internal.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    persistence.close();
  }
}
