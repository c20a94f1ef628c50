package dev.aevum.server.history.internal.child;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.aevum.proto.persistence.ChildInfo;
import dev.aevum.proto.persistence.ExecutionInfo;
import dev.aevum.proto.persistence.ExternalRequestInfo;
import dev.aevum.proto.persistence.MutableState;
import dev.aevum.proto.persistence.TransferTask;
import dev.aevum.server.common.ServiceException;
import dev.aevum.server.history.internal.execution.HistoryReader;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.ShardContext;
import dev.aevum.server.history.internal.signal.Signals;
import dev.aevum.server.history.internal.workflow.Runs;
import dev.aevum.server.history.internal.workflow.StartWorkflow;
import dev.aevum.server.history.internal.workflow.TerminateWorkflow;
import dev.aevum.server.history.internal.workflowtask.WorkflowTasks;
import io.grpc.Status;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.CancelExternalWorkflowExecutionFailedCause;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.SignalExternalWorkflowExecutionFailedCause;
import io.temporal.api.enums.v1.StartChildWorkflowExecutionFailedCause;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.ChildWorkflowExecutionCanceledEventAttributes;
import io.temporal.api.history.v1.ChildWorkflowExecutionCompletedEventAttributes;
import io.temporal.api.history.v1.ChildWorkflowExecutionFailedEventAttributes;
import io.temporal.api.history.v1.ChildWorkflowExecutionStartedEventAttributes;
import io.temporal.api.history.v1.ChildWorkflowExecutionTerminatedEventAttributes;
import io.temporal.api.history.v1.ChildWorkflowExecutionTimedOutEventAttributes;
import io.temporal.api.history.v1.ExternalWorkflowExecutionCancelRequestedEventAttributes;
import io.temporal.api.history.v1.ExternalWorkflowExecutionSignaledEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.RequestCancelExternalWorkflowExecutionFailedEventAttributes;
import io.temporal.api.history.v1.SignalExternalWorkflowExecutionFailedEventAttributes;
import io.temporal.api.history.v1.StartChildWorkflowExecutionFailedEventAttributes;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import java.util.function.BiFunction;

/**
 * Transfer tasks that act on another run: start a child and record it in the parent, tell a parent
 * that its child closed, apply parent close policies, deliver external signals and cancel requests.
 * Every step is idempotent (request ids derived from the initiating event), so a task that runs
 * twice changes nothing the second time.
 */
public final class CrossRunTasks {
  private static final String IDENTITY = "history-service";

  private final BiFunction<String, String, ShardContext> shards;
  private final StartWorkflow start;
  private final TerminateWorkflow terminate = new TerminateWorkflow();

  /**
   * @param shards the shard owning (namespace id, workflow id)
   */
  public CrossRunTasks(BiFunction<String, String, ShardContext> shards, StartWorkflow start) {
    this.shards = shards;
    this.start = start;
  }

  public static boolean handles(TransferTask.Kind kind) {
    return kind == TransferTask.Kind.START_CHILD
        || kind == TransferTask.Kind.CLOSE_EXECUTION
        || kind == TransferTask.Kind.SIGNAL_EXTERNAL
        || kind == TransferTask.Kind.CANCEL_EXTERNAL;
  }

  public void execute(ShardContext shard, TransferTask task) {
    RunKey key = new RunKey(task.getNamespaceId(), task.getWorkflowId(), task.getRunId());
    MutableState state = shard.read(key).orElse(null);
    if (state == null) {
      return;
    }
    switch (task.getKind()) {
      case START_CHILD -> startChild(shard, key, state, task.getScheduledEventId());
      case CLOSE_EXECUTION -> closed(shard, key, state);
      case SIGNAL_EXTERNAL -> signal(shard, key, state, task.getScheduledEventId());
      case CANCEL_EXTERNAL -> cancel(shard, key, state, task.getScheduledEventId());
      default -> throw new IllegalArgumentException("not a cross-run task: " + task.getKind());
    }
  }

