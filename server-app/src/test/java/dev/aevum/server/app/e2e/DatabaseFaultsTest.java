package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.persistence.testing.TestDatabases;
import dev.aevum.server.app.AevumServer;
import dev.aevum.server.history.HistorySettings;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The database misbehaving under load, in the spirit of Temporal's functional fault tests: commits
 * whose answer is lost, a network outage longer than the pool's connection timeout, PostgreSQL
 * itself stopped and started. Each ends with every acknowledged workflow completing, without
 * restarting Aevum.
 */
@Timeout(240)
class DatabaseFaultsTest {
  private static final int WORKFLOWS = 24;

  /**
   * Short, so an outage of a few seconds outlasts it, as a long outage outlasts the default 30 s.
   */
  private static final Duration POOL_TIMEOUT = Duration.ofSeconds(2);

  private static final String HEALTH_NAME = WorkflowServiceGrpc.SERVICE_NAME;

  private final List<AutoCloseable> resources = new ArrayList<>();

  @ActivityInterface
  public interface Steps {
    String step(String value);
  }

  public static class StepsImpl implements Steps {
    @Override
    public String step(String value) {
      return value + "!";
    }
  }

  @WorkflowInterface
  public interface Chain {
    @WorkflowMethod
    String run(String value);
  }

  /** Several transitions of each kind: activity tasks, a durable timer, workflow tasks. */
  public static class ChainImpl implements Chain {
    @Override
    public String run(String value) {
      Steps steps =
          Workflow.newActivityStub(
              Steps.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());
      String first = steps.step(value);
      Workflow.sleep(Duration.ofMillis(200));
      return steps.step(first);
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  @Test
  void commitsWhoseAnswerIsLostStrandNothing() throws Exception {
    PostgresFaultProxy proxy = proxyToFreshDatabase("lost_commit");
    DatabaseConfig database = throughProxy(proxy);
    AevumServer server = start(database);
    Load load = Load.start(server.target(), resources);

    // The first start's commit is durable but unconfirmed: the server must find out and answer.
    proxy.loseCommitAnswers(1);
    List<String> ids = new ArrayList<>(load.startAll("first", 1));
    assertThat(proxy.commitAnswersLost()).isEqualTo(1);

    // Then, while the rest run, answers go missing every few dozen milliseconds.
    ids.addAll(load.startAll("load", WORKFLOWS));
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
    while (System.nanoTime() < until) {
      proxy.loseCommitAnswers(1);
      Thread.sleep(60); // pacing the fault injection, not waiting for an outcome
    }
    load.assertAllComplete(ids, Duration.ofSeconds(90));
    assertThat(proxy.commitAnswersLost()).isGreaterThan(5);
  }

  @Test
  void outageLongerThanThePoolTimeoutIsRiddenOut() throws Exception {
    PostgresFaultProxy proxy = proxyToFreshDatabase("outage");
    DatabaseConfig database = throughProxy(proxy);
    AevumServer server = start(database);
    Load load = Load.start(server.target(), resources);
    List<String> ids = load.startAll("before", WORKFLOWS);

    proxy.cut();
    Health health = health(server.target());
    ServerTest.eventually(
        Duration.ofSeconds(20), () -> health.status() == ServingStatus.NOT_SERVING);
    // Stay down past the pool's timeout, so callers do see failures, not just slow answers.
    Thread.sleep(POOL_TIMEOUT.toMillis() * 2); // the outage's length is the point of the test
    proxy.restore();
    ServerTest.eventually(Duration.ofSeconds(20), () -> health.status() == ServingStatus.SERVING);

    ids.addAll(load.startAll("after", WORKFLOWS / 2));
    load.assertAllComplete(ids, Duration.ofSeconds(90));
  }

  @Test
  void postgresStoppedAndStartedUnderLoad() throws Exception {
    PrivatePostgres postgres = PrivatePostgres.create();
    resources.add(postgres);
    AevumServer server =
        start(PrivatePostgres.config(postgres.jdbcUrl()).withConnectionTimeout(POOL_TIMEOUT));
    Load load = Load.start(server.target(), resources);
    List<String> ids = load.startAll("before", WORKFLOWS);

    postgres.crash();
    Health health = health(server.target());
    ServerTest.eventually(
        Duration.ofSeconds(20), () -> health.status() == ServingStatus.NOT_SERVING);
    Thread.sleep(POOL_TIMEOUT.toMillis() * 2); // down past the pool's timeout, on purpose
    postgres.start();
    ServerTest.eventually(Duration.ofSeconds(30), () -> health.status() == ServingStatus.SERVING);

    ids.addAll(load.startAll("after", WORKFLOWS / 2));
    load.assertAllComplete(ids, Duration.ofSeconds(120));
  }

  // ---------------------------------------------------------------------------------------------

  private DatabaseConfig direct;

  private DatabaseConfig throughProxy(PostgresFaultProxy proxy) {
    URI uri = URI.create(direct.jdbcUrl().substring("jdbc:".length()));
    return new DatabaseConfig(
        DatabaseConfig.Dialect.POSTGRESQL,
        proxy.jdbcUrl(uri.getPath().substring(1)),
        direct.user(),
        direct.password(),
        5,
        POOL_TIMEOUT);
  }

  private PostgresFaultProxy proxyToFreshDatabase(String label) throws Exception {
    direct = TestDatabases.freshPostgres("faults_" + label);
    URI uri = URI.create(direct.jdbcUrl().substring("jdbc:".length()));
    PostgresFaultProxy proxy =
        PostgresFaultProxy.to(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
    resources.add(proxy);
    return proxy;
  }

  private AevumServer start(DatabaseConfig database) {
    AevumServer server =
        AevumServer.builder()
            .database(database)
            .migrateOnStart(true)
            .port(0)
            .ip("127.0.0.1")
            .numHistoryShards(2)
            .namespaces(List.of(TestCluster.NAMESPACE))
            .historySettings(HistorySettings.defaults().withNumHistoryShards(2))
            .build();
    server.start();
    resources.add(server);
    return server;
  }

  private interface Health {
    ServingStatus status();
  }

  private Health health(String target) {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    resources.add(channel::shutdownNow);
    HealthGrpc.HealthBlockingStub stub = HealthGrpc.newBlockingStub(channel);
    return () ->
        stub.withDeadlineAfter(5, TimeUnit.SECONDS)
            .check(HealthCheckRequest.newBuilder().setService(HEALTH_NAME).build())
            .getStatus();
  }

  /** Workflows run by the official SDK's worker and client. */
  private static final class Load {
    private final WorkflowClient client;
    private final String taskQueue = "faults-" + System.nanoTime();

    private Load(WorkflowClient client) {
      this.client = client;
    }

    static Load start(String target, List<AutoCloseable> resources) {
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
      resources.add(stubs::shutdownNow);
      WorkflowClient client =
          WorkflowClient.newInstance(
              stubs,
              WorkflowClientOptions.newBuilder().setNamespace(TestCluster.NAMESPACE).build());
      Load load = new Load(client);
      WorkerFactory factory = WorkerFactory.newInstance(client);
      var worker = factory.newWorker(load.taskQueue);
      worker.registerWorkflowImplementationTypes(ChainImpl.class);
      worker.registerActivitiesImplementations(new StepsImpl());
      factory.start();
      resources.add(() -> factory.shutdownNow());
      return load;
    }

    /** Starts {@code n} workflows; each start returned, so each is acknowledged. */
    List<String> startAll(String prefix, int n) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String id = taskQueue + "-" + prefix + "-" + i;
        Chain chain =
            client.newWorkflowStub(
                Chain.class,
                WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(id).build());
        WorkflowClient.start(chain::run, id);
        ids.add(id);
      }
      return ids;
    }

    void assertAllComplete(List<String> ids, Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      for (String id : ids) {
        long left = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
        String result =
            client.newUntypedWorkflowStub(id).getResult(left, TimeUnit.SECONDS, String.class);
        assertThat(result).isEqualTo(id + "!!");
      }
    }
  }
}
