package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.aevum.sdk.RetryOptions;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.WorkflowOptions;
import dev.aevum.sdk.activity.Activity;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.LocalActivityOptions;
import dev.aevum.sdk.worker.WorkerOptions;
import dev.aevum.sdk.worker.WorkflowReplayer;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Local activities that outlast the workflow task timeout (2 s here): the worker heartbeats the
 * task (completes it, asking for a new one at once) while they run, and records their markers in a
 * later task. With and without the workflow cache, since the next task then comes with partial or
 * full history.
 */
class LocalActivityHeartbeatTest {
  static final AtomicInteger SLOW_RUNS = new AtomicInteger();
  static final AtomicInteger FLAKY_ATTEMPTS = new AtomicInteger();

  @ActivityInterface
  public interface Slow {
    /** Takes 5 s, well past the 2 s workflow task timeout. */
    String slow(String word);

    /**
     * Each attempt takes 1 s; the first two fail, so with the backoff the retries take about 5 s.
     */
    int flaky();
  }

  public static final class SlowImpl implements Slow {
    @Override
    public String slow(String word) {
      SLOW_RUNS.incrementAndGet();
      pause(Duration.ofSeconds(5));
      return word.toUpperCase();
    }

    @Override
    public int flaky() {
      pause(Duration.ofSeconds(1));
      if (FLAKY_ATTEMPTS.incrementAndGet() < 3) {
        throw new IllegalStateException("not yet");
      }
      return Activity.getExecutionContext().info().attempt();
    }

    private static void pause(Duration duration) {
      try {
        Thread.sleep(duration.toMillis()); // the work itself: the activity is meant to be slow
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @WorkflowInterface
  public interface LongLocal {
    @WorkflowMethod
    String run();
  }

  public static final class LongLocalImpl implements LongLocal {
    @Override
    public String run() {
      Slow slow =
          Workflow.newLocalActivityStub(
              Slow.class,
              LocalActivityOptions.newBuilder()
                  .startToCloseTimeout(Duration.ofSeconds(10))
                  .scheduleToCloseTimeout(Duration.ofSeconds(30))
                  .retryOptions(
                      RetryOptions.newBuilder()
                          .initialInterval(Duration.ofSeconds(1))
                          .backoffCoefficient(1)
                          .maximumAttempts(5)
                          .build())
                  .build());
      String word = slow.slow("late");
      int attempts = slow.flaky();
      return word + "," + attempts;
    }
  }

  @ParameterizedTest(name = "workflow cache size {0}")
  @ValueSource(ints = {0, 10})
  void localActivitiesLongerThanTheWorkflowTaskCompleteThroughTaskHeartbeats(int cacheSize) {
    SLOW_RUNS.set(0);
    FLAKY_ATTEMPTS.set(0);
    try (TestServerHarness harness =
        new TestServerHarness(WorkerOptions.newBuilder().workflowCacheSize(cacheSize).build())) {
      harness.worker.registerWorkflowImplementationTypes(LongLocalImpl.class);
      harness.worker.registerActivitiesImplementations(new SlowImpl());
      harness.factory.start();
      WorkflowOptions options =
          WorkflowOptions.newBuilder()
              .taskQueue(harness.taskQueue)
              .workflowId("long-local-" + UUID.randomUUID())
              .executionTimeout(Duration.ofSeconds(60))
              .taskTimeout(Duration.ofSeconds(2))
              .build();

      WorkflowHandle handle = harness.client.start(LongLocal.class, options, LongLocal::run);

      assertThat(handle.getResult(String.class)).isEqualTo("LATE,3");
      assertThat(SLOW_RUNS.get())
          .isEqualTo(1); // kept running across the heartbeats, never started again
      assertThat(FLAKY_ATTEMPTS.get()).isEqualTo(3);
      List<HistoryEvent> events = handle.fetchHistory().getEventsList();
      assertThat(events)
          .noneMatch(
              e ->
                  e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT
                      || e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
      List<Integer> markers = indexesOf(events, EventType.EVENT_TYPE_MARKER_RECORDED);
      assertThat(markers).hasSize(2);
      // Each activity outlasted at least one task: more than one completed task before its marker.
      assertThat(completedTasksBetween(events, 0, markers.get(0))).isGreaterThan(1);
      assertThat(completedTasksBetween(events, markers.get(0), markers.get(1))).isGreaterThan(1);
      assertThatCode(() -> WorkflowReplayer.replay(handle.fetchHistory(), LongLocalImpl.class))
          .doesNotThrowAnyException();
    }
  }

  private static List<Integer> indexesOf(List<HistoryEvent> events, EventType type) {
    return IntStream.range(0, events.size())
        .filter(i -> events.get(i).getEventType() == type)
        .boxed()
        .toList();
  }

  private static long completedTasksBetween(List<HistoryEvent> events, int from, int to) {
    return events.subList(from, to).stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
        .count();
  }
}
