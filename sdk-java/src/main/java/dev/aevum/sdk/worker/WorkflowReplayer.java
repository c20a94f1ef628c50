package dev.aevum.sdk.worker;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.aevum.sdk.ClientOptions;
import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.internal.replay.HistoryJson;
import dev.aevum.sdk.internal.replay.WorkflowEntryPoint;
import dev.aevum.sdk.internal.replay.WorkflowExecutionRunner;
import dev.aevum.sdk.internal.replay.WorkflowTaskFailedException;
import dev.aevum.sdk.internal.worker.WorkflowRegistry;
import dev.aevum.sdk.workflow.NonDeterministicException;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.Objects;

/**
 * Replays a recorded history against workflow code, to prove a code change is compatible with
 * running executions before deploying it.
 */
public final class WorkflowReplayer {
  private WorkflowReplayer() {}

  /**
   * Replays {@code history} with the registered implementation of its workflow type.
   *
   * @throws NonDeterministicException if the code no longer produces the recorded commands
   * @throws IllegalStateException if the workflow code fails in a way that would fail its task
   */
  public static void replay(History history, Class<?>... workflowImplementations) {
    replay(history, WorkerOptions.defaults(), workflowImplementations);
  }

  /**
   * As {@link #replay(History, Class[])}, with the worker's interceptors applied as a worker
   * replaying the history would apply them (needed when interceptors influence workflow code, for
   * example by rewriting arguments). Only {@code options.interceptors()} matter here.
   */
  public static void replay(
      History history, WorkerOptions options, Class<?>... workflowImplementations) {
    replay(history, ClientOptions.defaults(), options, workflowImplementations);
  }

  /**
   * Replays as a worker created from a client with {@code clientOptions} would: its data converter
   * (codecs included, needed to read a history written through an encryption codec) and context
   * propagators, and the worker options' interceptors.
   */
  public static void replay(
      History history,
      ClientOptions clientOptions,
      WorkerOptions options,
      Class<?>... workflowImplementations) {
    Objects.requireNonNull(clientOptions, "clientOptions");
    Objects.requireNonNull(options, "options");
    if (history.getEventsCount() == 0
        || !history.getEvents(0).hasWorkflowExecutionStartedEventAttributes()) {
      throw new IllegalArgumentException(
          "history: must start with a WorkflowExecutionStarted event");
    }
    WorkflowRegistry registry = new WorkflowRegistry();
    for (Class<?> implementation : workflowImplementations) {
      registry.register(implementation);
    }
    registry.useInterceptors(options.interceptors());
    HistoryEvent first = history.getEvents(0);
    String type = first.getWorkflowExecutionStartedEventAttributes().getWorkflowType().getName();
    DataConverter converter = clientOptions.dataConverter();
    WorkflowEntryPoint entryPoint =
        registry
            .entryPoint(type, converter)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "workflowImplementations: none implements workflow type "
                            + type
                            + "; registered: "
                            + registry.types()));
    String runId = first.getWorkflowExecutionStartedEventAttributes().getOriginalExecutionRunId();
    try (WorkflowExecutionRunner runner =
        new WorkflowExecutionRunner(
            entryPoint,
            converter,
            "replay",
            "replay",
            runId,
            WorkerOptions.DEFAULT_DEADLOCK_TIMEOUT)) {
      runner.useInterceptors(options.interceptors());
      runner.useContextPropagators(clientOptions.contextPropagators());
      runner.process(history.getEventsList());
    } catch (WorkflowTaskFailedException e) {
      if (e.getCause() instanceof NonDeterministicException nde) {
        throw nde;
      }
      throw new IllegalStateException("replay failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Parses a history exported as JSON: protobuf JSON as the CLI writes it with {@code -o json}, or
   * the older form of tctl and the Web UI, whose enum values are short ({@code "eventType":
   * "WorkflowExecutionStarted"}, {@code "kind": "Normal"}).
   */
  public static History parseJson(String json) {
    return HistoryJson.parse(json);
  }

  /** Writes a history as protobuf JSON, the form {@link #parseJson} reads. */
  public static String toJson(History history) {
    try {
      return JsonFormat.printer().print(history);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print history", e);
    }
  }
}
