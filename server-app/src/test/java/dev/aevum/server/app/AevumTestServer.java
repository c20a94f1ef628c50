package dev.aevum.server.app;

import dev.aevum.persistence.DatabaseConfig;
import dev.aevum.persistence.testing.TestDatabases;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: a whole Aevum server on a free port for the tests of one class, on in-memory
 * SQLite or a fresh PostgreSQL database, with clients from the official Temporal SDK.
 *
 * <pre>{@code
 * @RegisterExtension static final AevumTestServer server = AevumTestServer.sqlite();
 * ... server.client().newWorkflowStub(...)
 * }</pre>
 *
 * <p>Register it on a {@code static} field: the server starts before the class's first test and
 * stops after its last. PostgreSQL is found like every test finds it (TestDatabases): skipped
 * when absent unless {@code AEVUM_REQUIRE_POSTGRES=1}.
 */
public final class AevumTestServer implements BeforeAllCallback, AfterAllCallback {
  public static final String DEFAULT_NAMESPACE = "default";

  private final String storeName;
  private final java.util.function.Function<ExtensionContext, DatabaseConfig> database;
  private final List<String> namespaces = new ArrayList<>(List.of(DEFAULT_NAMESPACE));
  private int numHistoryShards = 1;

  private AevumServer server;
  private WorkflowServiceStubs service;

  private AevumTestServer(String storeName, java.util.function.Function<ExtensionContext, DatabaseConfig> database) {
    this.storeName = storeName;
    this.database = database;
  }

  /** A server on a private in-memory SQLite database. */
  public static AevumTestServer sqlite() {
    return new AevumTestServer("sqlite", context -> TestDatabases.sqliteInMemory());
  }

  /** A server on a fresh PostgreSQL database named after the test class. */
  public static AevumTestServer postgres() {
    return new AevumTestServer("postgresql",
        context -> TestDatabases.freshPostgres(context.getRequiredTestClass().getSimpleName()));
  }

  /** Namespaces to create besides {@code default}. */
  public AevumTestServer withNamespaces(String... names) {
    namespaces.addAll(List.of(names));
    return this;
  }

  public AevumTestServer withNumHistoryShards(int shards) {
    this.numHistoryShards = shards;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = AevumServer.builder()
        .database(database.apply(context))
        .migrateOnStart(true)
        .port(0)
        .numHistoryShards(numHistoryShards)
        .namespaces(namespaces)
        .drainTimeout(java.time.Duration.ofSeconds(2))
        .build();
    server.start();
    service = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(server.target()).build());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (service != null) {
      service.shutdownNow();
      service.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  /** "sqlite" or "postgresql", for test names and messages. */
  public String store() {
    return storeName;
  }

  public AevumServer server() {
    return started(() -> server);
  }

  /** {@code host:port} of the running server. */
  public String target() {
    return server().target();
  }

  /** Stubs connected to the server; closed by the extension. */
  public WorkflowServiceStubs service() {
    return started(() -> service);
  }

  /** A client of the {@code default} namespace. */
  public WorkflowClient client() {
    return client(DEFAULT_NAMESPACE);
  }

  public WorkflowClient client(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    return WorkflowClient.newInstance(service(), WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }

  private <T> T started(Supplier<T> value) {
    T v = value.get();
    if (v == null) {
      throw new IllegalStateException("the test server is not running; register AevumTestServer on a static field");
    }
    return v;
  }
}
