package dev.aevum.server.history.internal.workflow;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import dev.aevum.persistence.CurrentExecution;
import dev.aevum.persistence.CurrentExecutionConditionFailedException;
import dev.aevum.persistence.ExecutionRecord;
import dev.aevum.proto.persistence.ExecutionInfo;
import dev.aevum.proto.persistence.TimerTask;
import dev.aevum.server.common.Errors;
import dev.aevum.server.history.HistorySettings;
import dev.aevum.server.history.internal.execution.RetryPolicies;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.ShardContext;
import dev.aevum.server.history.internal.workflowtask.WorkflowTasks;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ContinueAsNewInitiator;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** StartWorkflowExecution: request-id dedup, id reuse and conflict policies, the first events. */
public final class StartWorkflow {
  private static final Set<Integer> FAILED_STATUSES = Set.of(
      WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED_VALUE,
      WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED_VALUE,
      WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED_VALUE,
      WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT_VALUE);

  private final HistorySettings settings;
  private final TerminateWorkflow terminate;

  public StartWorkflow(HistorySettings settings, TerminateWorkflow terminate) {
    this.settings = settings;
    this.terminate = terminate;
  }

  public StartWorkflowExecutionResponse start(ShardContext shard, String namespaceId, byte[] requestBytes) {
    StartWorkflowExecutionRequest request;
    try {
      request = StartWorkflowExecutionRequest.parseFrom(requestBytes);
    } catch (InvalidProtocolBufferException e) {
      throw Errors.invalidArgument("malformed StartWorkflowExecutionRequest: " + e.getMessage());
    }
    String workflowId = request.getWorkflowId();
    // A lost race with a concurrent start re-evaluates the policies against the new current run.
    for (int round = 0; ; round++) {
      Optional<CurrentExecution> current = shard.current(namespaceId, workflowId);
      Optional<String> expectedCurrent = Optional.empty();
      if (current.isPresent()) {
        CurrentExecution c = current.get();
        if (!request.getRequestId().isEmpty() && request.getRequestId().equals(c.createRequestId())) {
          return response(c.runId(), true);
        }
        if (c.state() == ExecutionRecord.STATE_RUNNING) {
          WorkflowIdConflictPolicy conflict = conflictPolicy(request);
          switch (conflict) {
            case WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING:
              return response(c.runId(), false);
            case WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING:
              terminate.terminate(shard, new RunKey(namespaceId, workflowId, c.runId()),
                  "terminated by a start with id conflict policy TERMINATE_EXISTING", request.getIdentity());
              expectedCurrent = Optional.of(c.runId());
              break;
            default:
              throw alreadyStarted("Workflow execution is already running. WorkflowId: %s, RunId: %s.", workflowId, c);
          }
        } else {
          checkReusePolicy(request, workflowId, c);
          expectedCurrent = Optional.of(c.runId());
        }
      }
      String runId = UUID.randomUUID().toString();
      try {
        shard.create(new RunKey(namespaceId, workflowId, runId), expectedCurrent, tx -> {
          initialize(tx, request, namespaceId, runId);
          return null;
        });
        return response(runId, true);
      } catch (CurrentExecutionConditionFailedException e) {
        if (round >= 3) {
          throw Errors.unavailable("workflow id " + workflowId + " is being started concurrently, retry");
        }
      }
    }
  }