  private void startChild(ShardContext shard, RunKey parent, MutableState state, long initiatedId) {
    ChildInfo child = state.getChildrenMap().get(initiatedId);
    boolean parentRunning =
        state.getExecution().getStatus()
            == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE;
    if (child == null || !child.getRunId().isEmpty() || !parentRunning) {
      return;
    }
    var initiated = parse(child.getInitiatedEvent());
    var a = initiated.getStartChildWorkflowExecutionInitiatedEventAttributes();
    String stateNamespace = state.getExecution().getNamespace();
    StartWorkflowExecutionRequest.Builder request =
        StartWorkflowExecutionRequest.newBuilder()
            .setNamespace(a.getNamespace())
            .setWorkflowId(a.getWorkflowId())
            .setWorkflowType(a.getWorkflowType())
            .setTaskQueue(a.getTaskQueue())
            .setInput(a.getInput())
            .setWorkflowExecutionTimeout(a.getWorkflowExecutionTimeout())
            .setWorkflowRunTimeout(a.getWorkflowRunTimeout())
            .setWorkflowTaskTimeout(a.getWorkflowTaskTimeout())
            .setIdentity(IDENTITY)
            .setRequestId(parent.runId() + ":" + initiatedId)
            .setWorkflowIdReusePolicy(a.getWorkflowIdReusePolicy())
            .setCronSchedule(a.getCronSchedule());
    if (a.hasRetryPolicy()) {
      request.setRetryPolicy(a.getRetryPolicy());
    }
    if (a.hasHeader()) {
      request.setHeader(a.getHeader());
    }
    if (a.hasMemo()) {
      request.setMemo(a.getMemo());
    }
    if (a.hasSearchAttributes()) {
      request.setSearchAttributes(a.getSearchAttributes());
    }
    if (a.hasPriority()) {
      request.setPriority(a.getPriority());
    }
    if (initiated.hasUserMetadata()) {
      request.setUserMetadata(initiated.getUserMetadata());
    }
    String childRunId;
    try {
      childRunId =
          start.startChild(
              shards.apply(a.getNamespaceId(), a.getWorkflowId()),
              a.getNamespaceId(),
              request.build(),
              b ->
                  b.setParentWorkflowNamespace(stateNamespace)
                      .setParentWorkflowNamespaceId(parent.namespaceId())
                      .setParentWorkflowExecution(execution(parent))
                      .setParentInitiatedEventId(initiatedId)
                      .setRootWorkflowExecution(Runs.root(parent, state.getExecution())));
    } catch (ServiceException e) {
      if (e.code() != Status.Code.ALREADY_EXISTS) {
        throw e;
      }
      shard.update(
          parent,
          tx -> {
            if (!tx.read().getChildrenMap().containsKey(initiatedId) || !tx.isRunning()) {
              return null;
            }
            tx.state().removeChildren(initiatedId);
            tx.appendExternal(
                HistoryEvent.newBuilder()
                    .setEventType(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED)
                    .setStartChildWorkflowExecutionFailedEventAttributes(
                        StartChildWorkflowExecutionFailedEventAttributes.newBuilder()
                            .setNamespace(a.getNamespace())
                            .setNamespaceId(a.getNamespaceId())
                            .setWorkflowId(a.getWorkflowId())
                            .setWorkflowType(a.getWorkflowType())
                            .setCause(
                                StartChildWorkflowExecutionFailedCause
                                    .START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS)
                            .setControl(a.getControl())
                            .setInitiatedEventId(initiatedId)
                            .setWorkflowTaskCompletedEventId(a.getWorkflowTaskCompletedEventId())));
            WorkflowTasks.onNewEvent(tx);
            return null;
          });
      return;
    }
    shard.update(
        parent,
        tx -> {
          ChildInfo pending = tx.read().getChildrenMap().get(initiatedId);
          if (pending == null || !pending.getRunId().isEmpty() || !tx.isRunning()) {
            return null;
          }
          HistoryEvent.Builder started =
              HistoryEvent.newBuilder()
                  .setEventType(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED)
                  .setChildWorkflowExecutionStartedEventAttributes(
                      ChildWorkflowExecutionStartedEventAttributes.newBuilder()
                          .setNamespace(a.getNamespace())
                          .setNamespaceId(a.getNamespaceId())
                          .setInitiatedEventId(initiatedId)
                          .setWorkflowExecution(
                              WorkflowExecution.newBuilder()
                                  .setWorkflowId(a.getWorkflowId())
                                  .setRunId(childRunId))
                          .setWorkflowType(a.getWorkflowType())
                          .setHeader(a.getHeader()));
          boolean written = tx.appendExternal(started);
          tx.state()
              .putChildren(
                  initiatedId,
                  pending.toBuilder()
                      .setRunId(childRunId)
                      .setStartedEventId(written ? started.getEventId() : 0)
                      .build());
          WorkflowTasks.onNewEvent(tx);
          return null;
        });
  }

