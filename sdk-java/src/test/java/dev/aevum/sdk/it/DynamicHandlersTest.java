package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.WorkflowUpdateException;
import dev.aevum.sdk.activity.Activity;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.activity.DynamicActivity;
import dev.aevum.sdk.converter.EncodedValues;
import dev.aevum.sdk.workflow.DynamicUpdateHandler;
import dev.aevum.sdk.workflow.DynamicWorkflow;
import dev.aevum.sdk.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DynamicHandlersTest {
  /** Implemented by no registered class: the dynamic activity serves it. */
  @ActivityInterface
  public interface Unregistered {
    String shout(String text);
  }

  public static final class AnyActivity implements DynamicActivity {
    @Override
    public Object execute(EncodedValues args) {
      return Activity.getExecutionContext().info().activityType() + ":" + args.get(0, String.class);
    }
  }

  public static final class AnyWorkflow implements DynamicWorkflow {
    @Override
    public Object execute(EncodedValues args) {
      List<String> signals = new ArrayList<>();
      Workflow.registerDynamicSignalHandler(
          (name, values) -> signals.add(name + "=" + values.get(0, String.class)));
      Workflow.registerDynamicQueryHandler((name, values) -> "q:" + name + ":" + signals.size());
      Workflow.registerDynamicUpdateHandler(
          new DynamicUpdateHandler() {
            @Override
            public void validate(String name, EncodedValues values) {
              if (values.get(0, String.class).equals("bad")) {
                throw new IllegalArgumentException("bad argument");
              }
            }

            @Override
            public Object handle(String name, EncodedValues values) {
              return "u:" + name + ":" + values.get(0, String.class);
            }
          });
      Workflow.await(() -> !signals.isEmpty());
      String activity =
          Workflow.newActivityStub(
                  Unregistered.class,
                  ActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(10)).build())
              .shout(args.get(0, String.class));
      return Workflow.getInfo().workflowType() + ":" + signals.get(0) + ":" + activity;
    }
  }

  @Test
  void dynamicWorkflowSignalHandlerAndActivityServeUnregisteredNames() {
    try (TestServerHarness harness = new TestServerHarness()) {
      harness.worker.registerWorkflowImplementationTypes(AnyWorkflow.class);
      harness.worker.registerActivitiesImplementations(new AnyActivity());
      harness.factory.start();

      WorkflowHandle handle = harness.client.start("Whatever", harness.options(), "hi");
      assertThat(handle.update("anyUpdate", String.class, "x")).isEqualTo("u:anyUpdate:x");
      assertThatThrownBy(() -> handle.update("anyUpdate", String.class, "bad"))
          .isInstanceOf(WorkflowUpdateException.class)
          .hasMessageContaining("bad argument");
      assertThat(handle.query("anyQuery", String.class)).isEqualTo("q:anyQuery:0");
      handle.signal("poke", "p1");

      assertThat(handle.getResult(String.class)).isEqualTo("Whatever:poke=p1:Shout:hi");
    }
  }
}
