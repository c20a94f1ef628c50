package dev.aevum.server.frontend.internal;

import dev.aevum.proto.persistence.NamespaceRecord;
import dev.aevum.server.common.Errors;
import dev.aevum.server.common.activity.StandaloneActivityIds;
import dev.aevum.server.common.api.CallScope;
import dev.aevum.server.common.api.HistoryApi;
import dev.aevum.server.common.api.InternalCalls;
import dev.aevum.server.common.validation.RetryPolicyRules;
import dev.aevum.server.frontend.FrontendSettings;
import dev.aevum.server.frontend.Namespaces;
import dev.aevum.server.frontend.internal.searchattributes.SearchAttributeService;
import dev.aevum.server.frontend.internal.validation.BlobSizes;
import dev.aevum.server.frontend.internal.validation.Fields;
import dev.aevum.server.frontend.internal.validation.TaskQueues;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.StreamObserver;
import io.temporal.api.enums.v1.ActivityIdConflictPolicy;
import io.temporal.api.enums.v1.ActivityIdReusePolicy;
import io.temporal.api.workflowservice.v1.DeleteActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.DeleteActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.DescribeActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.PollActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.PollActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.RequestCancelActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.RequestCancelActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.StartActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.StartActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.TerminateActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateActivityExecutionResponse;
import java.util.function.Function;

/**
 * The standalone activity RPCs: checked here, naming the field, then routed to the history shard of
 * the activity's run.
 */
final class StandaloneActivityCalls {
  private final FrontendSettings settings;
  private final Namespaces namespaces;
  private final SearchAttributeService searchAttributes;
  private final Channel history;

  StandaloneActivityCalls(
      FrontendSettings settings,
      Namespaces namespaces,
      SearchAttributeService searchAttributes,
      Channel history) {
    this.settings = settings;
    this.namespaces = namespaces;
    this.searchAttributes = searchAttributes;
    this.history = history;
  }

  void start(
      StartActivityExecutionRequest request,
      StreamObserver<StartActivityExecutionResponse> observer) {
    Relay.start(
        observer,
        () -> {
          NamespaceRecord ns = namespace(request.getNamespace());
          StartActivityExecutionRequest valid = validStart(ns, request);
          toHistory(
              HistoryApi.START_ACTIVITY_EXECUTION, ns, valid.getActivityId(), valid, observer);
        });
  }

  private StartActivityExecutionRequest validStart(
      NamespaceRecord ns, StartActivityExecutionRequest request) {
    int max = settings.maxIdLength();
    Fields.activityId(request.getActivityId(), max);
    if (request.getActivityType().getName().isEmpty()) {
      throw Errors.invalidArgument("ActivityType is not set on request.");
    }
    if (Fields.utf8Length(request.getActivityType().getName()) > max) {
      throw Errors.invalidArgument("ActivityType length exceeds limit.");
    }
    StartActivityExecutionRequest.Builder out = request.toBuilder();
    out.setTaskQueue(TaskQueues.userDefined(request.hasTaskQueue(), request.getTaskQueue(), max));
    out.setRequestId(Fields.requestId(request.getRequestId(), max));
    Fields.identity(request.getIdentity(), max);
    if (request.hasScheduleToCloseTimeout()) {
      out.setScheduleToCloseTimeout(
          Fields.duration(
              request.getScheduleToCloseTimeout(),
              "An invalid ScheduleToCloseTimeout is set on request."));
    }
    if (request.hasScheduleToStartTimeout()) {
      out.setScheduleToStartTimeout(
          Fields.duration(
              request.getScheduleToStartTimeout(),
              "An invalid ScheduleToStartTimeout is set on request."));
    }
    if (request.hasStartToCloseTimeout()) {
      out.setStartToCloseTimeout(
          Fields.duration(
              request.getStartToCloseTimeout(),
              "An invalid StartToCloseTimeout is set on request."));
    }
    if (request.hasHeartbeatTimeout()) {
      out.setHeartbeatTimeout(
          Fields.duration(
              request.getHeartbeatTimeout(), "An invalid HeartbeatTimeout is set on request."));
    }
    if (request.hasStartDelay()) {
      out.setStartDelay(
          Fields.duration(request.getStartDelay(), "An invalid StartDelay is set on request."));
    }
    if (request.hasRetryPolicy()) {
      out.setRetryPolicy(RetryPolicyRules.withDefaultsValidated(request.getRetryPolicy()));
    }
    if (request.getIdReusePolicy() == ActivityIdReusePolicy.UNRECOGNIZED) {
      throw Errors.invalidArgument("An unknown IdReusePolicy is set on request.");
    }
    if (request.getIdConflictPolicy() == ActivityIdConflictPolicy.UNRECOGNIZED) {
      throw Errors.invalidArgument("An unknown IdConflictPolicy is set on request.");
    }
    BlobSizes.check("Input", request.getInput().getSerializedSize(), settings.blobSizeLimitError());
    if (request.hasSearchAttributes()) {
      out.setSearchAttributes(searchAttributes.validated(ns, request.getSearchAttributes()));
    }
    return out.build();
  }

