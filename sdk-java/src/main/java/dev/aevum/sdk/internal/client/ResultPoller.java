package dev.aevum.sdk.internal.client;

import com.google.protobuf.ByteString;
import dev.aevum.sdk.AevumServiceException;
import dev.aevum.sdk.WorkflowFailedException;
import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.failure.AevumFailure;
import dev.aevum.sdk.failure.CanceledFailure;
import dev.aevum.sdk.failure.TerminatedFailure;
import dev.aevum.sdk.failure.TimeoutFailure;
import dev.aevum.sdk.failure.TimeoutType;
import dev.aevum.sdk.internal.common.FailureConverter;
import dev.aevum.sdk.internal.common.Rpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import java.lang.reflect.Type;
import java.util.Optional;

/** Waits for a workflow's close event by long-polling its history, and decodes the outcome. */
public final class ResultPoller {
  private final Rpc rpc;
  private final String namespace;
  private final DataConverter converter;
  private WorkflowExecution execution;

  public ResultPoller(
      Rpc rpc, String namespace, WorkflowExecution execution, DataConverter converter) {
    this.rpc = rpc;
    this.namespace = namespace;
    this.execution = execution;
    this.converter = converter;
  }

  public <R> R awaitResult(Class<R> resultClass, Type resultType) {
    while (true) {
      HistoryEvent close = awaitCloseEvent();
      String nextRun = nextRunId(close);
      if (!nextRun.isEmpty()) {
        // Continue-as-new, retry or cron: the result belongs to the chain's last run.
        execution = execution.toBuilder().setRunId(nextRun).build();
        continue;
      }
      return decode(close, resultClass, resultType);
    }
  }

  private <R> R decode(HistoryEvent close, Class<R> resultClass, Type resultType) {
    if (close.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED) {
      var a = close.getWorkflowExecutionCompletedEventAttributes();
      Optional<Payloads> result = a.hasResult() ? Optional.of(a.getResult()) : Optional.empty();
      return converter.fromPayloads(0, result, resultClass, resultType);
    }
    FailureConverter failures = new FailureConverter(converter);
    AevumFailure failure =
        switch (close.getEventType()) {
          case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED ->
              failures.toException(close.getWorkflowExecutionFailedEventAttributes().getFailure());
          case EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED ->
              new CanceledFailure("workflow canceled", null);
          case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED ->
              new TerminatedFailure(
                  close.getWorkflowExecutionTerminatedEventAttributes().getReason(), null);
          case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT ->
              new TimeoutFailure("workflow timed out", TimeoutType.START_TO_CLOSE, null);
          default ->
              throw new IllegalStateException("unexpected close event " + close.getEventType());
        };
    throw new WorkflowFailedException(execution.getWorkflowId(), execution.getRunId(), failure);
  }

  private static String nextRunId(HistoryEvent close) {
    return switch (close.getEventType()) {
      case EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW ->
          close.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId();
      case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED ->
          close.getWorkflowExecutionFailedEventAttributes().getNewExecutionRunId();
      case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT ->
          close.getWorkflowExecutionTimedOutEventAttributes().getNewExecutionRunId();
      default -> "";
    };
  }

  private HistoryEvent awaitCloseEvent() {
    ByteString token = ByteString.EMPTY;
    while (true) {
      GetWorkflowExecutionHistoryRequest request =
          GetWorkflowExecutionHistoryRequest.newBuilder()
              .setNamespace(namespace)
              .setExecution(execution)
              .setWaitNewEvent(true)
              .setHistoryEventFilterType(
                  HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
              .setNextPageToken(token)
              .build();
      GetWorkflowExecutionHistoryResponse response;
      try {
        response =
            rpc.longPoll(
                "GetWorkflowExecutionHistory", s -> s.getWorkflowExecutionHistory(request));
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
          continue; // The server held the poll past our deadline; poll again with the same token.
        }
        if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
          Rpc.sleepWithJitter(500);
          continue;
        }
        throw new AevumServiceException(
            "waiting for the result of workflow " + execution.getWorkflowId(), e.getStatus(), e);
      }
      for (HistoryEvent event : response.getHistory().getEventsList()) {
        if (isClose(event)) {
          return event;
        }
      }
      token = response.getNextPageToken();
    }
  }

  private static boolean isClose(HistoryEvent event) {
    return switch (event.getEventType()) {
      case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
          EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
          EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
          EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
          EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
          EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW ->
          true;
      default -> false;
    };
  }

  /** Reads every page of the run's history without waiting. */
  public History fetchHistory() {
    History.Builder history = History.newBuilder();
    ByteString token = ByteString.EMPTY;
    do {
      GetWorkflowExecutionHistoryRequest request =
          GetWorkflowExecutionHistoryRequest.newBuilder()
              .setNamespace(namespace)
              .setExecution(execution)
              .setNextPageToken(token)
              .build();
      GetWorkflowExecutionHistoryResponse response =
          rpc.call("GetWorkflowExecutionHistory", s -> s.getWorkflowExecutionHistory(request));
      history.addAllEvents(response.getHistory().getEventsList());
      token = response.getNextPageToken();
    } while (!token.isEmpty());
    return history.build();
  }
}
