package dev.aevum.server.frontend.internal.workflow;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.failure.v1.TimeoutFailureInfo;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionContinuedAsNewEventAttributes;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import java.util.Arrays;

/**
 * Temporal's compatibility rule for clients that only follow continue-as-new when they wait for a
 * result: unless the client declares the {@code follows-next-run-id} feature (header {@code
 * supported-features}), a close event that names a next run (a workflow retry, the next cron run)
 * comes back, when the call asks only for the close event, as a ContinuedAsNew event naming that
 * run. The Java SDK declares no features, so it follows retries and cron runs this way.
 */
public final class FollowRuns implements ServerInterceptor {
  static final String FEATURE = "follows-next-run-id";
  private static final Metadata.Key<String> SUPPORTED_FEATURES =
      Metadata.Key.of("supported-features", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<Boolean> FOLLOWS_NEXT_RUN_ID =
      Context.key("aevum-follows-next-run-id");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String features = headers.get(SUPPORTED_FEATURES);
    boolean follows =
        features != null
            && Arrays.stream(features.split(",")).map(String::trim).anyMatch(FEATURE::equals);
    return Contexts.interceptCall(
        Context.current().withValue(FOLLOWS_NEXT_RUN_ID, follows), call, headers, next);
  }

  /** Whether the current call's client follows next run ids in close events itself. */
  public static boolean clientFollowsNextRunId() {
    return Boolean.TRUE.equals(FOLLOWS_NEXT_RUN_ID.get());
  }

  /**
   * A close-event answer as such a client needs it: the last event turned into ContinuedAsNew when
   * it names a next run.
   */
  public static GetWorkflowExecutionHistoryResponse forClientsThatFollowOnlyContinueAsNew(
      GetWorkflowExecutionHistoryResponse response) {
    int count = response.getHistory().getEventsCount();
    if (count == 0) {
      return response;
    }
    HistoryEvent last = response.getHistory().getEvents(count - 1);
    WorkflowExecutionContinuedAsNewEventAttributes.Builder next =
        WorkflowExecutionContinuedAsNewEventAttributes.newBuilder();
    switch (last.getEventType()) {
      case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> {
        var a = last.getWorkflowExecutionCompletedEventAttributes();
        if (a.getNewExecutionRunId().isEmpty()) {
          return response;
        }
        next.setNewExecutionRunId(a.getNewExecutionRunId()).setLastCompletionResult(a.getResult());
      }
      case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED -> {
        var a = last.getWorkflowExecutionFailedEventAttributes();
        if (a.getNewExecutionRunId().isEmpty()) {
          return response;
        }
        next.setNewExecutionRunId(a.getNewExecutionRunId()).setFailure(a.getFailure());
      }
      case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT -> {
        var a = last.getWorkflowExecutionTimedOutEventAttributes();
        if (a.getNewExecutionRunId().isEmpty()) {
          return response;
        }
        next.setNewExecutionRunId(a.getNewExecutionRunId())
            .setFailure(
                Failure.newBuilder()
                    .setMessage("workflow timeout")
                    .setTimeoutFailureInfo(
                        TimeoutFailureInfo.newBuilder()
                            .setTimeoutType(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE)));
      }
      default -> {
        return response;
      }
    }
    HistoryEvent continued =
        HistoryEvent.newBuilder()
            .setEventId(last.getEventId())
            .setEventTime(last.getEventTime())
            .setVersion(last.getVersion())
            .setTaskId(last.getTaskId())
            .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW)
            .setWorkflowExecutionContinuedAsNewEventAttributes(next)
            .build();
    History.Builder history = response.getHistory().toBuilder().setEvents(count - 1, continued);
    return response.toBuilder().setHistory(history).build();
  }
}
