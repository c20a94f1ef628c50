package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.worker.WorkflowReplayer;
import dev.aevum.sdk.workflow.SignalMethod;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SignalTest {
  @WorkflowInterface
  public interface Approval {
    @WorkflowMethod
    String await(int approvalsNeeded);

    @SignalMethod
    void approve(String who);

    @SignalMethod(name = "veto")
    void reject(String reason);
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
    WorkflowHandle handle = harness.client.start(Approval.class, harness.options(), a -> a.await(2));

    handle.signal(Approval.class, a -> a.approve("ann"));
    handle.signal("approve", "bob");

    assertThat(handle.getResult(String.class)).isEqualTo("approved by ann, bob");
    assertThatCode(() -> WorkflowReplayer.replay(handle.fetchHistory(), ApprovalImpl.class)).doesNotThrowAnyException();
  }

  @Test
  void signalNameComesFromTheAnnotation() {
    WorkflowHandle handle = harness.client.start(Approval.class, harness.options(), a -> a.await(5));

    handle.signal(Approval.class, a -> a.reject("budget"));

    assertThat(handle.getResult(String.class)).isEqualTo("vetoed: budget");
  }

  @Test
  void typedSignalMustCallASignalMethod() {
    WorkflowHandle handle = harness.client.start(Approval.class, harness.options(), a -> a.await(1));

    assertThatThrownBy(() -> handle.signal(Approval.class, a -> a.await(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("call: await is not a @SignalMethod of Approval");
    handle.terminate("test over");
  }
}