  /**
   * A run closed: report to its parent (unless a next run carries on) and apply policies to its
   * children.
   */
  private void closed(ShardContext shard, RunKey key, MutableState state) {
    var info = state.getExecution();
    if (!info.getParentWorkflowId().isEmpty()) {
      HistoryEvent close =
          HistoryReader.read(shard, key, info.getCloseEventId(), info.getCloseEventId() + 1).get(0);
      if (!continues(close)) {
        reportToParent(key, info, close);
      }
    }
    for (ChildInfo child : state.getChildrenMap().values()) {
      if (child.getRunId().isEmpty()) {
        continue;
      }
      String childNamespaceId =
          parse(child.getInitiatedEvent())
              .getStartChildWorkflowExecutionInitiatedEventAttributes()
              .getNamespaceId();
      ShardContext childShard = shards.apply(childNamespaceId, child.getWorkflowId());
      RunKey childKey = new RunKey(childNamespaceId, child.getWorkflowId(), child.getRunId());
      try {
        switch (ParentClosePolicy.forNumber(child.getParentClosePolicy())) {
          case PARENT_CLOSE_POLICY_TERMINATE ->
              terminate.terminate(
                  childShard,
                  childShard.resolve(childNamespaceId, child.getWorkflowId(), ""),
                  "by parent close policy",
                  IDENTITY);
          case PARENT_CLOSE_POLICY_REQUEST_CANCEL ->
              Signals.requestCancel(
                  childShard,
                  childNamespaceId,
                  RequestCancelWorkflowExecutionRequest.newBuilder()
                      .setWorkflowExecution(
                          WorkflowExecution.newBuilder().setWorkflowId(childKey.workflowId()))
                      .setIdentity(IDENTITY)
                      .setRequestId(key.runId() + ":close:" + child.getInitiatedEventId())
                      .setReason("by parent close policy")
                      .build());
          default -> {}
        }
      } catch (ServiceException e) {
        if (e.code() != Status.Code.NOT_FOUND) {
          throw e;
        }
      }
    }
  }

  private static boolean continues(HistoryEvent close) {
    return switch (close.getEventType()) {
      case EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW -> true;
      case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED ->
          !close.getWorkflowExecutionCompletedEventAttributes().getNewExecutionRunId().isEmpty();
      case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED ->
          !close.getWorkflowExecutionFailedEventAttributes().getNewExecutionRunId().isEmpty();
      case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT ->
          !close.getWorkflowExecutionTimedOutEventAttributes().getNewExecutionRunId().isEmpty();
      default -> false;
    };
  }

  private void reportToParent(RunKey child, ExecutionInfo info, HistoryEvent close) {
    RunKey parent =
        new RunKey(info.getParentNamespaceId(), info.getParentWorkflowId(), info.getParentRunId());
    ShardContext parentShard = shards.apply(parent.namespaceId(), parent.workflowId());
    try {
      parentShard.update(
          parent,
          tx -> {
            ChildInfo pending = tx.read().getChildrenMap().get(info.getParentInitiatedEventId());
            if (pending == null
                || !tx.isRunning()
                || !pending.getWorkflowId().equals(child.workflowId())) {
              return null;
            }
            tx.state().removeChildren(pending.getInitiatedEventId());
            tx.appendExternal(childClosedEvent(pending, child, info, close));
            WorkflowTasks.onNewEvent(tx);
            return null;
          });
    } catch (ServiceException e) {
      if (e.code() != Status.Code.NOT_FOUND) {
        throw e;
      }
    }
  }