  private void initialize(
      dev.aevum.server.history.internal.execution.Transaction tx,
      StartWorkflowExecutionRequest request, String namespaceId, String runId) {
    long now = tx.nowMs();
    long executionTimeout = Durations.toMillis(request.getWorkflowExecutionTimeout());
    long runTimeout = Durations.toMillis(request.getWorkflowRunTimeout());
    if (runTimeout == 0 || (executionTimeout > 0 && runTimeout > executionTimeout)) {
      runTimeout = executionTimeout;
    }
    long taskTimeout = Durations.toMillis(request.getWorkflowTaskTimeout());
    if (taskTimeout == 0) {
      taskTimeout = settings.defaultWorkflowTaskTimeout().toMillis();
    }
    taskTimeout = Math.min(taskTimeout, settings.maxWorkflowTaskTimeout().toMillis());
    if (runTimeout > 0) {
      taskTimeout = Math.min(taskTimeout, runTimeout);
    }
    ExecutionInfo.Builder info = ExecutionInfo.newBuilder()
        .setNamespaceId(namespaceId)
        .setWorkflowId(request.getWorkflowId())
        .setRunId(runId)
        .setFirstExecutionRunId(runId)
        .setOriginalExecutionRunId(runId)
        .setWorkflowType(request.getWorkflowType().getName())
        .setTaskQueue(request.getTaskQueue().getName())
        .setWorkflowExecutionTimeoutMs(executionTimeout)
        .setWorkflowRunTimeoutMs(runTimeout)
        .setDefaultWorkflowTaskTimeoutMs(taskTimeout)
        .setExecutionExpirationTimeMs(executionTimeout > 0 ? now + executionTimeout : 0)
        .setRunExpirationTimeMs(runTimeout > 0 ? now + runTimeout : 0)
        .setStartTimeMs(now)
        .setExecutionTimeMs(now)
        .setStatus(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE)
        .setCreateRequestId(request.getRequestId().isEmpty() ? UUID.randomUUID().toString() : request.getRequestId())
        .setAttempt(1)
        .setCronSchedule(request.getCronSchedule())
        .setMemo(request.getMemo().toByteString())
        .setSearchAttributes(request.getSearchAttributes().toByteString());
    WorkflowExecutionStartedEventAttributes.Builder started = WorkflowExecutionStartedEventAttributes.newBuilder()
        .setWorkflowType(request.getWorkflowType())
        .setTaskQueue(TaskQueue.newBuilder().setName(request.getTaskQueue().getName())
            .setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL))
        .setInput(request.getInput())
        .setWorkflowExecutionTimeout(Durations.fromMillis(executionTimeout))
        .setWorkflowRunTimeout(Durations.fromMillis(runTimeout))
        .setWorkflowTaskTimeout(Durations.fromMillis(taskTimeout))
        .setIdentity(request.getIdentity())
        .setOriginalExecutionRunId(runId)
        .setFirstExecutionRunId(runId)
        .setAttempt(1)
        .setInitiator(ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_UNSPECIFIED)
        .setCronSchedule(request.getCronSchedule())
        .setWorkflowId(request.getWorkflowId());
    if (executionTimeout > 0) {
      started.setWorkflowExecutionExpirationTime(Timestamps.fromMillis(now + executionTimeout));
    }
    if (request.hasHeader()) {
      started.setHeader(request.getHeader());
    }
    if (request.hasMemo()) {
      started.setMemo(request.getMemo());
    }
    if (request.hasSearchAttributes()) {
      started.setSearchAttributes(request.getSearchAttributes());
    }
    if (request.hasRetryPolicy()) {
      var policy = RetryPolicies.withDefaults(request.getRetryPolicy());
      started.setRetryPolicy(policy);
      info.setRetryPolicy(policy.toByteString());
    }
    if (request.hasPriority()) {
      started.setPriority(request.getPriority());
    }
    tx.state().setExecution(info);
    tx.append(HistoryEvent.newBuilder()
        .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
        .setWorkflowExecutionStartedEventAttributes(started));
    WorkflowTasks.schedule(tx, 1);
    if (runTimeout > 0) {
      tx.addTimerTask(TimerTask.newBuilder()
          .setKind(TimerTask.Kind.WORKFLOW_RUN_TIMEOUT)
          .setNamespaceId(namespaceId)
          .setWorkflowId(request.getWorkflowId())
          .setRunId(runId)
          .setFireTimeMs(now + runTimeout)
          .build());
    }
  }

  private static WorkflowIdConflictPolicy conflictPolicy(StartWorkflowExecutionRequest request) {
    if (request.getWorkflowIdReusePolicy() == WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING) {
      return WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING;
    }
    return request.getWorkflowIdConflictPolicy();
  }

  private static void checkReusePolicy(StartWorkflowExecutionRequest request, String workflowId, CurrentExecution c) {
    switch (request.getWorkflowIdReusePolicy()) {
      case WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY -> {
        if (!FAILED_STATUSES.contains(c.status())) {
          throw alreadyStarted("Workflow execution already finished successfully. WorkflowId: %s, RunId: %s."
              + " Workflow Id reuse policy: allow duplicate workflow Id if last run failed.", workflowId, c);
        }
      }
      case WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE -> throw alreadyStarted(
          "Workflow execution already finished. WorkflowId: %s, RunId: %s."
              + " Workflow Id reuse policy: reject duplicate workflow Id.", workflowId, c);
      default -> { }
    }
  }

  private static RuntimeException alreadyStarted(String format, String workflowId, CurrentExecution c) {
    return Errors.workflowAlreadyStarted(String.format(format, workflowId, c.runId()), c.createRequestId(), c.runId());
  }

  private static StartWorkflowExecutionResponse response(String runId, boolean started) {
    return StartWorkflowExecutionResponse.newBuilder().setRunId(runId).setStarted(started).build();
  }

  static WorkflowExecution execution(RunKey key) {
    return WorkflowExecution.newBuilder().setWorkflowId(key.workflowId()).setRunId(key.runId()).build();
  }
}
