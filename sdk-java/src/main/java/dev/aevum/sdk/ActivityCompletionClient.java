package dev.aevum.sdk;

import com.google.protobuf.ByteString;
import dev.aevum.sdk.failure.CanceledFailure;
import dev.aevum.sdk.internal.common.FailureConverter;
import dev.aevum.sdk.internal.common.Rpc;
import dev.aevum.sdk.internal.common.Validate;
import io.grpc.Status;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatByIdRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedByIdRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Completes, fails, cancels or heartbeats an activity from outside its method: by the task token
 * from {@code ActivityContext.taskToken()}, or by workflow id, optional run id and activity id. An
 * activity that no longer waits (timed out, completed, workflow closed) raises {@link
 * ActivityCompletionException}.
 */
public final class ActivityCompletionClient {
  private final Rpc rpc;
  private final ClientOptions options;
  private final FailureConverter failures;

  ActivityCompletionClient(Rpc rpc, ClientOptions options) {
    this.rpc = rpc;
    this.options = options;
    this.failures = new FailureConverter(options.dataConverter());
  }

  public void complete(byte[] taskToken, Object result) {
    RespondActivityTaskCompletedRequest request =
        RespondActivityTaskCompletedRequest.newBuilder()
            .setNamespace(options.namespace())
            .setIdentity(options.identity())
            .setTaskToken(token(taskToken))
            .setResult(payloads(result))
            .build();
    send(
        "complete",
        describe(taskToken),
        () ->
            rpc.call("RespondActivityTaskCompleted", s -> s.respondActivityTaskCompleted(request)));
  }

  public void complete(
      String workflowId, Optional<String> runId, String activityId, Object result) {
    RespondActivityTaskCompletedByIdRequest request =
        RespondActivityTaskCompletedByIdRequest.newBuilder()
            .setNamespace(options.namespace())
            .setIdentity(options.identity())
            .setWorkflowId(Validate.notBlank(workflowId, "workflowId"))
            .setRunId(runId.orElse(""))
            .setActivityId(Validate.notBlank(activityId, "activityId"))
            .setResult(payloads(result))
            .build();
    send(
        "complete",
        describe(workflowId, activityId),
        () ->
            rpc.call(
                "RespondActivityTaskCompletedById",
                s -> s.respondActivityTaskCompletedById(request)));
  }

  /** Fails the attempt; the server retries it by the activity's retry options. */
  public void completeExceptionally(byte[] taskToken, Exception failure) {
    Objects.requireNonNull(failure, "failure");
    RespondActivityTaskFailedRequest request =
        RespondActivityTaskFailedRequest.newBuilder()
            .setNamespace(options.namespace())
            .setIdentity(options.identity())
            .setTaskToken(token(taskToken))
            .setFailure(failures.toFailure(failure))
            .build();
    send(
        "fail",
        describe(taskToken),
        () -> rpc.call("RespondActivityTaskFailed", s -> s.respondActivityTaskFailed(request)));
  }

  public void completeExceptionally(
      String workflowId, Optional<String> runId, String activityId, Exception failure) {
    Objects.requireNonNull(failure, "failure");
    RespondActivityTaskFailedByIdRequest request =
        RespondActivityTaskFailedByIdRequest.newBuilder()
            .setNamespace(options.namespace())
            .setIdentity(options.identity())
            .setWorkflowId(Validate.notBlank(workflowId, "workflowId"))
            .setRunId(runId.orElse(""))
            .setActivityId(Validate.notBlank(activityId, "activityId"))
            .setFailure(failures.toFailure(failure))
            .build();
    send(
        "fail",
        describe(workflowId, activityId),
        () ->
            rpc.call(
                "RespondActivityTaskFailedById", s -> s.respondActivityTaskFailedById(request)));
  }

