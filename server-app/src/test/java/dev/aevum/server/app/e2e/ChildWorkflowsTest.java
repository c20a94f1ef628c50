package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Child workflows, parent close policies and signals/cancels to other workflows, through the
 * official SDK.
 */
class ChildWorkflowsTest extends ServerTest {

  @WorkflowInterface
  public interface Child {
    @WorkflowMethod
    String work(String mode);

    @SignalMethod
    void poke(String value);
  }

  public static class ChildImpl implements Child {
    private String poked;

    @Override
    public String work(String mode) {
      switch (mode) {
        case "fail":
          throw ApplicationFailure.newNonRetryableFailure("child failed", "ChildError");
        case "wait":
          Workflow.await(() -> poked != null);
          return "poked with " + poked;
        case "forever":
          Workflow.await(() -> false);
          return "never";
        default:
          return "child did " + mode;
      }
    }

    @Override
    public void poke(String value) {
      poked = value;
    }
  }

  @WorkflowInterface
  public interface Parent {
    @WorkflowMethod
    String run(String scenario, String childId);
  }

  public static class ParentImpl implements Parent {
    @Override
    public String run(String scenario, String childId) {
      ChildWorkflowOptions.Builder options =
          ChildWorkflowOptions.newBuilder().setWorkflowId(childId);
      switch (scenario) {
        case "result":
          return Workflow.newChildWorkflowStub(Child.class, options.build()).work("homework");
        case "failure":
          try {
            return Workflow.newChildWorkflowStub(Child.class, options.build()).work("fail");
          } catch (ChildWorkflowFailure e) {
            return "caught " + ((ApplicationFailure) e.getCause()).getType();
          }
        case "signal":
          {
            Child child = Workflow.newChildWorkflowStub(Child.class, options.build());
            Promise<String> result = Async.function(child::work, "wait");
            Workflow.getWorkflowExecution(child).get();
            Workflow.newExternalWorkflowStub(Child.class, childId).poke("hello");
            return result.get();
          }
        case "requestCancel":
        case "terminate":
          {
            Child child =
                Workflow.newChildWorkflowStub(
                    Child.class,
                    options
                        .setParentClosePolicy(
                            scenario.equals("terminate")
                                ? ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE
                                : ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
                        .build());
            Async.function(child::work, "forever");
            Workflow.getWorkflowExecution(child).get();
            return "parent done";
          }
        case "cancelExternal":
          {
            Child child =
                Workflow.newChildWorkflowStub(
                    Child.class,
                    options
                        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                        .build());
            Async.function(child::work, "forever");
            Workflow.getWorkflowExecution(child).get();
            Workflow.newUntypedExternalWorkflowStub(childId).cancel();
            return "cancel sent";
          }
        case "otherNamespace":
          return Workflow.newChildWorkflowStub(
                  Child.class,
                  options
                      .setNamespace(TestCluster.OTHER_NAMESPACE)
                      .setTaskQueue(Workflow.getInfo().getTaskQueue() + "-other")
                      .build())
              .work("abroad");
        case "signalMissing":
          try {
            Workflow.newExternalWorkflowStub(Child.class, childId).poke("nobody");
            return "delivered";
          } catch (Exception e) {
            return "signal failed";
          }
        default:
          throw new IllegalArgumentException(scenario);
      }
    }
  }

  private String run(String scenario, String parentId, String childId) {
    String taskQueue = unique("family");
    var worker = worker(taskQueue);
    worker.registerWorkflowImplementationTypes(ParentImpl.class, ChildImpl.class);
    startWorkers();
    return client
        .newWorkflowStub(
            Parent.class,
            WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(parentId).build())
        .run(scenario, childId);
  }

  private WorkflowExecutionStatus status(String workflowId) {
    return client.newUntypedWorkflowStub(workflowId).describe().getStatus();
  }

