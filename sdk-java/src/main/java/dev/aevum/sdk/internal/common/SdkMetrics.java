package dev.aevum.sdk.internal.common;

import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The SDK's meters, named like the Temporal SDKs' ({@code temporal_request}, {@code
 * temporal_workflow_task_execution_latency}, {@code temporal_activity_execution_failed} ...) so
 * existing dashboards apply. Records nothing unless a registry was configured.
 */
public final class SdkMetrics {
  private static final SdkMetrics NONE = new SdkMetrics(Optional.empty());

  private final Optional<MeterRegistry> registry;

  private SdkMetrics(Optional<MeterRegistry> registry) {
    this.registry = registry;
  }

  public static SdkMetrics of(Optional<MeterRegistry> registry) {
    return registry.isPresent() ? new SdkMetrics(registry) : NONE;
  }

  /** A unary call: counted, timed, and counted again as a failure with its status code. */
  public void request(String operation, long nanos, Optional<Status.Code> failure) {
    call("temporal.request", operation, nanos, failure);
  }

  /** A long poll (task polls, history waits); an empty poll is no failure. */
  public void longRequest(String operation, long nanos, Optional<Status.Code> failure) {
    call("temporal.long.request", operation, nanos, failure);
  }

  public void workflowTask(String workflowType, String taskQueue, long nanos, boolean failed) {
    registry.ifPresent(
        r -> {
          Timer.builder("temporal.workflow.task.execution.latency")
              .tag("workflow_type", workflowType)
              .tag("task_queue", taskQueue)
              .register(r)
              .record(nanos, TimeUnit.NANOSECONDS);
          if (failed) {
            counter(
                r,
                "temporal.workflow.task.execution.failed",
                "workflow_type",
                workflowType,
                "task_queue",
                taskQueue);
          }
        });
  }

  /**
   * A run this worker closed: {@code outcome} is completed, failed, canceled or continue_as_new.
   */
  public void workflowClosed(String workflowType, String taskQueue, String outcome) {
    registry.ifPresent(
        r ->
            counter(
                r,
                "temporal.workflow." + outcome.replace('_', '.'),
                "workflow_type",
                workflowType,
                "task_queue",
                taskQueue));
  }

  public void activity(String activityType, String taskQueue, long nanos, boolean failed) {
    registry.ifPresent(
        r -> {
          Timer.builder("temporal.activity.execution.latency")
              .tag("activity_type", activityType)
              .tag("task_queue", taskQueue)
              .register(r)
              .record(nanos, TimeUnit.NANOSECONDS);
          if (failed) {
            counter(
                r,
                "temporal.activity.execution.failed",
                "activity_type",
                activityType,
                "task_queue",
                taskQueue);
          }
        });
  }

  private void call(String name, String operation, long nanos, Optional<Status.Code> failure) {
    registry.ifPresent(
        r -> {
          counter(r, name, "operation", operation);
          Timer.builder(name + ".latency")
              .tag("operation", operation)
              .register(r)
              .record(nanos, TimeUnit.NANOSECONDS);
          failure.ifPresent(
              code ->
                  counter(
                      r, name + ".failure", "operation", operation, "status_code", code.name()));
        });
  }

  private static void counter(MeterRegistry r, String name, String... tags) {
    Counter.builder(name).tags(tags).register(r).increment();
  }
}
