package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.persistence.testing.TestDatabases;
import dev.aevum.server.app.AevumServer;
import dev.aevum.server.history.HistorySettings;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An outbox task that can never succeed (here: the database rejects the child run it writes, by a
 * trigger) is retried a bounded number of times, counted, and then abandoned with its run
 * terminated and the cause as the reason, instead of failing silently every second forever.
 * PostgreSQL only: the fault is a real database error.
 */
@Timeout(120)
class OutboxFailuresTest {

  @WorkflowInterface
  public interface Parent {
    @WorkflowMethod
    String run();
  }

  @WorkflowInterface
  public interface Child {
    @WorkflowMethod
    String run();
  }

  public static class ParentImpl implements Parent {
    @Override
    public String run() {
      return Workflow.newChildWorkflowStub(
              Child.class,
              ChildWorkflowOptions.newBuilder()
                  .setWorkflowId("poison-" + Workflow.getInfo().getWorkflowId())
                  .build())
          .run();
    }
  }

  public static class ChildImpl implements Child {
    @Override
    public String run() {
      return "child";
    }
  }

  @Test
  void aTaskThatKeepsFailingForGoodTerminatesItsRunWithTheCause() throws Exception {
    DatabaseConfig database = TestDatabases.freshPostgres("outbox_failures");
    HistorySettings settings =
        HistorySettings.defaults()
            .withNumHistoryShards(2)
            .withOutboxRetry(
                new HistorySettings.OutboxRetry(
                    Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofMillis(100), 4));
    try (AevumServer server =
        AevumServer.builder()
            .database(database)
            .migrateOnStart(true)
            .port(0)
            .numHistoryShards(2)
            .namespaces(List.of(TestCluster.NAMESPACE))
            .historySettings(settings)
            .metricsPort(0)
            .build()) {
      server.start();
      rejectPoisonRuns(database);
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(server.target()).build());
      try {
        WorkflowClient client =
            WorkflowClient.newInstance(
                stubs,
                WorkflowClientOptions.newBuilder().setNamespace(TestCluster.NAMESPACE).build());
        WorkerFactory factory = WorkerFactory.newInstance(client);
        String taskQueue = "outbox-failures";
        factory
            .newWorker(taskQueue)
            .registerWorkflowImplementationTypes(ParentImpl.class, ChildImpl.class);
        factory.start();

        String id = "parent-" + System.nanoTime();
        Parent parent =
            client.newWorkflowStub(
                Parent.class,
                WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(id).build());
        WorkflowClient.start(parent::run);

        ServerTest.eventually(
            Duration.ofSeconds(60),
            () ->
                lastEvent(client, id).getEventType()
                    == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
        String reason =
            lastEvent(client, id).getWorkflowExecutionTerminatedEventAttributes().getReason();
        assertThat(reason)
            .contains("start_child task after 4 attempts")
            .contains("no poison runs here");

        String metrics =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://127.0.0.1:" + server.metricsPort().getAsInt() + "/metrics"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics)
            .containsPattern(
                "aevum_outbox_task_failures_total\\{category=\"transfer\",kind=\"start_child\",permanent=\"true\"} 4\\.0");
        assertThat(metrics)
            .containsPattern(
                "aevum_outbox_tasks_dropped_total\\{category=\"transfer\",kind=\"start_child\"} 1\\.0");
        factory.shutdownNow();
      } finally {
        stubs.shutdownNow();
      }
    }
  }

  private static HistoryEvent lastEvent(WorkflowClient client, String id) {
    List<HistoryEvent> events = client.fetchHistory(id).getEvents();
    return events.get(events.size() - 1);
  }

  /** A real, permanent database error for any run whose workflow id starts with "poison-". */
  private static void rejectPoisonRuns(DatabaseConfig database) throws Exception {
    try (Connection c =
            DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE FUNCTION reject_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
              + " IF NEW.workflow_id LIKE 'poison-%' THEN RAISE EXCEPTION 'no poison runs here'; END IF;"
              + " RETURN NEW; END $$");
      s.execute(
          "CREATE TRIGGER reject_poison BEFORE INSERT ON executions FOR EACH ROW EXECUTE FUNCTION reject_poison()");
    }
  }
}
