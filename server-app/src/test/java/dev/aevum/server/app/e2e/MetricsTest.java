package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.persistence.testing.TestDatabases;
import dev.aevum.server.app.AevumServer;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Prometheus endpoint: RPCs by method and status, workflow starts and closes, commits, JVM. */
@Timeout(60)
class MetricsTest {

  @WorkflowInterface
  public interface Quick {
    @WorkflowMethod
    String run();
  }

  public static class QuickImpl implements Quick {
    @Override
    public String run() {
      return "done";
    }
  }

  @Test
  void theMetricsEndpointReportsCallsWorkflowsCommitsAndTheJvm() throws Exception {
    AevumServer server =
        AevumServer.builder()
            .database(TestDatabases.sqliteInMemory())
            .migrateOnStart(true)
            .port(0)
            .metricsPort(0)
            .numHistoryShards(1)
            .namespaces(List.of("default"))
            .build();
    server.start();
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(server.target()).build());
    WorkerFactory factory = WorkerFactory.newInstance(WorkflowClient.newInstance(stubs));
    try {
      factory.newWorker("metrics").registerWorkflowImplementationTypes(QuickImpl.class);
      factory.start();
      Quick quick =
          WorkflowClient.newInstance(stubs)
              .newWorkflowStub(
                  Quick.class,
                  WorkflowOptions.newBuilder()
                      .setTaskQueue("metrics")
                      .setWorkflowId("metrics-wf")
                      .build());
      assertThat(quick.run()).isEqualTo("done");
      assertThatThrownBy(
              () ->
                  stubs
                      .blockingStub()
                      .describeNamespace(
                          DescribeNamespaceRequest.newBuilder().setNamespace("missing").build()))
          .isInstanceOf(StatusRuntimeException.class);

      String url = "http://127.0.0.1:" + server.metricsPort().orElseThrow() + "/metrics";
      String body = get(url).body();

      assertThat(
              value(
                  body,
                  "aevum_rpc_requests_seconds_count",
                  "method=\"StartWorkflowExecution\"",
                  "status=\"OK\""))
          .isGreaterThanOrEqualTo(1);
      assertThat(
              value(
                  body,
                  "aevum_rpc_requests_seconds_count",
                  "method=\"DescribeNamespace\"",
                  "status=\"NOT_FOUND\""))
          .isEqualTo(1);
      assertThat(value(body, "aevum_workflows_started_total", "namespace=\"default\""))
          .isEqualTo(1);
      assertThat(
              value(
                  body,
                  "aevum_workflows_closed_total",
                  "namespace=\"default\"",
                  "status=\"completed\""))
          .isEqualTo(1);
      assertThat(value(body, "aevum_persistence_commit_batch_size_sum")).isGreaterThanOrEqualTo(3);
      // Database work by store operation: the workflow's transitions were written, each write
      // transaction sent statements.
      double writes =
          value(
              body,
              "aevum_persistence_transactions_total",
              "kind=\"write\"",
              "operation=\"runs_write\"");
      assertThat(writes).isGreaterThanOrEqualTo(1);
      assertThat(value(body, "aevum_persistence_statements_total", "operation=\"runs_write\""))
          .isGreaterThan(writes);
      assertThat(body).contains("jvm_memory_used_bytes");

      HttpResponse<String> post =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url))
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
    } finally {
      factory.shutdownNow();
      stubs.shutdownNow();
      server.close();
    }
  }

  @Test
  void metricsAreNotServedUnlessAsked() {
    AevumServer server =
        AevumServer.builder()
            .database(TestDatabases.sqliteInMemory())
            .migrateOnStart(true)
            .port(0)
            .numHistoryShards(1)
            .build();
    server.start();
    try {
      assertThat(server.metricsPort()).isEmpty();
    } finally {
      server.close();
    }
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    return response;
  }

  /** The value of the sample of {@code metric} whose labels contain all of {@code labels}. */
  private static double value(String body, String metric, String... labels) {
    Pattern line =
        Pattern.compile(
            "^" + Pattern.quote(metric) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$", Pattern.MULTILINE);
    Matcher m = line.matcher(body);
    while (m.find()) {
      String labelText = m.group(1) == null ? "" : m.group(1);
      boolean all = true;
      for (String label : labels) {
        all &= labelText.contains(label);
      }
      if (all) {
        return Double.parseDouble(m.group(2));
      }
    }
    throw new AssertionError(
        "no sample of " + metric + " with " + String.join(", ", labels) + " in:\n" + body);
  }
}
