package dev.aevum.server.history.internal.child;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aevum.proto.persistence.ChildInfo;
import dev.aevum.proto.persistence.ExternalRequestInfo;
import dev.aevum.proto.persistence.TransferTask;
import dev.aevum.server.common.workflow.Priorities;
import dev.aevum.server.history.internal.execution.Transaction;
import io.temporal.api.command.v1.RequestCancelExternalWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.SignalExternalWorkflowExecutionCommandAttributes;
import io.temporal.api.command.v1.StartChildWorkflowExecutionCommandAttributes;
import io.temporal.api.common.v1.Priority;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.RequestCancelExternalWorkflowExecutionInitiatedEventAttributes;
import io.temporal.api.history.v1.SignalExternalWorkflowExecutionInitiatedEventAttributes;
import io.temporal.api.history.v1.StartChildWorkflowExecutionInitiatedEventAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;

/**
 * The commands that reach other workflows: start a child, signal or cancel another workflow. Each
 * writes its Initiated event and a transfer task; {@link CrossRunTasks} carries it out.
 */
public final class Children {
  private Children() {}

  /** The namespace a command targets. */
  public record Namespace(String name, String id) {}

  public static void startChild(
      Transaction tx,
      StartChildWorkflowExecutionCommandAttributes a,
      Namespace target,
      long completedEventId) {
    var info = tx.read().getExecution();
    var attributes =
        StartChildWorkflowExecutionInitiatedEventAttributes.newBuilder()
            .setNamespace(target.name())
            .setNamespaceId(target.id())
            .setWorkflowId(a.getWorkflowId())
            .setWorkflowType(a.getWorkflowType())
            .setTaskQueue(
                a.getTaskQueue().getName().isEmpty()
                    ? TaskQueue.newBuilder().setName(info.getTaskQueue()).build()
                    : a.getTaskQueue())
            .setInput(a.getInput())
            .setWorkflowExecutionTimeout(a.getWorkflowExecutionTimeout())
            .setWorkflowRunTimeout(a.getWorkflowRunTimeout())
            .setWorkflowTaskTimeout(a.getWorkflowTaskTimeout())
            .setParentClosePolicy(
                a.getParentClosePolicy() == ParentClosePolicy.PARENT_CLOSE_POLICY_UNSPECIFIED
                    ? ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE
                    : a.getParentClosePolicy())
            .setControl(a.getControl())
            .setWorkflowTaskCompletedEventId(completedEventId)
            .setWorkflowIdReusePolicy(a.getWorkflowIdReusePolicy())
            .setCronSchedule(a.getCronSchedule());
    if (a.hasRetryPolicy()) {
      attributes.setRetryPolicy(a.getRetryPolicy());
    }
    if (a.hasHeader()) {
      attributes.setHeader(a.getHeader());
    }
    if (a.hasMemo()) {
      attributes.setMemo(a.getMemo());
    }
    if (a.hasSearchAttributes()) {
      attributes.setSearchAttributes(a.getSearchAttributes());
    }
    Priority priority;
    try {
      priority = Priorities.inherit(Priority.parseFrom(info.getPriority()), a.getPriority());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt priority of " + tx.key(), e);
    }
    if (!priority.equals(Priority.getDefaultInstance())) {
      attributes.setPriority(priority);
    }
    HistoryEvent.Builder event =
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)
            .setStartChildWorkflowExecutionInitiatedEventAttributes(attributes);
    long id = tx.append(event);
    tx.state()
        .putChildren(
            id,
            ChildInfo.newBuilder()
                .setInitiatedEventId(id)
                .setInitiatedEvent(event.build().toByteString())
                .setWorkflowId(a.getWorkflowId())
                .setParentClosePolicy(attributes.getParentClosePolicyValue())
                .build());
    transfer(tx, TransferTask.Kind.START_CHILD, id);
  }

  public static void signalExternal(
      Transaction tx,
      SignalExternalWorkflowExecutionCommandAttributes a,
      Namespace target,
      long completedEventId) {
    HistoryEvent.Builder event =
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED)
            .setSignalExternalWorkflowExecutionInitiatedEventAttributes(
                SignalExternalWorkflowExecutionInitiatedEventAttributes.newBuilder()
                    .setNamespace(target.name())
                    .setNamespaceId(target.id())
                    .setWorkflowExecution(a.getExecution())
                    .setSignalName(a.getSignalName())
                    .setInput(a.getInput())
                    .setControl(a.getControl())
                    .setChildWorkflowOnly(a.getChildWorkflowOnly())
                    .setHeader(a.getHeader())
                    .setWorkflowTaskCompletedEventId(completedEventId));
    external(tx, event, TransferTask.Kind.SIGNAL_EXTERNAL);
  }

  public static void cancelExternal(
      Transaction tx,
      RequestCancelExternalWorkflowExecutionCommandAttributes a,
      Namespace target,
      long completedEventId) {
    HistoryEvent.Builder event =
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED)
            .setRequestCancelExternalWorkflowExecutionInitiatedEventAttributes(
                RequestCancelExternalWorkflowExecutionInitiatedEventAttributes.newBuilder()
                    .setNamespace(target.name())
                    .setNamespaceId(target.id())
                    .setWorkflowExecution(
                        WorkflowExecution.newBuilder()
                            .setWorkflowId(a.getWorkflowId())
                            .setRunId(a.getRunId()))
                    .setControl(a.getControl())
                    .setChildWorkflowOnly(a.getChildWorkflowOnly())
                    .setReason(a.getReason())
                    .setWorkflowTaskCompletedEventId(completedEventId));
    external(tx, event, TransferTask.Kind.CANCEL_EXTERNAL);
  }

  private static void external(Transaction tx, HistoryEvent.Builder event, TransferTask.Kind kind) {
    long id = tx.append(event);
    tx.state()
        .putExternalRequests(
            id,
            ExternalRequestInfo.newBuilder()
                .setInitiatedEventId(id)
                .setInitiatedEvent(event.build().toByteString())
                .build());
    transfer(tx, kind, id);
  }

  private static void transfer(Transaction tx, TransferTask.Kind kind, long initiatedEventId) {
    tx.addTransferTask(
        TransferTask.newBuilder()
            .setKind(kind)
            .setNamespaceId(tx.key().namespaceId())
            .setWorkflowId(tx.key().workflowId())
            .setRunId(tx.key().runId())
            .setScheduledEventId(initiatedEventId)
            .build());
  }
}
