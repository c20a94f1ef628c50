package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.WorkflowOptions;
import dev.aevum.sdk.worker.WorkflowReplayer;
import dev.aevum.sdk.workflow.SignalMethod;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SearchAttributesTest {
  @WorkflowInterface
  public interface Tagged {
    @WorkflowMethod
    String run();

    @SignalMethod
    void finish();
  }

  public static final class TaggedImpl implements Tagged {
    private boolean finished;

    @Override
    public String run() {
      Workflow.upsertSearchAttributes(
          Map.of("CustomKeywordField", "upserted", "CustomIntField", 42));
      Workflow.await(() -> finished);
      return "done";
    }

    @Override
    public void finish() {
      finished = true;
    }
  }

  @Test
  void startAndUpsertedSearchAttributesAreVisible() {
    try (TestServerHarness harness = new TestServerHarness()) {
      harness.worker.registerWorkflowImplementationTypes(TaggedImpl.class);
      harness.factory.start();
      WorkflowOptions options =
          WorkflowOptions.newBuilder()
              .taskQueue(harness.taskQueue)
              .workflowId("tagged-" + UUID.randomUUID())
              .executionTimeout(Duration.ofSeconds(60))
              .searchAttribute("CustomKeywordField", "start")
              .searchAttribute("CustomBoolField", true)
              .build();
      WorkflowHandle handle = harness.client.start(Tagged.class, options, Tagged::run);

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      Map<String, Object> attributes = handle.describe().searchAttributes();
      while (!attributes.containsKey("CustomIntField") && System.nanoTime() < deadline) {
        Thread.onSpinWait();
        attributes = handle.describe().searchAttributes();
      }

      assertThat(attributes)
          .containsEntry("CustomKeywordField", "upserted")
          .containsEntry("CustomIntField", 42)
          .containsEntry("CustomBoolField", true);
      handle.signal(Tagged.class, Tagged::finish);
      assertThat(handle.getResult(String.class)).isEqualTo("done");
      assertThatCode(() -> WorkflowReplayer.replay(handle.fetchHistory(), TaggedImpl.class))
          .doesNotThrowAnyException();
    }
  }
}