  @Test
  void childResultReachesTheParent() {
    String parent = unique("parent");
    String child = unique("child");
    assertThat(run("result", parent, child)).isEqualTo("child did homework");
    var events = client.fetchHistory(parent).getEvents();
    assertThat(events)
        .extracting(HistoryEvent::getEventType)
        .contains(
            EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
            EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED,
            EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED);
    var childStarted =
        client.fetchHistory(child).getEvents().get(0).getWorkflowExecutionStartedEventAttributes();
    assertThat(childStarted.getParentWorkflowExecution().getWorkflowId()).isEqualTo(parent);
    // The child names the root of its chain (the parent, which has none itself), as in Temporal.
    String parentRun = client.newUntypedWorkflowStub(parent).describe().getExecution().getRunId();
    assertThat(childStarted.getRootWorkflowExecution().getWorkflowId()).isEqualTo(parent);
    assertThat(childStarted.getRootWorkflowExecution().getRunId()).isEqualTo(parentRun);
    assertThat(
            client
                .fetchHistory(parent)
                .getEvents()
                .get(0)
                .getWorkflowExecutionStartedEventAttributes()
                .hasRootWorkflowExecution())
        .isFalse();
    var described =
        client
            .newUntypedWorkflowStub(child)
            .describe()
            .getRawDescription()
            .getWorkflowExecutionInfo();
    assertThat(described.getRootExecution().getWorkflowId()).isEqualTo(parent);
    assertThat(described.getRootExecution().getRunId()).isEqualTo(parentRun);
  }

  @Test
  void childFailureReachesTheParentAsChildWorkflowFailure() {
    assertThat(run("failure", unique("parent"), unique("child"))).isEqualTo("caught ChildError");
  }

  @Test
  void parentSignalsItsChild() {
    assertThat(run("signal", unique("parent"), unique("child"))).isEqualTo("poked with hello");
  }

  @Test
  void terminatePolicyEndsTheChildWithTheParent() {
    String child = unique("child");
    assertThat(run("terminate", unique("parent"), child)).isEqualTo("parent done");
    eventually(
        Duration.ofSeconds(20),
        () -> status(child) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
  }

  @Test
  void requestCancelPolicyCancelsTheChild() {
    String child = unique("child");
    assertThat(run("requestCancel", unique("parent"), child)).isEqualTo("parent done");
    eventually(
        Duration.ofSeconds(20),
        () -> status(child) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
  }

  // ABANDON (nothing happens to the child) is shown in server-history's ChildRulesTest, which
  // waits for the parent's close task on history's outbox instead of sleeping.

  @Test
  void externalCancelReachesTheOtherWorkflow() {
    String child = unique("child");
    String parent = unique("parent");
    assertThat(run("cancelExternal", parent, child)).isEqualTo("cancel sent");
    eventually(
        Duration.ofSeconds(20),
        () -> status(child) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
    assertThat(client.fetchHistory(parent).getEvents())
        .extracting(HistoryEvent::getEventType)
        .contains(EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
  }

  @Test
  void signalToAMissingWorkflowFails() {
    assertThat(run("signalMissing", unique("parent"), unique("nobody"))).isEqualTo("signal failed");
  }

  @Test
  void childRunsInAnotherNamespace() {
    String taskQueue = unique("family");
    var otherFactory = WorkerFactory.newInstance(cluster.client(TestCluster.OTHER_NAMESPACE));
    otherFactory
        .newWorker(taskQueue + "-other")
        .registerWorkflowImplementationTypes(ChildImpl.class);
    otherFactory.start();
    try {
      worker(taskQueue).registerWorkflowImplementationTypes(ParentImpl.class);
      startWorkers();
      String child = unique("child");
      String result =
          client
              .newWorkflowStub(
                  Parent.class,
                  WorkflowOptions.newBuilder()
                      .setTaskQueue(taskQueue)
                      .setWorkflowId(unique("parent"))
                      .build())
              .run("otherNamespace", child);
      assertThat(result).isEqualTo("child did abroad");
      assertThat(
              cluster
                  .client(TestCluster.OTHER_NAMESPACE)
                  .fetchHistory(child)
                  .getEvents()
                  .get(0)
                  .getWorkflowExecutionStartedEventAttributes()
                  .getParentWorkflowNamespace())
          .isEqualTo(TestCluster.NAMESPACE);
    } finally {
      otherFactory.shutdownNow();
    }
  }
}
