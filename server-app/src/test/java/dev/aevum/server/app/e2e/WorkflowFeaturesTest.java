package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Markers (side effects, versions, local activities), memo and search attributes, signal dedup,
 * task queue pollers.
 */
class WorkflowFeaturesTest extends ServerTest {
  static final SearchAttributeKey<String> COLOR =
      SearchAttributeKey.forKeyword("CustomKeywordField");

  @ActivityInterface
  public interface Local {
    String shout(String text);
  }

  public static class LocalImpl implements Local {
    @Override
    public String shout(String text) {
      return text.toUpperCase(Locale.ROOT);
    }
  }

  @WorkflowInterface
  public interface Features {
    @WorkflowMethod
    String run();
  }

  public static class FeaturesImpl implements Features {
    @Override
    public String run() {
      int version = Workflow.getVersion("change", Workflow.DEFAULT_VERSION, 1);
      String random = Workflow.sideEffect(String.class, () -> UUID.randomUUID().toString());
      String loud =
          Workflow.newLocalActivityStub(
                  Local.class,
                  LocalActivityOptions.newBuilder()
                      .setStartToCloseTimeout(Duration.ofSeconds(5))
                      .build())
              .shout("hi");
      Workflow.upsertMemo(Map.of("note", "remembered", "scratch", "temporary"));
      // A null value removes the key.
      Workflow.upsertMemo(Collections.singletonMap("scratch", null));
      Workflow.upsertTypedSearchAttributes(COLOR.valueSet("blue"));
      return version + " " + (random.length() == 36) + " " + loud;
    }
  }

  @Test
  void markersMemoAndSearchAttributesAreRecorded() {
    String taskQueue = unique("features");
    var worker = worker(taskQueue);
    worker.registerWorkflowImplementationTypes(FeaturesImpl.class);
    worker.registerActivitiesImplementations(new LocalImpl());
    startWorkers();
    String id = unique("features");
    Features features =
        client.newWorkflowStub(
            Features.class,
            WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(id).build());
    assertThat(features.run()).isEqualTo("1 true HI");
    var events = client.fetchHistory(id).getEvents();
    assertThat(
            events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED))
        .hasSize(3);
    assertThat(events)
        .extracting(HistoryEvent::getEventType)
        .contains(
            EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED,
            EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES);
    var description = WorkflowStub.fromTyped(features).describe();
    assertThat(description.getMemo("note", String.class)).isEqualTo("remembered");
    assertThat(description.getRawDescription().getWorkflowExecutionInfo().getMemo().getFieldsMap())
        .containsOnlyKeys("note");
    assertThat(description.getTypedSearchAttributes().get(COLOR)).isEqualTo("blue");
  }

  @Test
  void signalsWithTheSameRequestIdAreAppliedOnce() {
    RawWorker w = new RawWorker(cluster, unique("raw"));
    var run = w.start(unique("signal-dedup"));
    var signal =
        SignalWorkflowExecutionRequest.newBuilder()
            .setNamespace(RawWorker.NAMESPACE)
            .setWorkflowExecution(run)
            .setSignalName("once")
            .setRequestId(UUID.randomUUID().toString())
            .build();
    w.stub().signalWorkflowExecution(signal);
    w.stub().signalWorkflowExecution(signal);
    assertThat(
            w.types(run).stream()
                .filter(t -> t == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED))
        .hasSize(1);
  }

  @Test
  void queryWithoutAWorkerFailsClearly() {
    RawWorker w = new RawWorker(cluster, unique("raw"));
    var run = w.start(unique("no-worker"));
    w.complete(
        w.pollWorkflowTask().getTaskToken(),
        WorkflowTaskProtocolTest.startTimer("t", Duration.ofHours(1)));
    assertThatThrownBy(
            () ->
                w.withDeadline(Duration.ofSeconds(3))
                    .queryWorkflow(
                        QueryWorkflowRequest.newBuilder()
                            .setNamespace(RawWorker.NAMESPACE)
                            .setExecution(run)
                            .setQuery(WorkflowQuery.newBuilder().setQueryType("state"))
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode())
                  .isIn(Status.Code.FAILED_PRECONDITION, Status.Code.DEADLINE_EXCEEDED);
              if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION) {
                assertThat(e.getStatus().getDescription()).contains("worker may be down");
              }
            });
  }

  @Test
  void describeTaskQueueListsThePollers() {
    String taskQueue = unique("pollers");
    worker(taskQueue).registerWorkflowImplementationTypes(FeaturesImpl.class);
    startWorkers();
    eventually(
        Duration.ofSeconds(20),
        () ->
            cluster
                    .blocking()
                    .describeTaskQueue(
                        DescribeTaskQueueRequest.newBuilder()
                            .setNamespace(TestCluster.NAMESPACE)
                            .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue))
                            .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                            .build())
                    .getPollersCount()
                > 0);
    var pollers =
        cluster
            .blocking()
            .describeTaskQueue(
                DescribeTaskQueueRequest.newBuilder()
                    .setNamespace(TestCluster.NAMESPACE)
                    .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue))
                    .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                    .build())
            .getPollersList();
    assertThat(pollers.get(0).getIdentity()).isNotEmpty();
  }
}
