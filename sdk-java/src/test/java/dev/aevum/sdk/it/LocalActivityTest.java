package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.aevum.sdk.RetryOptions;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.activity.Activity;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.LocalActivityOptions;
import dev.aevum.sdk.failure.ActivityFailure;
import dev.aevum.sdk.failure.ApplicationFailure;
import dev.aevum.sdk.worker.WorkerOptions;
import dev.aevum.sdk.worker.WorkflowReplayer;
import dev.aevum.sdk.workflow.Async;
import dev.aevum.sdk.workflow.Promise;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalActivityTest {
  static final AtomicInteger SHOUTS = new AtomicInteger();
  static final AtomicInteger FLAKY_CALLS = new AtomicInteger();

  @ActivityInterface
  public interface Quick {
    String shout(String word);

    /** Fails its first two attempts. */
    int flaky();

    void refuse();
  }

  public static final class QuickImpl implements Quick {
    @Override
    public String shout(String word) {
      SHOUTS.incrementAndGet();
      return word.toUpperCase();
    }

    @Override
    public int flaky() {
      if (FLAKY_CALLS.incrementAndGet() < 3) {
        throw new IllegalStateException("not yet");
      }
      return Activity.getExecutionContext().info().attempt();
    }

    @Override
    public void refuse() {
      throw ApplicationFailure.newNonRetryableFailure("never", "Refused");
    }
  }

  @WorkflowInterface
  public interface Flow {
    @WorkflowMethod
    String run();
  }

  public static final class FlowImpl implements Flow {
    @Override
    public String run() {
      Quick quick =
          Workflow.newLocalActivityStub(
              Quick.class,
              LocalActivityOptions.newBuilder()
                  .startToCloseTimeout(Duration.ofSeconds(2))
                  .retryOptions(
                      RetryOptions.newBuilder()
                          .initialInterval(Duration.ofMillis(10))
                          .maximumAttempts(5)
                          .build())
                  .build());
      String a = quick.shout("a");
      Workflow.sleep(
          Duration.ofMillis(10)); // a new workflow task: the first marker is replayed, not re-run
      Promise<String> b = Async.function(quick::shout, "b");
      Promise<String> c = Async.function(quick::shout, "c");
      int attempts = quick.flaky();
      String refused;
      try {
        quick.refuse();
        refused = "not refused";
      } catch (ActivityFailure e) {
        refused = ((ApplicationFailure) e.getCause()).type();
      }
      Workflow.sleep(Duration.ofMillis(10));
      return a + b.get() + c.get() + "," + attempts + "," + refused;
    }
  }

  private TestServerHarness harness;

  @BeforeEach
  void setUp() {
    SHOUTS.set(0);
    FLAKY_CALLS.set(0);
    harness = new TestServerHarness(WorkerOptions.newBuilder().workflowCacheSize(0).build());
    harness.worker.registerWorkflowImplementationTypes(FlowImpl.class);
    harness.worker.registerActivitiesImplementations(new QuickImpl());
    harness.factory.start();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void localActivitiesRunInTheWorkerAndAreRecordedAsMarkers() {
    WorkflowHandle handle = harness.client.start(Flow.class, harness.options(), Flow::run);

    assertThat(handle.getResult(String.class)).isEqualTo("ABC,3,Refused");
    assertThat(SHOUTS.get()).isEqualTo(3); // replays read markers instead of running again
    assertThat(FLAKY_CALLS.get()).isEqualTo(3);
    var events = handle.fetchHistory().getEventsList();
    assertThat(events)
        .noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    assertThat(events)
        .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
        .allMatch(e -> e.getMarkerRecordedEventAttributes().getMarkerName().equals("LocalActivity"))
        .hasSize(5);
    assertThatCode(() -> WorkflowReplayer.replay(handle.fetchHistory(), FlowImpl.class))
        .doesNotThrowAnyException();
    assertThat(SHOUTS.get()).isEqualTo(3);
  }
}
