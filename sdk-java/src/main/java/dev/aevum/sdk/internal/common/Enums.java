package dev.aevum.sdk.internal.common;

import dev.aevum.sdk.WorkflowStatus;
import dev.aevum.sdk.failure.RetryState;
import dev.aevum.sdk.failure.TimeoutType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;

/**
 * The SDK's own enums and the API's: each SDK value is the API value's name without its prefix
 * ({@code RETRY_STATE_TIMEOUT} is {@link RetryState#TIMEOUT}), so the mapping is by name, and an
 * API value this SDK does not know becomes {@code UNSPECIFIED}.
 */
public final class Enums {
  private Enums() {}

  public static RetryState retryState(io.temporal.api.enums.v1.RetryState state) {
    return ours(RetryState.class, state, "RETRY_STATE_", RetryState.UNSPECIFIED);
  }

  public static io.temporal.api.enums.v1.RetryState toApi(RetryState state) {
    return theirs(
        io.temporal.api.enums.v1.RetryState.class,
        "RETRY_STATE_" + state.name(),
        io.temporal.api.enums.v1.RetryState.RETRY_STATE_UNSPECIFIED);
  }

  public static TimeoutType timeoutType(io.temporal.api.enums.v1.TimeoutType type) {
    return ours(TimeoutType.class, type, "TIMEOUT_TYPE_", TimeoutType.UNSPECIFIED);
  }

  public static io.temporal.api.enums.v1.TimeoutType toApi(TimeoutType type) {
    return theirs(
        io.temporal.api.enums.v1.TimeoutType.class,
        "TIMEOUT_TYPE_" + type.name(),
        io.temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_UNSPECIFIED);
  }

  public static WorkflowStatus workflowStatus(WorkflowExecutionStatus status) {
    return ours(
        WorkflowStatus.class, status, "WORKFLOW_EXECUTION_STATUS_", WorkflowStatus.UNSPECIFIED);
  }

  public static WorkflowExecutionStatus toApi(WorkflowStatus status) {
    return theirs(
        WorkflowExecutionStatus.class,
        "WORKFLOW_EXECUTION_STATUS_" + status.name(),
        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED);
  }

  private static <E extends Enum<E>> E ours(Class<E> type, Enum<?> api, String prefix, E fallback) {
    String name = api.name();
    if (!name.startsWith(prefix)) {
      return fallback; // UNRECOGNIZED
    }
    return theirs(type, name.substring(prefix.length()), fallback);
  }

  private static <E extends Enum<E>> E theirs(Class<E> type, String name, E fallback) {
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }
}
