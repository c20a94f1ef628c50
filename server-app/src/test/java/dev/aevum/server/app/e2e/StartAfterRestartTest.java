package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.persistence.testing.TestDatabases;
import dev.aevum.server.history.HistorySettings;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Starts of workflow ids that already have runs, on a server that has just started and so knows
 * none of them: a start of a new id does not read first (it guesses "no current run"), so these
 * check that a wrong guess still gets Temporal's answers.
 */
class StartAfterRestartTest {
  @TempDir static Path dir;

  static Stream<String> stores() {
    return Stream.of("sqlite-file", "postgres");
  }

  private static DatabaseConfig database(String store) {
    return store.equals("postgres")
        ? TestDatabases.freshPostgres("StartAfterRestartTest")
        : TestDatabases.sqliteFile(dir.resolve(UUID.randomUUID().toString()));
  }

  private static StartWorkflowExecutionRequest.Builder start(String workflowId) {
    return StartWorkflowExecutionRequest.newBuilder()
        .setNamespace(TestCluster.NAMESPACE)
        .setWorkflowId(workflowId)
        .setWorkflowType(WorkflowType.newBuilder().setName("NoWorker"))
        .setTaskQueue(TaskQueue.newBuilder().setName("nobody"))
        .setIdentity("test")
        .setRequestId(UUID.randomUUID().toString());
  }

  @ParameterizedTest
  @MethodSource("stores")
  void startsOfKnownIdsAfterARestartGetTemporalsAnswers(String store) {
    DatabaseConfig database = database(store);
    StartWorkflowExecutionRequest retried = start("retried").build();
    String running;
    String retriedRun;
    try (TestCluster first = TestCluster.start(database, HistorySettings.defaults())) {
      running = first.blocking().startWorkflowExecution(start("running").build()).getRunId();
      retriedRun = first.blocking().startWorkflowExecution(retried).getRunId();
      first.blocking().startWorkflowExecution(start("closed").build());
      first
          .blocking()
          .terminateWorkflowExecution(
              TerminateWorkflowExecutionRequest.newBuilder()
                  .setNamespace(TestCluster.NAMESPACE)
                  .setReason("test")
                  .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId("closed"))
                  .build());
    }
    try (TestCluster second = TestCluster.start(database, HistorySettings.defaults())) {
      assertThatThrownBy(() -> second.blocking().startWorkflowExecution(start("running").build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
                assertThat(e.getStatus().getDescription()).contains("RunId: " + running + ".");
              });
      var again = second.blocking().startWorkflowExecution(retried);
      assertThat(again.getRunId()).isEqualTo(retriedRun);
      assertThat(again.getStarted()).isTrue();
      assertThatThrownBy(
              () ->
                  second
                      .blocking()
                      .startWorkflowExecution(
                          start("closed")
                              .setWorkflowIdReusePolicy(
                                  WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                              .build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
      var reused = second.blocking().startWorkflowExecution(start("closed").build());
      assertThat(reused.getStarted()).isTrue();
      assertThat(second.blocking().startWorkflowExecution(start("fresh").build()).getStarted())
          .isTrue();
    }
  }
}
