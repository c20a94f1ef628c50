package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.worker.WorkerOptions;
import dev.aevum.sdk.worker.WorkflowReplayer;
import dev.aevum.sdk.workflow.NonDeterministicException;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VersioningTest {
  static final AtomicInteger CONFIG_READS = new AtomicInteger();

  @WorkflowInterface
  public interface Flow {
    @WorkflowMethod
    String run();
  }

  /** The code as first deployed. */
  public static final class OldFlow implements Flow {
    @Override
    public String run() {
      Workflow.sleep(Duration.ofMillis(10));
      return "old";
    }
  }

  /** The changed code: executions from before the change keep the old path. */
  public static final class NewFlow implements Flow {
    @Override
    public String run() {
      int version = Workflow.getVersion("skip-sleep", Workflow.DEFAULT_VERSION, 1);
      int again =
          Workflow.getVersion(
              "skip-sleep", Workflow.DEFAULT_VERSION, 1); // same answer, no new marker
      if (version == Workflow.DEFAULT_VERSION) {
        Workflow.sleep(Duration.ofMillis(10));
        return "old";
      }
      Workflow.sleep(Duration.ofMillis(20));
      return "new v" + version + "/" + again;
    }
  }

  /** A later change that dropped support for executions before version 2. */
  public static final class NewestFlow implements Flow {
    @Override
    public String run() {
      Workflow.getVersion("skip-sleep", 2, 2);
      return "newest";
    }
  }

  /** Once no old execution is left, the getVersion call and the old branch are removed. */
  public static final class CleanedUpFlow implements Flow {
    @Override
    public String run() {
      Workflow.sleep(Duration.ofMillis(20));
      return "new v1/1";
    }
  }

  /** Drops the sleep without versioning: replaying old histories must fail. */
  public static final class BrokenFlow implements Flow {
    @Override
    public String run() {
      return "broken";
    }
  }

  @WorkflowInterface
  public interface Polling {
    @WorkflowMethod
    List<Integer> run();
  }

  public static final class PollingImpl implements Polling {
    @Override
    public List<Integer> run() {
      List<Integer> seen = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        // The "configuration" reads 0, 1, 1, 2: only changes are recorded.
        seen.add(
            Workflow.mutableSideEffect(
                "config",
                Integer.class,
                (a, b) -> !a.equals(b),
                () -> CONFIG_READS.incrementAndGet() / 2));
        Workflow.sleep(Duration.ofMillis(10));
      }
      return seen;
    }
  }

  private TestServerHarness harness;

  @BeforeEach
  void setUp() {
    harness = new TestServerHarness(WorkerOptions.newBuilder().workflowCacheSize(0).build());
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void getVersionKeepsOldExecutionsOnTheOldPathAndRecordsTheNewOne() {
    harness.worker.registerWorkflowImplementationTypes(OldFlow.class);
    harness.factory.start();
    WorkflowHandle old = harness.client.start(Flow.class, harness.options(), Flow::run);
    assertThat(old.getResult(String.class)).isEqualTo("old");
    History oldHistory = old.fetchHistory();

    // The old execution replays cleanly with the changed code, and would break without versioning.
    assertThatCode(() -> WorkflowReplayer.replay(oldHistory, NewFlow.class))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> WorkflowReplayer.replay(oldHistory, BrokenFlow.class))
        .isInstanceOf(NonDeterministicException.class);

    try (TestServerHarness second =
        new TestServerHarness(WorkerOptions.newBuilder().workflowCacheSize(0).build())) {
      second.worker.registerWorkflowImplementationTypes(NewFlow.class);
      second.factory.start();
      WorkflowHandle fresh = second.client.start(Flow.class, second.options(), Flow::run);
      assertThat(fresh.getResult(String.class)).isEqualTo("new v1/1");
      History newHistory = fresh.fetchHistory();
      assertThat(newHistory.getEventsList())
          .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.getMarkerRecordedEventAttributes().getMarkerName())
                      .isEqualTo("Version"));
      assertThatCode(() -> WorkflowReplayer.replay(newHistory, NewFlow.class))
          .doesNotThrowAnyException();
      assertThatCode(() -> WorkflowReplayer.replay(newHistory, CleanedUpFlow.class))
          .doesNotThrowAnyException();
      assertThatThrownBy(() -> WorkflowReplayer.replay(newHistory, NewestFlow.class))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("history has version 1, but this code supports 2..2");
    }
  }

  @Test
  void mutableSideEffectRecordsOnlyChanges() {
    CONFIG_READS.set(0);
    harness.worker.registerWorkflowImplementationTypes(PollingImpl.class);
    harness.factory.start();
    WorkflowHandle handle = harness.client.start(Polling.class, harness.options(), Polling::run);

    List<Object> seen = handle.getResult(List.class);

    assertThat(seen).containsExactly(0, 1, 1, 2);
    assertThat(CONFIG_READS.get()).isEqualTo(4); // once per live iteration, never on replay
    assertThat(handle.fetchHistory().getEventsList())
        .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
        .hasSize(3);
    assertThatCode(() -> WorkflowReplayer.replay(handle.fetchHistory(), PollingImpl.class))
        .doesNotThrowAnyException();
    assertThat(CONFIG_READS.get()).isEqualTo(4);
  }
}