  private static HistoryEvent.Builder childClosedEvent(
      ChildInfo pending, RunKey child, ExecutionInfo info, HistoryEvent close) {
    var type = WorkflowType.newBuilder().setName(info.getWorkflowType()).build();
    WorkflowExecution execution = execution(child);
    String namespace = info.getNamespace();
    long initiated = pending.getInitiatedEventId();
    long started = pending.getStartedEventId();
    HistoryEvent.Builder event = HistoryEvent.newBuilder();
    switch (close.getEventType()) {
      case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED ->
          event
              .setEventType(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED)
              .setChildWorkflowExecutionCompletedEventAttributes(
                  ChildWorkflowExecutionCompletedEventAttributes.newBuilder()
                      .setResult(close.getWorkflowExecutionCompletedEventAttributes().getResult())
                      .setNamespace(namespace)
                      .setNamespaceId(child.namespaceId())
                      .setWorkflowExecution(execution)
                      .setWorkflowType(type)
                      .setInitiatedEventId(initiated)
                      .setStartedEventId(started));
      case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED ->
          event
              .setEventType(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED)
              .setChildWorkflowExecutionFailedEventAttributes(
                  ChildWorkflowExecutionFailedEventAttributes.newBuilder()
                      .setFailure(close.getWorkflowExecutionFailedEventAttributes().getFailure())
                      .setRetryState(
                          close.getWorkflowExecutionFailedEventAttributes().getRetryState())
                      .setNamespace(namespace)
                      .setNamespaceId(child.namespaceId())
                      .setWorkflowExecution(execution)
                      .setWorkflowType(type)
                      .setInitiatedEventId(initiated)
                      .setStartedEventId(started));
      case EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED ->
          event
              .setEventType(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED)
              .setChildWorkflowExecutionCanceledEventAttributes(
                  ChildWorkflowExecutionCanceledEventAttributes.newBuilder()
                      .setDetails(close.getWorkflowExecutionCanceledEventAttributes().getDetails())
                      .setNamespace(namespace)
                      .setNamespaceId(child.namespaceId())
                      .setWorkflowExecution(execution)
                      .setWorkflowType(type)
                      .setInitiatedEventId(initiated)
                      .setStartedEventId(started));
      case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT ->
          event
              .setEventType(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT)
              .setChildWorkflowExecutionTimedOutEventAttributes(
                  ChildWorkflowExecutionTimedOutEventAttributes.newBuilder()
                      .setRetryState(
                          close.getWorkflowExecutionTimedOutEventAttributes().getRetryState())
                      .setNamespace(namespace)
                      .setNamespaceId(child.namespaceId())
                      .setWorkflowExecution(execution)
                      .setWorkflowType(type)
                      .setInitiatedEventId(initiated)
                      .setStartedEventId(started));
      default ->
          event
              .setEventType(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED)
              .setChildWorkflowExecutionTerminatedEventAttributes(
                  ChildWorkflowExecutionTerminatedEventAttributes.newBuilder()
                      .setNamespace(namespace)
                      .setNamespaceId(child.namespaceId())
                      .setWorkflowExecution(execution)
                      .setWorkflowType(type)
                      .setInitiatedEventId(initiated)
                      .setStartedEventId(started));
    }
    return event;
  }

  private void signal(ShardContext shard, RunKey source, MutableState state, long initiatedId) {
    ExternalRequestInfo pending = state.getExternalRequestsMap().get(initiatedId);
    if (pending == null) {
      return;
    }
    var a =
        parse(pending.getInitiatedEvent())
            .getSignalExternalWorkflowExecutionInitiatedEventAttributes();
    boolean delivered =
        targetExists(
            () ->
                Signals.signal(
                    shards.apply(a.getNamespaceId(), a.getWorkflowExecution().getWorkflowId()),
                    a.getNamespaceId(),
                    SignalWorkflowExecutionRequest.newBuilder()
                        .setNamespace(a.getNamespace())
                        .setWorkflowExecution(a.getWorkflowExecution())
                        .setSignalName(a.getSignalName())
                        .setInput(a.getInput())
                        .setIdentity(IDENTITY)
                        .setRequestId(source.runId() + ":" + initiatedId)
                        .setHeader(a.getHeader())
                        .build()));
    HistoryEvent.Builder outcome =
        delivered
            ? HistoryEvent.newBuilder()
                .setEventType(EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED)
                .setExternalWorkflowExecutionSignaledEventAttributes(
                    ExternalWorkflowExecutionSignaledEventAttributes.newBuilder()
                        .setInitiatedEventId(initiatedId)
                        .setNamespace(a.getNamespace())
                        .setNamespaceId(a.getNamespaceId())
                        .setWorkflowExecution(a.getWorkflowExecution())
                        .setControl(a.getControl()))
            : HistoryEvent.newBuilder()
                .setEventType(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED)
                .setSignalExternalWorkflowExecutionFailedEventAttributes(
                    SignalExternalWorkflowExecutionFailedEventAttributes.newBuilder()
                        .setCause(
                            SignalExternalWorkflowExecutionFailedCause
                                .SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND)
                        .setInitiatedEventId(initiatedId)
                        .setNamespace(a.getNamespace())
                        .setNamespaceId(a.getNamespaceId())
                        .setWorkflowExecution(a.getWorkflowExecution())
                        .setControl(a.getControl())
                        .setWorkflowTaskCompletedEventId(a.getWorkflowTaskCompletedEventId()));
    recordOutcome(shard, source, initiatedId, outcome);
  }