  /** Confirms a requested cancellation. */
  public void reportCancellation(byte[] taskToken) {
    RespondActivityTaskCanceledRequest request =
        RespondActivityTaskCanceledRequest.newBuilder()
            .setNamespace(options.namespace())
            .setIdentity(options.identity())
            .setTaskToken(token(taskToken))
            .build();
    send(
        "cancel",
        describe(taskToken),
        () -> rpc.call("RespondActivityTaskCanceled", s -> s.respondActivityTaskCanceled(request)));
  }

  public void reportCancellation(String workflowId, Optional<String> runId, String activityId) {
    RespondActivityTaskCanceledByIdRequest request =
        RespondActivityTaskCanceledByIdRequest.newBuilder()
            .setNamespace(options.namespace())
            .setIdentity(options.identity())
            .setWorkflowId(Validate.notBlank(workflowId, "workflowId"))
            .setRunId(runId.orElse(""))
            .setActivityId(Validate.notBlank(activityId, "activityId"))
            .build();
    send(
        "cancel",
        describe(workflowId, activityId),
        () ->
            rpc.call(
                "RespondActivityTaskCanceledById",
                s -> s.respondActivityTaskCanceledById(request)));
  }

  /**
   * Records progress; throws {@link CanceledFailure} when the workflow asked to cancel the
   * activity.
   */
  public void heartbeat(byte[] taskToken, Object details) {
    RecordActivityTaskHeartbeatRequest request =
        RecordActivityTaskHeartbeatRequest.newBuilder()
            .setNamespace(options.namespace())
            .setIdentity(options.identity())
            .setTaskToken(token(taskToken))
            .setDetails(payloads(details))
            .build();
    boolean canceled =
        call(
            "heartbeat",
            describe(taskToken),
            () ->
                rpc.call("RecordActivityTaskHeartbeat", s -> s.recordActivityTaskHeartbeat(request))
                    .getCancelRequested());
    if (canceled) {
      throw new CanceledFailure("activity " + describe(taskToken) + " cancel requested", null);
    }
  }

  public void heartbeat(
      String workflowId, Optional<String> runId, String activityId, Object details) {
    RecordActivityTaskHeartbeatByIdRequest request =
        RecordActivityTaskHeartbeatByIdRequest.newBuilder()
            .setNamespace(options.namespace())
            .setIdentity(options.identity())
            .setWorkflowId(Validate.notBlank(workflowId, "workflowId"))
            .setRunId(runId.orElse(""))
            .setActivityId(Validate.notBlank(activityId, "activityId"))
            .setDetails(payloads(details))
            .build();
    boolean canceled =
        call(
            "heartbeat",
            describe(workflowId, activityId),
            () ->
                rpc.call(
                        "RecordActivityTaskHeartbeatById",
                        s -> s.recordActivityTaskHeartbeatById(request))
                    .getCancelRequested());
    if (canceled) {
      throw new CanceledFailure(
          "activity " + describe(workflowId, activityId) + " cancel requested", null);
    }
  }

  private Payloads payloads(Object value) {
    return options.dataConverter().toPayloads(new Object[] {value});
  }

  private static ByteString token(byte[] taskToken) {
    if (taskToken == null || taskToken.length == 0) {
      throw new IllegalArgumentException("taskToken: must not be empty");
    }
    return ByteString.copyFrom(taskToken);
  }

  private static String describe(byte[] taskToken) {
    return "with task token of " + (taskToken == null ? 0 : taskToken.length) + " bytes";
  }

  private static String describe(String workflowId, String activityId) {
    return activityId + " of workflow " + workflowId;
  }

  private static <T> T call(String what, String activity, Supplier<T> rpcCall) {
    try {
      return rpcCall.get();
    } catch (AevumServiceException e) {
      if (e.status().getCode() == Status.Code.NOT_FOUND) {
        throw new ActivityCompletionException(
            "cannot "
                + what
                + " activity "
                + activity
                + ": it is no longer waiting (completed, timed out, or its workflow closed)",
            e);
      }
      throw e;
    }
  }

  private static void send(String what, String activity, Runnable rpcCall) {
    call(
        what,
        activity,
        () -> {
          rpcCall.run();
          return null;
        });
  }
}