  void describe(
      DescribeActivityExecutionRequest request,
      StreamObserver<DescribeActivityExecutionResponse> observer) {
    Relay.start(
        observer,
        () -> {
          NamespaceRecord ns =
              named(request.getNamespace(), request.getActivityId(), request.getRunId());
          toHistory(
              HistoryApi.DESCRIBE_ACTIVITY_EXECUTION,
              ns,
              request.getActivityId(),
              request,
              observer);
        });
  }

  void poll(
      PollActivityExecutionRequest request,
      StreamObserver<PollActivityExecutionResponse> observer) {
    Relay.start(
        observer,
        () -> {
          NamespaceRecord ns =
              named(request.getNamespace(), request.getActivityId(), request.getRunId());
          toHistory(
              HistoryApi.POLL_ACTIVITY_EXECUTION, ns, request.getActivityId(), request, observer);
        });
  }

  void requestCancel(
      RequestCancelActivityExecutionRequest request,
      StreamObserver<RequestCancelActivityExecutionResponse> observer) {
    Relay.start(
        observer,
        () -> {
          NamespaceRecord ns =
              named(request.getNamespace(), request.getActivityId(), request.getRunId());
          Fields.identity(request.getIdentity(), settings.maxIdLength());
          toHistory(
              HistoryApi.REQUEST_CANCEL_ACTIVITY_EXECUTION,
              ns,
              request.getActivityId(),
              request,
              observer);
        });
  }

  void terminate(
      TerminateActivityExecutionRequest request,
      StreamObserver<TerminateActivityExecutionResponse> observer) {
    Relay.start(
        observer,
        () -> {
          NamespaceRecord ns =
              named(request.getNamespace(), request.getActivityId(), request.getRunId());
          Fields.identity(request.getIdentity(), settings.maxIdLength());
          toHistory(
              HistoryApi.TERMINATE_ACTIVITY_EXECUTION,
              ns,
              request.getActivityId(),
              request,
              observer);
        });
  }

  void delete(
      DeleteActivityExecutionRequest request,
      StreamObserver<DeleteActivityExecutionResponse> observer) {
    Relay.start(
        observer,
        () -> {
          NamespaceRecord ns =
              named(request.getNamespace(), request.getActivityId(), request.getRunId());
          toHistory(
              HistoryApi.DELETE_ACTIVITY_EXECUTION, ns, request.getActivityId(), request, observer);
        });
  }

  /** The namespace of a call naming one activity execution, with its ids checked. */
  private NamespaceRecord named(String namespace, String activityId, String runId) {
    NamespaceRecord ns = namespace(namespace);
    Fields.activityId(activityId, settings.maxIdLength());
    if (!runId.isEmpty()) {
      Fields.runId(runId);
    }
    return ns;
  }

  private NamespaceRecord namespace(String namespace) {
    Fields.namespace(namespace, settings.maxIdLength());
    return namespaces.byName(namespace);
  }

  private <Q, R> void toHistory(
      MethodDescriptor<Q, R> method,
      NamespaceRecord ns,
      String activityId,
      Q request,
      StreamObserver<R> observer) {
    InternalCalls.call(
        history,
        method,
        CallScope.of(ns.getId(), ns.getName(), StandaloneActivityIds.runWorkflowId(activityId)),
        request,
        Relay.mapping(Function.identity(), observer));
  }
}
