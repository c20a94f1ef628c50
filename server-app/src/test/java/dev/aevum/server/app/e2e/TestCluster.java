package dev.aevum.server.app.e2e;

import dev.aevum.persistence.Persistence;
import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.server.app.AevumServer;
import dev.aevum.server.history.HistorySettings;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.List;

/**
 * The whole server ({@link AevumServer}) in this JVM on a real database, its frontend on a loopback
 * port, and an official Temporal SDK client pointed at it. One per test class and store.
 */
final class TestCluster implements AutoCloseable {
  static final String NAMESPACE = "default";

  /** A second namespace, for cross-namespace calls. */
  static final String OTHER_NAMESPACE = "other";

  private final AevumServer server;
  private final WorkflowServiceStubs stubs;

  private TestCluster(DatabaseConfig database, HistorySettings historySettings) {
    server =
        AevumServer.builder()
            .database(database)
            .migrateOnStart(true)
            .port(0)
            .numHistoryShards(4)
            .namespaces(List.of(NAMESPACE, OTHER_NAMESPACE))
            .historySettings(historySettings)
            .build();
    server.start();
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(server.target()).build());
  }

  static TestCluster start(DatabaseConfig database, HistorySettings historySettings) {
    return new TestCluster(database, historySettings);
  }

  WorkflowClient client() {
    return client(NAMESPACE);
  }

  WorkflowClient client(String namespace) {
    return WorkflowClient.newInstance(
        stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }

  Persistence persistence() {
    return server.persistence();
  }

  /** The server's meters, read in-process. */
  MeterRegistry meters() {
    return server.meters();
  }

  /** host:port of the public endpoint. */
  String target() {
    return server.target();
  }

  WorkflowServiceGrpc.WorkflowServiceBlockingStub blocking() {
    return stubs.blockingStub();
  }

  /**
   * The raw stub of a client that declares Temporal's {@code follows-next-run-id} feature: close
   * events that name a next run (retry, cron) reach it as they are, not as ContinuedAsNew.
   */
  WorkflowServiceGrpc.WorkflowServiceBlockingStub blockingFollowingNextRuns() {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("supported-features", Metadata.ASCII_STRING_MARSHALLER),
        "follows-next-run-id");
    return stubs
        .blockingStub()
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  @Override
  public void close() {
    stubs.shutdownNow();
    server.close();
  }
}
