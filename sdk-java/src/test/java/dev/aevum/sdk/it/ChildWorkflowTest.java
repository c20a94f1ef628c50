package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.sdk.WorkflowFailedException;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.WorkflowStatus;
import dev.aevum.sdk.failure.ApplicationFailure;
import dev.aevum.sdk.failure.CanceledFailure;
import dev.aevum.sdk.failure.ChildWorkflowFailure;
import dev.aevum.sdk.worker.WorkerOptions;
import dev.aevum.sdk.worker.WorkflowReplayer;
import dev.aevum.sdk.workflow.Async;
import dev.aevum.sdk.workflow.ChildWorkflowOptions;
import dev.aevum.sdk.workflow.ParentClosePolicy;
import dev.aevum.sdk.workflow.Promise;
import dev.aevum.sdk.workflow.SignalMethod;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChildWorkflowTest {
  @WorkflowInterface
  public interface Child {
    @WorkflowMethod
    String shout(String word);
  }

  public static final class ChildImpl implements Child {
    @Override
    public String shout(String word) {
      if (word.equals("fail")) {
        throw ApplicationFailure.newNonRetryableFailure("child refuses", "ChildRefused");
      }
      Workflow.sleep(Duration.ofMillis(10));
      return word.toUpperCase() + "@" + Workflow.getInfo().workflowId();
    }
  }

  @WorkflowInterface
  public interface Parent {
    @WorkflowMethod
    String run(String mode);
  }

  public static final class ParentImpl implements Parent {
    @Override
    public String run(String mode) {
      switch (mode) {
        case "parallel" -> {
          Child first =
              Workflow.newChildWorkflowStub(
                  Child.class,
                  ChildWorkflowOptions.newBuilder()
                      .workflowId(Workflow.getInfo().workflowId() + "-1")
                      .build());
          Child second =
              Workflow.newChildWorkflowStub(
                  Child.class,
                  ChildWorkflowOptions.newBuilder()
                      .workflowId(Workflow.getInfo().workflowId() + "-2")
                      .build());
          Promise<String> a = Async.function(first::shout, "a");
          Promise<String> b = Async.function(second::shout, "b");
          String started = Workflow.getChildWorkflowStarted(first).get();
          String sync = Workflow.newChildWorkflowStub(Child.class).shout("c");
          return a.get() + "," + b.get() + "," + sync.substring(0, 2) + "," + !started.isEmpty();
        }
        case "catch" -> {
          try {
            Workflow.newChildWorkflowStub(Child.class).shout("fail");
            return "no failure";
          } catch (ChildWorkflowFailure e) {
            return e.workflowType() + ":" + ((ApplicationFailure) e.getCause()).type();
          }
        }
        case "duplicate" -> {
          String id = Workflow.getInfo().workflowId() + "-dup";
          Waiting first =
              Workflow.newChildWorkflowStub(
                  Waiting.class,
                  ChildWorkflowOptions.newBuilder()
                      .workflowId(id)
                      .parentClosePolicy(ParentClosePolicy.ABANDON)
                      .build());
          Async.function(first::waitForGo);
          Workflow.getChildWorkflowStarted(first).get();
          try {
            Workflow.newChildWorkflowStub(
                    Child.class, ChildWorkflowOptions.newBuilder().workflowId(id).build())
                .shout("x");
            return "no failure";
          } catch (ChildWorkflowFailure e) {
            return ((ApplicationFailure) e.getCause()).type();
          }
        }
        case "wait" -> {
          return Workflow.newChildWorkflowStub(Waiting.class).waitForGo();
        }
        case "throw" -> {
          return Workflow.newChildWorkflowStub(Child.class).shout("fail");
        }
        default -> {
          // Start a child that outlives its parent, then return its id.
          Waiting child =
              Workflow.newChildWorkflowStub(
                  Waiting.class,
                  ChildWorkflowOptions.newBuilder()
                      .parentClosePolicy(ParentClosePolicy.ABANDON)
                      .build());
          Async.function(child::waitForGo);
          Workflow.getChildWorkflowStarted(child).get();
          return "started";
        }
      }
    }
  }

  @WorkflowInterface
  public interface Waiting {
    @WorkflowMethod
    String waitForGo();

    @SignalMethod
    void go();
  }

  public static final class WaitingImpl implements Waiting {
    private boolean go;

    @Override
    public String waitForGo() {
      Workflow.await(() -> go);
      return "went";
    }

    @Override
    public void go() {
      go = true;
    }
  }

  private TestServerHarness harness;

  @BeforeEach
  void setUp() {
    harness = new TestServerHarness(WorkerOptions.newBuilder().workflowCacheSize(0).build());
    harness.worker.registerWorkflowImplementationTypes(
        ParentImpl.class, ChildImpl.class, WaitingImpl.class);
    harness.factory.start();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void childrenRunInParallelAndInSequence() {
    WorkflowHandle handle =
        harness.client.start(Parent.class, harness.options(), p -> p.run("parallel"));

    String result = handle.getResult(String.class);

    String id = handle.workflowId();
    assertThat(result).isEqualTo("A@" + id + "-1,B@" + id + "-2,C@,true");
    assertThatCode(() -> WorkflowReplayer.replay(handle.fetchHistory(), ParentImpl.class))
        .doesNotThrowAnyException();
  }

  @Test
  void childFailureIsTypedInTheParent() {
    assertThat(
            harness
                .client
                .start(Parent.class, harness.options(), p -> p.run("catch"))
                .getResult(String.class))
        .isEqualTo("Child:ChildRefused");
  }

  @Test
  void childThatCannotStartIsAChildWorkflowFailure() {
    assertThat(
            harness
                .client
                .start(Parent.class, harness.options(), p -> p.run("duplicate"))
                .getResult(String.class))
        .isEqualTo("START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS");
  }

  @Test
  void uncaughtChildFailureFailsTheParentWithTheChain() {
    WorkflowHandle handle =
        harness.client.start(Parent.class, harness.options(), p -> p.run("throw"));

    assertThatThrownBy(() -> handle.getResult(String.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(ChildWorkflowFailure.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("child refuses");
  }

  @Test
  void cancelingTheParentCancelsTheChild() {
    WorkflowHandle parent =
        harness.client.start(Parent.class, harness.options(), p -> p.run("wait"));
    AsyncCancellationTest.awaitEvent(parent, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED);

    parent.cancel("stop all");

    assertThatThrownBy(() -> parent.getResult(String.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    String childId =
        parent.fetchHistory().getEventsList().stream()
            .filter(e -> e.hasStartChildWorkflowExecutionInitiatedEventAttributes())
            .map(e -> e.getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowId())
            .findFirst()
            .orElseThrow();
    assertThat(harness.client.handle(childId).describe().status())
        .isEqualTo(WorkflowStatus.CANCELED);
    assertThatCode(() -> WorkflowReplayer.replay(parent.fetchHistory(), ParentImpl.class))
        .doesNotThrowAnyException();
  }

  @Test
  void abandonedChildOutlivesItsParent() {
    WorkflowHandle parent =
        harness.client.start(Parent.class, harness.options(), p -> p.run("abandon"));
    assertThat(parent.getResult(String.class)).isEqualTo("started");
    String childId =
        parent.fetchHistory().getEventsList().stream()
            .filter(e -> e.hasStartChildWorkflowExecutionInitiatedEventAttributes())
            .map(e -> e.getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowId())
            .findFirst()
            .orElseThrow();
    WorkflowHandle child = harness.client.handle(childId);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (System.nanoTime() < deadline) {
      // The parent is closed; a terminated child would show it within this window.
      assertThat(child.describe().status()).isEqualTo(WorkflowStatus.RUNNING);
      Thread.onSpinWait();
    }

    child.signal("go");

    assertThat(child.getResult(String.class)).isEqualTo("went");
  }
}
