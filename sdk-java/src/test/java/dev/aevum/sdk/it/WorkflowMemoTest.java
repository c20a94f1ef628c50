package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.WorkflowOptions;
import dev.aevum.sdk.worker.WorkflowReplayer;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WorkflowMemoTest {
  @WorkflowInterface
  public interface Inspecting {
    @WorkflowMethod
    String run();
  }

  public static final class InspectingImpl implements Inspecting {
    @Override
    public String run() {
      String owner = Workflow.getMemo("owner", String.class).orElse("none");
      String missing = Workflow.getMemo("missing", String.class).orElse("absent");
      Object before = Workflow.getSearchAttributes().get("CustomKeywordField");
      Workflow.upsertSearchAttributes(Map.of("CustomKeywordField", "upserted"));
      Map<String, Object> after = Workflow.getSearchAttributes();
      return owner
          + "|"
          + missing
          + "|"
          + before
          + "|"
          + after.get("CustomKeywordField")
          + "|"
          + after.get("CustomBoolField");
    }
  }

  @Test
  void workflowCodeReadsStartMemoAndSearchAttributesIncludingUpserts() {
    try (TestServerHarness harness = new TestServerHarness()) {
      harness.worker.registerWorkflowImplementationTypes(InspectingImpl.class);
      harness.factory.start();
      WorkflowOptions options =
          WorkflowOptions.newBuilder()
              .taskQueue(harness.taskQueue)
              .workflowId("memo-" + UUID.randomUUID())
              .executionTimeout(Duration.ofSeconds(60))
              .memo("owner", "alice")
              .searchAttribute("CustomKeywordField", "start")
              .searchAttribute("CustomBoolField", true)
              .build();
      WorkflowHandle handle = harness.client.start(Inspecting.class, options, Inspecting::run);

      assertThat(handle.getResult(String.class)).isEqualTo("alice|absent|start|upserted|true");
      assertThatCode(() -> WorkflowReplayer.replay(handle.fetchHistory(), InspectingImpl.class))
          .doesNotThrowAnyException();
    }
  }
}
