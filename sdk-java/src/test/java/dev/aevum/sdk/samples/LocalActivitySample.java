package dev.aevum.sdk.samples;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.activity.LocalActivityOptions;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.List;

/**
 * A local activity for a short step: the worker runs it inside the workflow task and records its
 * result as a marker, with no round trip through the server's task queue. The slow step stays a
 * normal activity, which the server schedules, retries and times out on its own.
 */
public final class LocalActivitySample {
  @ActivityInterface
  public interface Addresses {
    String normalize(String raw);
  }

  public static final class AddressesImpl implements Addresses {
    @Override
    public String normalize(String raw) {
      return raw.strip().replaceAll("\\s+", " ").toUpperCase();
    }
  }

  @ActivityInterface
  public interface Shipping {
    String printLabel(String address);
  }

  public static final class ShippingImpl implements Shipping {
    @Override
    public String printLabel(String address) {
      return "label for " + address;
    }
  }

  @WorkflowInterface
  public interface Dispatch {
    @WorkflowMethod
    String dispatch(String address);
  }

  public static final class DispatchImpl implements Dispatch {
    private final Addresses addresses =
        Workflow.newLocalActivityStub(
            Addresses.class,
            LocalActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(2)).build());
    private final Shipping shipping =
        Workflow.newActivityStub(
            Shipping.class,
            ActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(30)).build());

    @Override
    public String dispatch(String address) {
      return shipping.printLabel(addresses.normalize(address));
    }
  }

  /** Runs the sample against the server at {@code target} and returns what it printed. */
  public static String run(String target) {
    return SampleRunner.run(
        target,
        worker ->
            worker
                .registerWorkflowImplementationTypes(DispatchImpl.class)
                .registerActivitiesImplementations(new AddressesImpl(), new ShippingImpl()),
        (client, options) -> {
          WorkflowHandle handle =
              client.start(Dispatch.class, options, d -> d.dispatch("  12 main   st "));
          String label = handle.getResult(String.class);
          List<HistoryEvent> events = handle.fetchHistory().getEventsList();
          long localMarkers =
              events.stream()
                  .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
                  .filter(
                      e ->
                          e.getMarkerRecordedEventAttributes()
                              .getMarkerName()
                              .equals("LocalActivity"))
                  .count();
          long scheduled =
              events.stream()
                  .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                  .count();
          return label
              + "; history: "
              + localMarkers
              + " local activity marker, "
              + scheduled
              + " scheduled activity";
        });
  }

  public static void main(String[] args) {
    System.out.println(run(SampleRunner.target(args)));
  }
}
