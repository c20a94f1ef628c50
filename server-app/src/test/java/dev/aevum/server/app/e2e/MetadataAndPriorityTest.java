package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.Priority;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * User metadata (summaries and details) lands on the events of starts, activities, timers and
 * children and in describe; priority is inherited field by field by activities and children that
 * set none, through the official SDK.
 */
class MetadataAndPriorityTest extends ServerTest {
  @ActivityInterface
  public interface Probe {
    String priority();
  }

  public static class ProbeImpl implements Probe {
    @Override
    public String priority() {
      return show(Activity.getExecutionContext().getInfo().getPriority());
    }
  }

  @WorkflowInterface
  public interface Parent {
    @WorkflowMethod
    List<String> run();
  }

  @WorkflowInterface
  public interface Child {
    @WorkflowMethod
    String run();
  }

  public static class ChildImpl implements Child {
    @Override
    public String run() {
      Workflow.newTimer(Duration.ofMillis(1), TimerOptions.newBuilder().setSummary("nap").build())
          .get();
      return show(Workflow.getInfo().getPriority());
    }
  }

  public static class ParentImpl implements Parent {
    @Override
    public List<String> run() {
      ActivityOptions base =
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setDisableEagerExecution(true)
              .build();
      String inherited = Workflow.newActivityStub(Probe.class, base).priority();
      String own =
          Workflow.newActivityStub(
                  Probe.class,
                  ActivityOptions.newBuilder(base)
                      .setSummary("probe with its own key")
                      .setPriority(Priority.newBuilder().setPriorityKey(2).build())
                      .build())
              .priority();
      String child =
          Workflow.newChildWorkflowStub(
                  Child.class,
                  ChildWorkflowOptions.newBuilder().setStaticSummary("the child").build())
              .run();
      return List.of(inherited, own, child);
    }
  }

  static String show(Priority p) {
    return p.getPriorityKey() + "/" + p.getFairnessKey() + "/" + p.getFairnessWeight();
  }

  private static String text(Payload payload) {
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, String.class, String.class);
  }

  @Test
  void summariesLandOnTheirEventsAndPriorityIsInheritedFieldByField() {
    String queue = unique("metadata");
    var worker = worker(queue);
    worker.registerWorkflowImplementationTypes(ParentImpl.class, ChildImpl.class);
    worker.registerActivitiesImplementations(new ProbeImpl());
    startWorkers();
    Parent parent =
        client.newWorkflowStub(
            Parent.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(queue)
                .setStaticSummary("the parent")
                .setStaticDetails("details of the parent")
                .setPriority(
                    Priority.newBuilder()
                        .setPriorityKey(5)
                        .setFairnessKey("tenant-1")
                        .setFairnessWeight(2.5f)
                        .build())
                .build());

    List<String> seen = parent.run();

    assertThat(seen).containsExactly("5/tenant-1/2.5", "2/tenant-1/2.5", "5/tenant-1/2.5");
    WorkflowStub stub = WorkflowStub.fromTyped(parent);
    String workflowId = stub.getExecution().getWorkflowId();
    var description = stub.describe();
    assertThat(description.getStaticSummary()).isEqualTo("the parent");
    assertThat(description.getStaticDetails()).isEqualTo("details of the parent");
    List<HistoryEvent> events = client.fetchHistory(workflowId).getEvents();
    assertThat(text(events.get(0).getUserMetadata().getSummary())).isEqualTo("the parent");
    List<HistoryEvent> scheduled =
        events.stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .toList();
    assertThat(scheduled.get(0).hasUserMetadata()).isFalse();
    assertThat(text(scheduled.get(1).getUserMetadata().getSummary()))
        .isEqualTo("probe with its own key");
    String childId =
        events.stream()
            .filter(e -> e.hasStartChildWorkflowExecutionInitiatedEventAttributes())
            .findFirst()
            .orElseThrow()
            .getStartChildWorkflowExecutionInitiatedEventAttributes()
            .getWorkflowId();
    List<HistoryEvent> childEvents = client.fetchHistory(childId).getEvents();
    assertThat(text(childEvents.get(0).getUserMetadata().getSummary())).isEqualTo("the child");
    assertThat(
            childEvents.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED)
                .map(e -> text(e.getUserMetadata().getSummary())))
        .containsExactly("nap");
  }
}
