package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.sdk.AevumServiceException;
import dev.aevum.sdk.WorkflowDescription;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.WorkflowOptions;
import dev.aevum.sdk.WorkflowStatus;
import dev.aevum.sdk.workflow.SignalMethod;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.grpc.Status;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Listing and counting by visibility query. Temporal's in-memory test server has no visibility
 * store (it answers UNIMPLEMENTED), so this runs where the server lists: on Aevum.
 */
class ListExecutionsTest {
  @WorkflowInterface
  public interface Parcel {
    @WorkflowMethod
    String deliver(boolean wait);

    @SignalMethod
    void release();
  }

  public static final class ParcelImpl implements Parcel {
    private boolean released;

    @Override
    public String deliver(boolean wait) {
      if (wait) {
        Workflow.await(() -> released);
      }
      Workflow.upsertSearchAttributes(Map.of("CustomKeywordField", "delivered"));
      return "delivered";
    }

    @Override
    public void release() {
      released = true;
    }
  }

  private static void assumeVisibility(TestServerHarness harness) {
    try {
      harness.client.countExecutions("");
    } catch (AevumServiceException e) {
      Assumptions.assumeFalse(
          e.status().getCode() == Status.Code.UNIMPLEMENTED,
          "the server under test has no visibility store");
      throw e;
    }
  }

  @Test
  void listsCountsAndGroupsRunsByQuery() {
    try (TestServerHarness harness = new TestServerHarness()) {
      assumeVisibility(harness);
      harness.worker.registerWorkflowImplementationTypes(ParcelImpl.class);
      harness.factory.start();
      OffsetDateTime due = OffsetDateTime.of(2030, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
      WorkflowHandle waiting =
          start(harness, true, Map.of("CustomIntField", 7, "CustomDatetimeField", due));
      WorkflowHandle done1 = start(harness, false, Map.of("CustomIntField", 3));
      WorkflowHandle done2 = start(harness, false, Map.of());
      assertThat(done1.getResult(String.class)).isEqualTo("delivered");
      assertThat(done2.getResult(String.class)).isEqualTo("delivered");
      String scope = "TaskQueue = '" + harness.taskQueue + "'";

      List<WorkflowDescription> all =
          harness.client.listExecutions(scope).collect(Collectors.toList());
      assertThat(all)
          .extracting(WorkflowDescription::workflowId)
          .containsExactlyInAnyOrder(waiting.workflowId(), done1.workflowId(), done2.workflowId());
      assertThat(all).extracting(WorkflowDescription::workflowType).containsOnly("Parcel");

      assertThat(harness.client.countExecutions(scope + " AND ExecutionStatus = 'Running'"))
          .isEqualTo(1);
      assertThat(harness.client.countExecutions(scope + " AND CustomKeywordField = 'delivered'"))
          .isEqualTo(2);
      assertThat(harness.client.countExecutions(scope + " AND CustomIntField >= 3")).isEqualTo(2);
      assertThat(
              harness.client.countExecutions(
                  scope + " AND CustomDatetimeField > '2029-12-31T00:00:00Z'"))
          .isEqualTo(1);
      assertThat(harness.client.countExecutionsByStatus(scope))
          .isEqualTo(
              Map.of(
                  WorkflowStatus.RUNNING, 1L,
                  WorkflowStatus.COMPLETED, 2L));

      WorkflowDescription running =
          harness
              .client
              .listExecutions(scope + " AND ExecutionStatus = 'Running'")
              .findFirst()
              .orElseThrow();
      assertThat(running.workflowId()).isEqualTo(waiting.workflowId());
      assertThat(running.closeTime()).isEmpty();
      assertThat(running.searchAttributes()).containsEntry("CustomDatetimeField", due);

      waiting.signal("release");
      assertThat(waiting.getResult(String.class)).isEqualTo("delivered");
      assertThat(harness.client.countExecutions(scope + " AND ExecutionStatus = 'Completed'"))
          .isEqualTo(3);
    }
  }

  @Test
  void aBadQueryFailsWithTheServersExplanation() {
    try (TestServerHarness harness = new TestServerHarness()) {
      assumeVisibility(harness);
      assertThatThrownBy(() -> harness.client.listExecutions("WorkflowType = ").findFirst())
          .isInstanceOfSatisfying(
              AevumServiceException.class,
              e -> assertThat(e.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
          .hasMessageContaining("invalid query");
    }
  }

  private static WorkflowHandle start(
      TestServerHarness harness, boolean wait, Map<String, Object> attributes) {
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder()
            .taskQueue(harness.taskQueue)
            .workflowId("parcel-" + UUID.randomUUID())
            .executionTimeout(Duration.ofSeconds(60));
    attributes.forEach(options::searchAttribute);
    return harness.client.start(Parcel.class, options.build(), p -> p.deliver(wait));
  }
}
