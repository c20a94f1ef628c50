package dev.aevum.sdk.internal.common;

import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.failure.ActivityFailure;
import dev.aevum.sdk.failure.AevumFailure;
import dev.aevum.sdk.failure.ApplicationFailure;
import dev.aevum.sdk.failure.CanceledFailure;
import dev.aevum.sdk.failure.ChildWorkflowFailure;
import dev.aevum.sdk.failure.ServerFailure;
import dev.aevum.sdk.failure.TerminatedFailure;
import dev.aevum.sdk.failure.TimeoutFailure;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.failure.v1.ActivityFailureInfo;
import io.temporal.api.failure.v1.ApplicationFailureInfo;
import io.temporal.api.failure.v1.CanceledFailureInfo;
import io.temporal.api.failure.v1.ChildWorkflowExecutionFailureInfo;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.failure.v1.ServerFailureInfo;
import io.temporal.api.failure.v1.TerminatedFailureInfo;
import io.temporal.api.failure.v1.TimeoutFailureInfo;
import java.io.StringWriter;

/** Converts exceptions to Temporal's Failure proto and back, keeping the cause chain. */
public final class FailureConverter {
  static final String SOURCE = "AevumJavaSDK";
  private static final int MAX_DEPTH = 20;
  private final DataConverter dataConverter;

  public FailureConverter(DataConverter dataConverter) {
    this.dataConverter = dataConverter;
  }

  public Failure toFailure(Throwable e) {
    return toFailure(e, 0);
  }

  private Failure toFailure(Throwable e, int depth) {
    Failure.Builder b =
        Failure.newBuilder()
            .setSource(SOURCE)
            .setMessage(messageOf(e))
            .setStackTrace(stackTraceOf(e));
    if (e instanceof ApplicationFailure af) {
      b.setApplicationFailureInfo(
          ApplicationFailureInfo.newBuilder()
              .setType(af.type())
              .setNonRetryable(af.nonRetryable())
              .setDetails(af.encodeDetails(dataConverter)));
    } else if (e instanceof ActivityFailure af) {
      b.setActivityFailureInfo(
          ActivityFailureInfo.newBuilder()
              .setActivityId(af.activityId())
              .setActivityType(ActivityType.newBuilder().setName(af.activityType()))
              .setScheduledEventId(af.scheduledEventId())
              .setRetryState(Enums.toApi(af.retryState())));
    } else if (e instanceof ChildWorkflowFailure cf) {
      b.setChildWorkflowExecutionFailureInfo(
          ChildWorkflowExecutionFailureInfo.newBuilder()
              .setWorkflowExecution(
                  WorkflowExecution.newBuilder()
                      .setWorkflowId(cf.workflowId())
                      .setRunId(cf.runId()))
              .setWorkflowType(WorkflowType.newBuilder().setName(cf.workflowType()))
              .setRetryState(Enums.toApi(cf.retryState())));
    } else if (e instanceof TimeoutFailure tf) {
      b.setTimeoutFailureInfo(
          TimeoutFailureInfo.newBuilder().setTimeoutType(Enums.toApi(tf.timeoutType())));
    } else if (e instanceof CanceledFailure) {
      b.setCanceledFailureInfo(CanceledFailureInfo.getDefaultInstance());
    } else if (e instanceof TerminatedFailure) {
      b.setTerminatedFailureInfo(TerminatedFailureInfo.getDefaultInstance());
    } else if (e instanceof ServerFailure sf) {
      b.setServerFailureInfo(ServerFailureInfo.newBuilder().setNonRetryable(sf.nonRetryable()));
    } else {
      // Plain Java exceptions travel as application failures typed by class name, like Temporal's
      // SDKs.
      b.setApplicationFailureInfo(
          ApplicationFailureInfo.newBuilder().setType(e.getClass().getName()));
    }
    Throwable cause = e.getCause();
    if (cause != null && cause != e && depth < MAX_DEPTH) {
      b.setCause(toFailure(cause, depth + 1));
    }
    return b.build();
  }

  public AevumFailure toException(Failure f) {
    AevumFailure cause = f.hasCause() ? toException(f.getCause()) : null;
    String message = f.getMessage();
    AevumFailure result =
        switch (f.getFailureInfoCase()) {
          case APPLICATION_FAILURE_INFO -> {
            ApplicationFailureInfo info = f.getApplicationFailureInfo();
            yield ApplicationFailure.fromWire(
                message,
                info.getType(),
                info.getNonRetryable(),
                info.getDetails(),
                dataConverter,
                cause);
          }
          case ACTIVITY_FAILURE_INFO -> {
            ActivityFailureInfo info = f.getActivityFailureInfo();
            yield new ActivityFailure(
                message,
                info.getActivityType().getName(),
                info.getActivityId(),
                info.getScheduledEventId(),
                Enums.retryState(info.getRetryState()),
                cause);
          }
          case CHILD_WORKFLOW_EXECUTION_FAILURE_INFO -> {
            ChildWorkflowExecutionFailureInfo info = f.getChildWorkflowExecutionFailureInfo();
            yield new ChildWorkflowFailure(
                message,
                info.getWorkflowType().getName(),
                info.getWorkflowExecution().getWorkflowId(),
                info.getWorkflowExecution().getRunId(),
                Enums.retryState(info.getRetryState()),
                cause);
          }
          case TIMEOUT_FAILURE_INFO ->
              new TimeoutFailure(
                  message, Enums.timeoutType(f.getTimeoutFailureInfo().getTimeoutType()), cause);
          case CANCELED_FAILURE_INFO -> new CanceledFailure(message, cause);
          case TERMINATED_FAILURE_INFO -> new TerminatedFailure(message, cause);
          case SERVER_FAILURE_INFO ->
              new ServerFailure(message, f.getServerFailureInfo().getNonRetryable(), cause);
          default ->
              ApplicationFailure.fromWire(
                  message, f.getFailureInfoCase().name(), false, null, dataConverter, cause);
        };
    if (!f.getStackTrace().isEmpty()) {
      // Keep the remote stack readable without pretending it is a local one.
      result.setStackTrace(new StackTraceElement[0]);
    }
    return result;
  }

  private static String messageOf(Throwable e) {
    if (e instanceof AevumFailure af) {
      return af.originalMessage();
    }
    return e.getMessage() == null ? "" : e.getMessage();
  }

  private static String stackTraceOf(Throwable e) {
    StringWriter out = new StringWriter();
    for (StackTraceElement element : e.getStackTrace()) {
      out.append(element.toString()).append('\n');
    }
    return out.toString();
  }
}
