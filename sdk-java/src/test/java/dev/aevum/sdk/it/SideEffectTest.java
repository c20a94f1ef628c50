package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.worker.WorkerOptions;
import dev.aevum.sdk.worker.WorkflowReplayer;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SideEffectTest {
  static final AtomicInteger CALLS = new AtomicInteger();

  @WorkflowInterface
  public interface Ticket {
    @WorkflowMethod
    String issue();
  }

  public static final class TicketImpl implements Ticket {
    @Override
    public String issue() {
      // Deliberately non-deterministic: only the recorded value may be used after the first run.
      String id =
          Workflow.sideEffect(
              String.class,
              () -> {
                CALLS.incrementAndGet();
                return UUID.randomUUID().toString();
              });
      Workflow.sleep(Duration.ofMillis(20));
      String again = Workflow.sideEffect(String.class, () -> id); // stable across replays too
      return id + "/" + again;
    }
  }

  @Test
  void valueIsRecordedOnceAndReplayedFromHistory() {
    CALLS.set(0);
    // No cache: the second workflow task replays the first, which must not call the function again.
    try (TestServerHarness harness =
        new TestServerHarness(WorkerOptions.newBuilder().workflowCacheSize(0).build())) {
      harness.worker.registerWorkflowImplementationTypes(TicketImpl.class);
      harness.factory.start();

      WorkflowHandle handle = harness.client.start(Ticket.class, harness.options(), Ticket::issue);
      String result = handle.getResult(String.class);

      String[] parts = result.split("/");
      assertThat(parts[0]).isEqualTo(parts[1]);
      assertThat(CALLS.get()).isEqualTo(1);
      assertThat(handle.fetchHistory().getEventsList())
          .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
          .hasSize(2);
      assertThatCode(() -> WorkflowReplayer.replay(handle.fetchHistory(), TicketImpl.class))
          .doesNotThrowAnyException();
      assertThat(CALLS.get()).isEqualTo(1);
    }
  }
}
