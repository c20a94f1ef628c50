package dev.aevum.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.persistence.Persistence;
import dev.aevum.persistence.SchemaMismatchException;
import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.persistence.sql.SqlPersistence;
import dev.aevum.persistence.testing.TestDatabases;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceResponse;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AevumServerTest {
  private static final String HEALTH_SERVICE = "temporal.api.workflowservice.v1.WorkflowService";

  @TempDir Path dir;

  private static AevumServer.Builder devServer(DatabaseConfig database) {
    return AevumServer.builder()
        .database(database)
        .migrateOnStart(true)
        .port(0)
        .numHistoryShards(1)
        .drainTimeout(Duration.ofSeconds(1));
  }

  private static DescribeNamespaceResponse describe(AevumServer server, String namespace) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(server.target()).build());
    try {
      return stubs
          .blockingStub()
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
    } finally {
      stubs.shutdownNow();
    }
  }

  @Test
  void servesHealthOnAFreePortAndStopsServing() throws InterruptedException {
    AevumServer server = devServer(TestDatabases.sqliteInMemory()).build();
    server.start();
    ManagedChannel channel =
        ManagedChannelBuilder.forTarget(server.target()).usePlaintext().build();
    try {
      assertThat(server.port()).isPositive();
      assertThat(server.listenAddress()).isEqualTo("127.0.0.1:" + server.port());
      ServingStatus status =
          HealthGrpc.newBlockingStub(channel)
              .check(HealthCheckRequest.newBuilder().setService(HEALTH_SERVICE).build())
              .getStatus();
      assertThat(status).isEqualTo(ServingStatus.SERVING);
    } finally {
      server.close();
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    server.awaitTermination(); // returns at once after close
    server.close(); // idempotent
  }

  @Test
  void createsTheNamespacesWithTheirRetention() {
    try (AevumServer server =
        devServer(TestDatabases.sqliteInMemory())
            .namespaces(List.of("default", "orders"))
            .namespaceRetention(Duration.ofHours(24))
            .build()) {
      server.start();

      DescribeNamespaceResponse orders = describe(server, "orders");
      assertThat(orders.getNamespaceInfo().getName()).isEqualTo("orders");
      assertThat(orders.getConfig().getWorkflowExecutionRetentionTtl().getSeconds())
          .isEqualTo(24 * 3600);
      assertThat(describe(server, "default").getNamespaceInfo().getName()).isEqualTo("default");
    }
  }

  @Test
  void registersTheConfiguredSearchAttributesInEveryNamespace() {
    var keyword = IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
    try (AevumServer server =
        devServer(TestDatabases.sqliteInMemory())
            .namespaces(List.of("default", "orders"))
            .searchAttributes(Map.of("OrderRegion", keyword))
            .build()) {
      server.start();
      OperatorServiceStubs operator =
          OperatorServiceStubs.newServiceStubs(
              OperatorServiceStubsOptions.newBuilder()
                  .setTarget(server.target())
                  .validateAndBuildWithDefaults());
      try {
        for (String namespace : List.of("default", "orders")) {
          assertThat(
                  operator
                      .blockingStub()
                      .listSearchAttributes(
                          ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
                      .getCustomAttributesMap())
              .containsEntry("OrderRegion", keyword);
        }
      } finally {
        operator.shutdownNow();
      }
    }
    AevumServer reserved =
        devServer(TestDatabases.sqliteInMemory())
            .namespaces(List.of("default"))
            .searchAttributes(Map.of("WorkflowId", keyword))
            .build();
    assertThatThrownBy(reserved::start)
        .isInstanceOf(AevumStartupException.class)
        .hasMessageContaining("Cannot register the search attributes in namespace default")
        .hasMessageContaining("reserved by system");
  }

  @Test
  void aDatabaseFileKeepsNamespacesAndTheShardCountAcrossRestarts() {
    DatabaseConfig file = TestDatabases.sqliteFile(dir);
    String firstId;
    try (AevumServer first = devServer(file).namespaces(List.of("default", "kept")).build()) {
      first.start();
      firstId = describe(first, "kept").getNamespaceInfo().getId();
    }

    try (AevumServer second = devServer(file).namespaces(List.of("default")).build()) {
      second.start();
      assertThat(describe(second, "kept").getNamespaceInfo().getId()).isEqualTo(firstId);
      assertThat(second.persistence().clusterMetadata().get("num_history_shards")).contains("1");
    }
  }

  @Test
  void refusesAnotherShardCountThanTheStoredOne() {
    DatabaseConfig file = TestDatabases.sqliteFile(dir);
    try (AevumServer first = devServer(file).numHistoryShards(4).build()) {
      first.start();
    }

    AevumServer second =
        devServer(file)
            .numHistoryShards(8)
            .numHistoryShardsSetting("cluster.numHistoryShards")
            .build();
    assertThatThrownBy(second::start)
        .isInstanceOf(AevumStartupException.class)
        .hasMessage(
            "numHistoryShards is 8 in the configuration, but this cluster was created with 4 and the shard"
                + " count can never change after the first boot. Set cluster.numHistoryShards to 4.");
    assertThatThrownBy(second::port).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesAMissingSchemaWithoutMigrateOnStart() {
    DatabaseConfig database = TestDatabases.freshPostgres("AevumServerTest");
    AevumServer server = devServer(database).migrateOnStart(false).build();

    assertThatThrownBy(server::start)
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("aevum migrate");

    // Nothing was written: the shard count is still free to choose.
    try (Persistence persistence = SqlPersistence.open(database)) {
      persistence.migrate();
      assertThat(persistence.clusterMetadata().get("num_history_shards")).isEmpty();
    }
  }

  @Test
  void aTakenPortIsReportedClearly() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      AevumServer server =
          devServer(TestDatabases.sqliteInMemory()).port(taken.getLocalPort()).build();

      assertThatThrownBy(server::start)
          .isInstanceOf(AevumStartupException.class)
          .hasMessageContaining(
              "Cannot listen on the gRPC endpoint 127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("--port");
    }
  }

  @Test
  void startTwiceIsAnError() {
    try (AevumServer server = devServer(TestDatabases.sqliteInMemory()).build()) {
      server.start();
      assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void builderValidatesItsInput() {
    assertThatThrownBy(() -> AevumServer.builder().port(70000)).hasMessageContaining("port");
    assertThatThrownBy(() -> AevumServer.builder().numHistoryShards(0))
        .hasMessageContaining("numHistoryShards");
    assertThatThrownBy(() -> AevumServer.builder().build())
        .hasMessageContaining("database is required");
  }
}
