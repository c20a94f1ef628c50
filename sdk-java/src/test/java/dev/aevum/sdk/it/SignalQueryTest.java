package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.WorkflowQueryException;
import dev.aevum.sdk.worker.WorkerOptions;
import dev.aevum.sdk.worker.WorkflowReplayer;
import dev.aevum.sdk.workflow.QueryMethod;
import dev.aevum.sdk.workflow.SignalMethod;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SignalQueryTest {
  @WorkflowInterface
  public interface Approval {
    @WorkflowMethod
    String await(int approvalsNeeded);

    @SignalMethod
    void approve(String who);

    @SignalMethod(name = "veto")
    void reject(String reason);

    @QueryMethod
    List<String> approvers();

    @QueryMethod(name = "missing")
    int missingApprovals(int needed);
  }

  public static final class ApprovalImpl implements Approval {
    private final List<String> approvers = new ArrayList<>();
    private String veto;

    @Override
    public String await(int approvalsNeeded) {
      Workflow.await(() -> approvers.size() >= approvalsNeeded || veto != null);
      return veto != null ? "vetoed: " + veto : "approved by " + String.join(", ", approvers);
    }

    @Override
    public void approve(String who) {
      approvers.add(who);
    }

    @Override
    public void reject(String reason) {
      veto = reason;
    }

    @Override
    public List<String> approvers() {
      return List.copyOf(approvers);
    }

    @Override
    public int missingApprovals(int needed) {
      return Math.max(0, needed - approvers.size());
    }
  }

  private TestServerHarness harness;

  @BeforeEach
  void setUp() {
    harness = new TestServerHarness();
    harness.worker.registerWorkflowImplementationTypes(ApprovalImpl.class);
    harness.factory.start();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void typedAndNamedSignalsReachHandlersInOrderAndReplay() {
    WorkflowHandle handle =
        harness.client.start(Approval.class, harness.options(), a -> a.await(2));

    handle.signal(Approval.class, a -> a.approve("ann"));
    handle.signal("approve", "bob");

    assertThat(handle.getResult(String.class)).isEqualTo("approved by ann, bob");
    assertThatCode(() -> WorkflowReplayer.replay(handle.fetchHistory(), ApprovalImpl.class))
        .doesNotThrowAnyException();
  }

  @Test
  void aTypedStubOfARunningWorkflowSignalsAndQueriesIt() {
    WorkflowHandle handle =
        harness.client.start(Approval.class, harness.options(), a -> a.await(3));
    Approval stub = harness.client.newWorkflowStub(Approval.class, handle.workflowId());

    stub.approve("ann");
    awaitApprovers(handle, List.of("ann"));
    assertThat(stub.approvers()).containsExactly("ann");
    assertThat(stub.missingApprovals(3)).isEqualTo(2);
    assertThatThrownBy(() -> stub.await(1))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("already runs");

    Approval run =
        harness.client.newWorkflowStub(
            Approval.class, handle.workflowId(), handle.runId().orElseThrow());
    run.reject("too late"); // @SignalMethod(name = "veto")
    assertThat(handle.getResult(String.class)).isEqualTo("vetoed: too late");
  }

  @Test
  void queriesReadCurrentStateOfARunningWorkflow() {
    WorkflowHandle handle =
        harness.client.start(Approval.class, harness.options(), a -> a.await(3));
    handle.signal(Approval.class, a -> a.approve("ann"));

    awaitApprovers(handle, List.of("ann"));
    assertThat(handle.query("missing", int.class, 3)).isEqualTo(2);
    assertThatThrownBy(() -> handle.query("nope", String.class))
        .isInstanceOf(WorkflowQueryException.class)
        .hasMessageContaining("unknown query type nope");
    handle.terminate("test over");
  }

  @Test
  void queriesWorkWithoutACachedExecution() {
    try (TestServerHarness uncached =
        new TestServerHarness(WorkerOptions.newBuilder().workflowCacheSize(0).build())) {
      uncached.worker.registerWorkflowImplementationTypes(ApprovalImpl.class);
      uncached.factory.start();
      WorkflowHandle handle =
          uncached.client.start(Approval.class, uncached.options(), a -> a.await(3));
      handle.signal(Approval.class, a -> a.approve("ann"));
      handle.signal(Approval.class, a -> a.approve("bob"));

      awaitApprovers(handle, List.of("ann", "bob"));
      handle.terminate("test over");
    }
  }

  /** Signals are asynchronous: poll the query until it reflects them, with a deadline. */
  private static void awaitApprovers(WorkflowHandle handle, List<String> expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<String> seen = List.of();
    while (System.nanoTime() < deadline) {
      seen = handle.query(Approval.class, Approval::approvers);
      if (seen.equals(expected)) {
        return;
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // pause between polls
    }
    assertThat(seen).isEqualTo(expected);
  }

  @Test
  void signalNameComesFromTheAnnotation() {
    WorkflowHandle handle =
        harness.client.start(Approval.class, harness.options(), a -> a.await(5));

    handle.signal(Approval.class, a -> a.reject("budget"));

    assertThat(handle.getResult(String.class)).isEqualTo("vetoed: budget");
  }

  @Test
  void typedSignalMustCallASignalMethod() {
    WorkflowHandle handle =
        harness.client.start(Approval.class, harness.options(), a -> a.await(1));

    assertThatThrownBy(() -> handle.signal(Approval.class, a -> a.await(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("call: await is not a @SignalMethod of Approval");
    handle.terminate("test over");
  }
}
