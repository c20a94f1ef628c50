package dev.aevum.server.app.e2e;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.Durations;
import io.temporal.api.command.v1.Command;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A worker speaking the raw gRPC API, for tests that assert exact histories. */
final class RawWorker {
  static final String NAMESPACE = TestCluster.NAMESPACE;

  private final WorkflowServiceGrpc.WorkflowServiceBlockingStub stub;
  final String taskQueue;
  final String identity = "raw-worker";

  RawWorker(TestCluster cluster, String taskQueue) {
    this.stub = cluster.blocking();
    this.taskQueue = taskQueue;
  }

  WorkflowServiceGrpc.WorkflowServiceBlockingStub stub() {
    return stub;
  }

  WorkflowServiceGrpc.WorkflowServiceBlockingStub withDeadline(Duration deadline) {
    return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  WorkflowExecution start(String workflowId) {
    return start(StartWorkflowExecutionRequest.newBuilder().setWorkflowId(workflowId));
  }

  WorkflowExecution start(StartWorkflowExecutionRequest.Builder request) {
    request
        .setNamespace(NAMESPACE)
        .setWorkflowType(WorkflowType.newBuilder().setName("RawWorkflow"))
        .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue))
        .setIdentity(identity)
        .setRequestId(UUID.randomUUID().toString());
    String runId = stub.startWorkflowExecution(request.build()).getRunId();
    return WorkflowExecution.newBuilder()
        .setWorkflowId(request.getWorkflowId())
        .setRunId(runId)
        .build();
  }

  PollWorkflowTaskQueueResponse pollWorkflowTask() {
    return pollWorkflowTask(
        TaskQueue.newBuilder()
            .setName(taskQueue)
            .setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL)
            .build());
  }

  PollWorkflowTaskQueueResponse pollWorkflowTask(TaskQueue queue) {
    PollWorkflowTaskQueueResponse response =
        withDeadline(Duration.ofSeconds(30))
            .pollWorkflowTaskQueue(
                PollWorkflowTaskQueueRequest.newBuilder()
                    .setNamespace(NAMESPACE)
                    .setTaskQueue(queue)
                    .setIdentity(identity)
                    .build());
    if (response.getTaskToken().isEmpty()) {
      throw new AssertionError("no workflow task on " + queue.getName());
    }
    return response;
  }

  PollActivityTaskQueueResponse pollActivityTask() {
    PollActivityTaskQueueResponse response =
        withDeadline(Duration.ofSeconds(30))
            .pollActivityTaskQueue(
                PollActivityTaskQueueRequest.newBuilder()
                    .setNamespace(NAMESPACE)
                    .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue))
                    .setIdentity(identity)
                    .build());
    if (response.getTaskToken().isEmpty()) {
      throw new AssertionError("no activity task on " + taskQueue);
    }
    return response;
  }

  RespondWorkflowTaskCompletedResponse complete(ByteString token, Command... commands) {
    return stub.respondWorkflowTaskCompleted(completion(token, commands).build());
  }

  RespondWorkflowTaskCompletedRequest.Builder completion(ByteString token, Command... commands) {
    return RespondWorkflowTaskCompletedRequest.newBuilder()
        .setNamespace(NAMESPACE)
        .setTaskToken(token)
        .setIdentity(identity)
        .addAllCommands(Arrays.asList(commands));
  }

  List<HistoryEvent> history(WorkflowExecution execution) {
    List<HistoryEvent> events = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    do {
      var response =
          stub.getWorkflowExecutionHistory(
              GetWorkflowExecutionHistoryRequest.newBuilder()
                  .setNamespace(NAMESPACE)
                  .setExecution(execution)
                  .setNextPageToken(token)
                  .build());
      events.addAll(response.getHistory().getEventsList());
      token = response.getNextPageToken();
    } while (!token.isEmpty());
    return events;
  }

  List<EventType> types(WorkflowExecution execution) {
    return history(execution).stream().map(HistoryEvent::getEventType).toList();
  }

  static Duration seconds(double s) {
    return Duration.ofMillis((long) (s * 1000));
  }

  static com.google.protobuf.Duration proto(Duration d) {
    return Durations.fromMillis(d.toMillis());
  }
}
