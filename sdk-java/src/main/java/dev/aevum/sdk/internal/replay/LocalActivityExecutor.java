package dev.aevum.sdk.internal.replay;

import dev.aevum.sdk.activity.LocalActivityOptions;
import dev.aevum.sdk.workflow.WorkflowInfo;
import io.temporal.api.common.v1.Header;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.failure.v1.Failure;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Runs local activities for live workflow tasks; the worker provides it. */
@FunctionalInterface
public interface LocalActivityExecutor {

  /**
   * Runs the activity with its retries; the failure, if any, is an ActivityFailure with its cause.
   */
  Outcome execute(Request request);

  /**
   * Starts the activity (with its retries) without waiting for it, so that the workflow task can be
   * heartbeated while it runs longer than the task. By default runs it on the calling thread.
   */
  default CompletableFuture<Outcome> start(Request request) {
    return CompletableFuture.completedFuture(execute(request));
  }

  record Request(
      String activityId,
      String activityType,
      Payloads input,
      LocalActivityOptions options,
      WorkflowInfo workflow,
      Header header) {}

  record Outcome(Optional<Payloads> result, Optional<Failure> failure) {}

  /** For runners without a worker (the replayer): histories always hold the recorded outcome. */
  LocalActivityExecutor UNAVAILABLE =
      request -> {
        throw new IllegalStateException(
            "local activity "
                + request.activityType()
                + " cannot run here: no worker executes local activities");
      };
}
