package dev.aevum.sdk.samples;

import dev.aevum.sdk.ClientOptions;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.worker.WorkerOptions;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Non-deterministic values in workflow code. {@code Workflow.sideEffect} draws a raffle ticket once
 * and records it; {@code Workflow.mutableSideEffect} reads a changing limit each round and records
 * it only when it changed. The worker keeps no cache, so every workflow task replays the code from
 * the start, and the recorded values are read back instead of drawn again.
 */
public final class SideEffectSample {
  static final AtomicInteger TICKET_DRAWS = new AtomicInteger();

  /** Stands in for a configuration service whose answer changes between reads. */
  static final class LimitService {
    private static final int[] ANSWERS = {10, 10, 20};
    private static final AtomicInteger READS = new AtomicInteger();

    static int read() {
      return ANSWERS[Math.min(READS.getAndIncrement(), ANSWERS.length - 1)];
    }
  }

  @WorkflowInterface
  public interface Raffle {
    @WorkflowMethod
    List<Integer> run();
  }

  public static final class RaffleImpl implements Raffle {
    @Override
    public List<Integer> run() {
      String ticket =
          Workflow.sideEffect(
              String.class,
              () -> {
                TICKET_DRAWS.incrementAndGet();
                return "T-" + ThreadLocalRandom.current().nextInt(1000);
              });
      Workflow.getLogger(RaffleImpl.class).log(System.Logger.Level.INFO, "ticket " + ticket);
      List<Integer> limits = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        limits.add(
            Workflow.mutableSideEffect(
                "limit", Integer.class, (old, fresh) -> !old.equals(fresh), LimitService::read));
        Workflow.sleep(
            Duration.ofMillis(50)); // ends the workflow task; the next one replays from the start
      }
      return limits;
    }
  }

  /** Runs the sample against the server at {@code target} and returns what it printed. */
  public static String run(String target) {
    TICKET_DRAWS.set(0);
    LimitService.READS.set(0);
    return SampleRunner.run(
        target,
        ClientOptions.defaults(),
        WorkerOptions.newBuilder().workflowCacheSize(0).build(),
        worker -> worker.registerWorkflowImplementationTypes(RaffleImpl.class),
        (client, options) -> {
          WorkflowHandle handle = client.start(Raffle.class, options, Raffle::run);
          List<?> limits = handle.getResult(List.class);
          List<HistoryEvent> events = handle.fetchHistory().getEventsList();
          return "ticket drawn "
              + TICKET_DRAWS.get()
              + " time in "
              + count(events, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
              + " workflow tasks; limits "
              + limits
              + " read "
              + LimitService.READS.get()
              + " times, recorded in "
              + markers(events, "MutableSideEffect")
              + " markers";
        });
  }

  private static long count(List<HistoryEvent> events, EventType type) {
    return events.stream().filter(e -> e.getEventType() == type).count();
  }

  private static long markers(List<HistoryEvent> events, String name) {
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
        .filter(e -> e.getMarkerRecordedEventAttributes().getMarkerName().equals(name))
        .count();
  }

  public static void main(String[] args) {
    System.out.println(run(SampleRunner.target(args)));
  }
}
