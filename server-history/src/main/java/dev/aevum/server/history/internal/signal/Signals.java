package dev.aevum.server.history.internal.signal;

import dev.aevum.server.common.Errors;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.ShardContext;
import dev.aevum.server.history.internal.execution.Transaction;
import dev.aevum.server.history.internal.workflowtask.WorkflowTasks;
import io.temporal.api.common.v1.Header;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionCancelRequestedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionSignaledEventAttributes;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;

/** Signals and cancel requests: external events a running workflow sees in its next task. */
public final class Signals {
  /** Temporal's history.maximumSignalsPerExecution. */
  static final int MAX_SIGNALS = 10_000;

  private Signals() {}

  public static void signal(
      ShardContext shard, String namespaceId, SignalWorkflowExecutionRequest request) {
    var execution = request.getWorkflowExecution();
    RunKey key = shard.resolve(namespaceId, execution.getWorkflowId(), execution.getRunId());
    shard.update(
        key,
        tx -> {
          if (!request.getRequestId().isEmpty()
              && tx.read().getSignalRequestIdsList().contains(request.getRequestId())) {
            return null;
          }
          if (!tx.isRunning()) {
            throw Errors.notFound("workflow execution already completed");
          }
          appendSignal(
              tx,
              request.getSignalName(),
              request.getInput(),
              request.getIdentity(),
              request.getHeader(),
              request.getRequestId());
          return null;
        });
  }

  /** Records a signal in an ongoing transition and lets the workflow see it. */
  public static void appendSignal(
      Transaction tx,
      String name,
      Payloads input,
      String identity,
      Header header,
      String requestId) {
    if (tx.read().getSignalCount() >= MAX_SIGNALS) {
      throw Errors.invalidArgument("exceeded workflow execution limit for signal events");
    }
    if (!requestId.isEmpty()) {
      tx.state().addSignalRequestIds(requestId);
    }
    tx.state().setSignalCount(tx.read().getSignalCount() + 1);
    WorkflowExecutionSignaledEventAttributes.Builder signaled =
        WorkflowExecutionSignaledEventAttributes.newBuilder()
            .setSignalName(name)
            .setInput(input)
            .setIdentity(identity);
    if (header.getFieldsCount() > 0) {
      signaled.setHeader(header);
    }
    tx.appendExternal(
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
            .setWorkflowExecutionSignaledEventAttributes(signaled));
    WorkflowTasks.onNewEvent(tx);
  }

  public static void requestCancel(
      ShardContext shard, String namespaceId, RequestCancelWorkflowExecutionRequest request) {
    var execution = request.getWorkflowExecution();
    // With a first execution run id the request is for the current run of that chain (Temporal's
    // rule).
    RunKey key =
        shard.resolve(
            namespaceId,
            execution.getWorkflowId(),
            request.getFirstExecutionRunId().isEmpty() ? execution.getRunId() : "");
    shard.update(
        key,
        tx -> {
          if (!tx.isRunning()) {
            // Cancelling a closed workflow succeeds, as in Temporal.
            return null;
          }
          if (!request.getFirstExecutionRunId().isEmpty()
              && !request
                  .getFirstExecutionRunId()
                  .equals(tx.read().getExecution().getFirstExecutionRunId())) {
            throw Errors.notFound("workflow execution not found");
          }
          if (tx.read().getExecution().getCancelRequested()) {
            return null;
          }
          requestCancel(
              tx,
              request.getReason(),
              request.getIdentity(),
              request.getRequestId(),
              WorkflowExecution.getDefaultInstance(),
              0);
          return null;
        });
  }

  static void requestCancel(
      Transaction tx,
      String reason,
      String identity,
      String requestId,
      WorkflowExecution external,
      long externalInitiatedEventId) {
    tx.state().getExecutionBuilder().setCancelRequested(true).setCancelRequestId(requestId);
    var attributes =
        WorkflowExecutionCancelRequestedEventAttributes.newBuilder()
            .setCause(reason)
            .setIdentity(identity);
    if (!external.getWorkflowId().isEmpty()) {
      attributes
          .setExternalWorkflowExecution(external)
          .setExternalInitiatedEventId(externalInitiatedEventId);
    }
    tx.appendExternal(
        HistoryEvent.newBuilder()
            .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED)
            .setWorkflowExecutionCancelRequestedEventAttributes(attributes));
    WorkflowTasks.onNewEvent(tx);
  }
}