  private void cancel(ShardContext shard, RunKey source, MutableState state, long initiatedId) {
    ExternalRequestInfo pending = state.getExternalRequestsMap().get(initiatedId);
    if (pending == null) {
      return;
    }
    var a =
        parse(pending.getInitiatedEvent())
            .getRequestCancelExternalWorkflowExecutionInitiatedEventAttributes();
    boolean delivered =
        targetExists(
            () ->
                Signals.requestCancel(
                    shards.apply(a.getNamespaceId(), a.getWorkflowExecution().getWorkflowId()),
                    a.getNamespaceId(),
                    RequestCancelWorkflowExecutionRequest.newBuilder()
                        .setNamespace(a.getNamespace())
                        .setWorkflowExecution(a.getWorkflowExecution())
                        .setIdentity(IDENTITY)
                        .setRequestId(source.runId() + ":" + initiatedId)
                        .setReason(a.getReason())
                        .build()));
    HistoryEvent.Builder outcome =
        delivered
            ? HistoryEvent.newBuilder()
                .setEventType(EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED)
                .setExternalWorkflowExecutionCancelRequestedEventAttributes(
                    ExternalWorkflowExecutionCancelRequestedEventAttributes.newBuilder()
                        .setInitiatedEventId(initiatedId)
                        .setNamespace(a.getNamespace())
                        .setNamespaceId(a.getNamespaceId())
                        .setWorkflowExecution(a.getWorkflowExecution()))
            : HistoryEvent.newBuilder()
                .setEventType(
                    EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED)
                .setRequestCancelExternalWorkflowExecutionFailedEventAttributes(
                    RequestCancelExternalWorkflowExecutionFailedEventAttributes.newBuilder()
                        .setCause(
                            CancelExternalWorkflowExecutionFailedCause
                                .CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND)
                        .setInitiatedEventId(initiatedId)
                        .setNamespace(a.getNamespace())
                        .setNamespaceId(a.getNamespaceId())
                        .setWorkflowExecution(a.getWorkflowExecution())
                        .setControl(a.getControl())
                        .setWorkflowTaskCompletedEventId(a.getWorkflowTaskCompletedEventId()));
    recordOutcome(shard, source, initiatedId, outcome);
  }

  /** Runs a call to another workflow; false when that workflow does not exist. */
  private static boolean targetExists(Runnable call) {
    try {
      call.run();
      return true;
    } catch (ServiceException e) {
      if (e.code() != Status.Code.NOT_FOUND) {
        throw e;
      }
      return false;
    }
  }

  /** Records how an external signal or cancel ended, once, in the run that sent it. */
  private static void recordOutcome(
      ShardContext shard, RunKey source, long initiatedId, HistoryEvent.Builder outcome) {
    shard.update(
        source,
        tx -> {
          if (!tx.read().getExternalRequestsMap().containsKey(initiatedId) || !tx.isRunning()) {
            return null;
          }
          tx.state().removeExternalRequests(initiatedId);
          tx.appendExternal(outcome);
          WorkflowTasks.onNewEvent(tx);
          return null;
        });
  }

  private static WorkflowExecution execution(RunKey key) {
    return WorkflowExecution.newBuilder()
        .setWorkflowId(key.workflowId())
        .setRunId(key.runId())
        .build();
  }

  private static HistoryEvent parse(ByteString bytes) {
    try {
      return HistoryEvent.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt stored event", e);
    }
  }
}
