package dev.aevum.sdk.internal.worker;

import com.google.protobuf.ByteString;
import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.failure.ApplicationFailure;
import dev.aevum.sdk.internal.common.FailureConverter;
import dev.aevum.sdk.internal.common.Rpc;
import dev.aevum.sdk.internal.replay.WorkflowEntryPoint;
import dev.aevum.sdk.internal.replay.WorkflowExecutionRunner;
import dev.aevum.sdk.internal.replay.WorkflowTaskFailedException;
import io.temporal.api.command.v1.Command;
import io.temporal.api.enums.v1.QueryResultType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Handles one workflow task: loads the full history, replays it with a fresh runner and answers
 * with the new commands (or a task failure the server will retry). No sticky cache yet: each task
 * replays from the first event.
 */
final class WorkflowTaskHandler {
  private static final System.Logger LOG = System.getLogger(WorkflowTaskHandler.class.getName());

  private final Rpc rpc;
  private final String namespace;
  private final String identity;
  private final WorkflowRegistry registry;
  private final DataConverter converter;
  private final FailureConverter failures;
  private final Duration deadlockTimeout;

  WorkflowTaskHandler(
      Rpc rpc, String namespace, String identity, WorkflowRegistry registry, DataConverter converter, Duration deadlockTimeout) {
    this.rpc = rpc;
    this.namespace = namespace;
    this.identity = identity;
    this.registry = registry;
    this.converter = converter;
    this.failures = new FailureConverter(converter);
    this.deadlockTimeout = deadlockTimeout;
  }

  void handle(PollWorkflowTaskQueueResponse task) {
    if (task.hasQuery()) {
      rejectLegacyQuery(task);
      return;
    }
    String type = task.getWorkflowType().getName();
    Optional<WorkflowEntryPoint> entryPoint = registry.entryPoint(type, converter);
    if (entryPoint.isEmpty()) {
      fail(task, WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE,
          failures.toFailure(ApplicationFailure.newFailure(
              "workflow type " + type + " is not registered with this worker; registered: " + registry.types(),
              "UnknownWorkflowType")));
      return;
    }
    try (WorkflowExecutionRunner runner =
        new WorkflowExecutionRunner(
            entryPoint.get(),
            converter,
            namespace,
            task.getWorkflowExecution().getWorkflowId(),
            task.getWorkflowExecution().getRunId(),
            deadlockTimeout)) {
      List<Command> commands = runner.process(fullHistory(task));
      RespondWorkflowTaskCompletedRequest request =
          RespondWorkflowTaskCompletedRequest.newBuilder()
              .setNamespace(namespace)
              .setTaskToken(task.getTaskToken())
              .setIdentity(identity)
              .addAllCommands(commands)
              .build();
      rpc.call("RespondWorkflowTaskCompleted", s -> s.respondWorkflowTaskCompleted(request));
    } catch (WorkflowTaskFailedException e) {
      LOG.log(Level.WARNING, "workflow task of " + task.getWorkflowExecution().getWorkflowId() + " failed: " + e.getMessage());
      fail(task, e.failedCause(), failures.toFailure(e.getCause()));
    }
  }

  private List<HistoryEvent> fullHistory(PollWorkflowTaskQueueResponse task) {
    List<HistoryEvent> events = new ArrayList<>(task.getHistory().getEventsList());
    ByteString token = task.getNextPageToken();
    while (!token.isEmpty()) {
      GetWorkflowExecutionHistoryRequest request =
          GetWorkflowExecutionHistoryRequest.newBuilder()
              .setNamespace(namespace)
              .setExecution(task.getWorkflowExecution())
              .setNextPageToken(token)
              .build();
      GetWorkflowExecutionHistoryResponse page = rpc.call("GetWorkflowExecutionHistory", s -> s.getWorkflowExecutionHistory(request));
      events.addAll(page.getHistory().getEventsList());
      token = page.getNextPageToken();
    }
    return events;
  }

  private void fail(PollWorkflowTaskQueueResponse task, WorkflowTaskFailedCause cause, Failure failure) {
    RespondWorkflowTaskFailedRequest request =
        RespondWorkflowTaskFailedRequest.newBuilder()
            .setNamespace(namespace)
            .setTaskToken(task.getTaskToken())
            .setIdentity(identity)
            .setCause(cause)
            .setFailure(failure)
            .build();
    rpc.call("RespondWorkflowTaskFailed", s -> s.respondWorkflowTaskFailed(request));
  }

  private void rejectLegacyQuery(PollWorkflowTaskQueueResponse task) {
    RespondQueryTaskCompletedRequest request =
        RespondQueryTaskCompletedRequest.newBuilder()
            .setNamespace(namespace)
            .setTaskToken(task.getTaskToken())
            .setCompletedType(QueryResultType.QUERY_RESULT_TYPE_FAILED)
            .setErrorMessage("queries are not supported by this version of the Aevum SDK")
            .build();
    rpc.call("RespondQueryTaskCompleted", s -> s.respondQueryTaskCompleted(request));
  }
}
