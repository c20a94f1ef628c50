package dev.aevum.server.frontend.internal.validation;

import com.google.protobuf.Duration;
import dev.aevum.server.common.Errors;
import dev.aevum.server.common.activity.StandaloneActivityIds;
import dev.aevum.server.common.validation.Ids;
import io.temporal.api.common.v1.WorkflowExecution;
import java.util.UUID;

/**
 * Checks shared by many requests. Messages are Temporal's where it has one, so clients that match
 * on them keep working; each names the offending field.
 */
public final class Fields {
  /**
   * Temporal caps durations at 100 years instead of rejecting them
   * (timestamp.ValidateAndCapProtoDuration).
   */
  static final long MAX_DURATION_SECONDS = 100L * 365 * 24 * 3600;

  private Fields() {}

  public static void namespace(String namespace, int maxIdLength) {
    if (namespace.isEmpty()) {
      throw Errors.invalidArgument("Namespace is not set on request.");
    }
    if (utf8Length(namespace) > maxIdLength) {
      throw Errors.invalidArgument("Namespace length exceeds limit.");
    }
  }

  public static void identity(String identity, int maxIdLength) {
    if (utf8Length(identity) > maxIdLength) {
      throw Errors.invalidArgument("Identity length exceeds limit.");
    }
  }

  /**
   * The request id to use: a fresh one when the caller sent none, as Temporal does for direct API
   * use.
   */
  public static String requestId(String requestId, int maxIdLength) {
    if (requestId.isEmpty()) {
      return UUID.randomUUID().toString();
    }
    if (utf8Length(requestId) > maxIdLength) {
      throw Errors.invalidArgument("RequestId length exceeds limit.");
    }
    return requestId;
  }

  public static void workflowId(String workflowId, int maxIdLength) {
    if (workflowId.isEmpty()) {
      throw Errors.invalidArgument("WorkflowId is not set on request.");
    }
    int length = utf8Length(workflowId);
    if (length > maxIdLength) {
      throw Errors.invalidArgument(
          "WorkflowId exceeds maximum allowed length (" + length + "/" + maxIdLength + ")");
    }
    if (StandaloneActivityIds.isStandalone(workflowId)) {
      // The prefix keys standalone activities' runs; a workflow taking it would clash with them.
      throw Errors.invalidArgument("WorkflowId may not begin with the control character U+0001.");
    }
  }

  /** An activity id of a standalone activity: set, and within the id length limit. */
  public static void activityId(String activityId, int maxIdLength) {
    if (activityId.isEmpty()) {
      throw Errors.invalidArgument("ActivityId is not set on request.");
    }
    int length = utf8Length(activityId);
    if (length > maxIdLength) {
      throw Errors.invalidArgument(
          "ActivityId exceeds maximum allowed length (" + length + "/" + maxIdLength + ")");
    }
  }

  /** A workflow execution named by a request: the workflow id is required, the run id optional. */
  public static void execution(boolean present, WorkflowExecution execution, int maxIdLength) {
    if (!present) {
      throw Errors.invalidArgument("Execution is not set on request.");
    }
    workflowId(execution.getWorkflowId(), maxIdLength);
    runId(execution.getRunId());
  }

  /** A run id is optional; when present it must be a UUID. */
  public static void runId(String runId) {
    if (runId.isEmpty()) {
      return;
    }
    if (!Ids.isRunId(runId)) {
      throw Errors.invalidArgument("Invalid RunId.");
    }
  }

  /**
   * Validates a duration the way Temporal does: negative or mixed-sign durations are rejected,
   * longer than 100 years is capped.
   *
   * @param errorPrefix the message naming the field, e.g. "An invalid WorkflowRunTimeoutSeconds is
   *     set on request."
   * @return the duration to forward (capped), or the input when it was fine
   */
  public static Duration duration(Duration duration, String errorPrefix) {
    long seconds = duration.getSeconds();
    int nanos = duration.getNanos();
    if ((seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) {
      throw Errors.invalidArgument(
          errorPrefix + " cause: duration has seconds and nanos with different signs");
    }
    if (seconds < 0 || nanos < 0) {
      throw Errors.invalidArgument(errorPrefix + " cause: negative duration");
    }
    if (seconds > MAX_DURATION_SECONDS) {
      return Duration.newBuilder().setSeconds(MAX_DURATION_SECONDS).build();
    }
    return duration;
  }

  public static long toMillis(Duration duration) {
    return duration.getSeconds() * 1000 + duration.getNanos() / 1_000_000;
  }

  /** Length in UTF-8 bytes: Temporal's limits count bytes (Go's len). */
  public static int utf8Length(String s) {
    return Ids.utf8Length(s);
  }
}
