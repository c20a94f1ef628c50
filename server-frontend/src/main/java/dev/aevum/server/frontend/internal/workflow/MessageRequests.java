package dev.aevum.server.frontend.internal.workflow;

import com.google.protobuf.Any;
import dev.aevum.server.common.Errors;
import dev.aevum.server.frontend.FrontendSettings;
import dev.aevum.server.frontend.internal.validation.BlobSizes;
import dev.aevum.server.frontend.internal.validation.Fields;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.enums.v1.QueryRejectCondition;
import io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
import io.temporal.api.errordetails.v1.PermissionDeniedFailure;
import io.temporal.api.update.v1.WaitPolicy;
import io.temporal.api.workflowservice.v1.PollWorkflowExecutionUpdateRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import java.util.UUID;

/**
 * Validation and defaults of the requests that talk to a running workflow: signals, cancel
 * requests, queries and updates, following Temporal's frontend (workflow_handler.go).
 */
public final class MessageRequests {
  static final String ADMITTED_NOT_SUPPORTED =
      "UpdateWorkflowExecution issued asynchronously and waiting on update admitted is not supported.";

  private final FrontendSettings settings;

  public MessageRequests(FrontendSettings settings) {
    this.settings = settings;
  }

  public SignalWorkflowExecutionRequest signal(SignalWorkflowExecutionRequest request) {
    int max = settings.maxIdLength();
    Fields.namespace(request.getNamespace(), max);
    Fields.execution(request.hasWorkflowExecution(), request.getWorkflowExecution(), max);
    if (request.getSignalName().isEmpty()) {
      throw Errors.invalidArgument("SignalName is not set on request.");
    }
    if (Fields.utf8Length(request.getSignalName()) > max) {
      throw Errors.invalidArgument("SignalName length exceeds limit.");
    }
    requestIdLength(request.getRequestId());
    Fields.identity(request.getIdentity(), max);
    BlobSizes.check("Input", request.getInput().getSerializedSize(), settings.blobSizeLimitError());
    return request;
  }

  public RequestCancelWorkflowExecutionRequest requestCancel(
      RequestCancelWorkflowExecutionRequest request) {
    int max = settings.maxIdLength();
    Fields.namespace(request.getNamespace(), max);
    Fields.execution(request.hasWorkflowExecution(), request.getWorkflowExecution(), max);
    Fields.runId(request.getFirstExecutionRunId());
    requestIdLength(request.getRequestId());
    Fields.identity(request.getIdentity(), max);
    return request;
  }

  public QueryWorkflowRequest query(QueryWorkflowRequest request) {
    Fields.namespace(request.getNamespace(), settings.maxIdLength());
    Fields.execution(request.hasExecution(), request.getExecution(), settings.maxIdLength());
    if (!request.hasQuery()) {
      throw Errors.invalidArgument("WorkflowQuery is not set on request.");
    }
    if (request.getQuery().getQueryType().isEmpty()) {
      throw Errors.invalidArgument("QueryType is not set on request.");
    }
    QueryWorkflowRequest.Builder out = request.toBuilder();
    QueryRejectCondition condition = request.getQueryRejectCondition();
    if (condition == QueryRejectCondition.UNRECOGNIZED) {
      // Temporal would treat an unknown number as "never reject"; saying so is kinder to the
      // caller.
      throw Errors.invalidArgument(
          "Invalid QueryRejectCondition: " + request.getQueryRejectConditionValue() + ".");
    }
    if (condition == QueryRejectCondition.QUERY_REJECT_CONDITION_UNSPECIFIED) {
      out.setQueryRejectCondition(QueryRejectCondition.QUERY_REJECT_CONDITION_NONE);
    }
    BlobSizes.check(
        "QueryArgs",
        request.getQuery().getQueryArgs().getSerializedSize(),
        settings.blobSizeLimitError());
    return out.build();
  }

  /** Temporal's prepareUpdateWorkflowRequest: also the update half of update-with-start. */
  public UpdateWorkflowExecutionRequest update(UpdateWorkflowExecutionRequest request) {
    int max = settings.maxIdLength();
    Fields.namespace(request.getNamespace(), max);
    Fields.execution(request.hasWorkflowExecution(), request.getWorkflowExecution(), max);
    Fields.runId(request.getFirstExecutionRunId());
    if (!request.getRequest().hasMeta()) {
      throw Errors.invalidArgument("Update meta is not set on request.");
    }
    if (Fields.utf8Length(request.getRequest().getMeta().getUpdateId()) > max) {
      throw Errors.invalidArgument("UpdateId length exceeds limit.");
    }
    Fields.identity(request.getRequest().getMeta().getIdentity(), max);
    UpdateWorkflowExecutionRequest.Builder out = request.toBuilder();
    if (request.getRequest().getMeta().getUpdateId().isEmpty()) {
      out.getRequestBuilder().getMetaBuilder().setUpdateId(UUID.randomUUID().toString());
    }
    if (!request.getRequest().hasInput()) {
      throw Errors.invalidArgument("Update input is not set on request.");
    }
    if (request.getRequest().getInput().getName().isEmpty()) {
      throw Errors.invalidArgument("Update name is not set on request.");
    }
    BlobSizes.check(
        "Args",
        request.getRequest().getInput().getArgs().getSerializedSize(),
        settings.blobSizeLimitError());
    UpdateWorkflowExecutionLifecycleStage stage = request.getWaitPolicy().getLifecycleStage();
    if (stage == UpdateWorkflowExecutionLifecycleStage.UNRECOGNIZED) {
      throw Errors.invalidArgument(
          "Invalid LifecycleStage: " + request.getWaitPolicy().getLifecycleStageValue() + ".");
    }
    if (stage
        == UpdateWorkflowExecutionLifecycleStage
            .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_UNSPECIFIED) {
      stage =
          UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED;
    }
    if (stage
        == UpdateWorkflowExecutionLifecycleStage
            .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED) {
      throw permissionDenied(ADMITTED_NOT_SUPPORTED);
    }
    out.setWaitPolicy(request.getWaitPolicy().toBuilder().setLifecycleStage(stage));
    return out.build();
  }

  public PollWorkflowExecutionUpdateRequest pollUpdate(PollWorkflowExecutionUpdateRequest request) {
    int max = settings.maxIdLength();
    Fields.namespace(request.getNamespace(), max);
    if (!request.hasUpdateRef()) {
      throw Errors.invalidArgument("UpdateRef is not set on request.");
    }
    // The workflow id routes the call; Temporal's history would fail without it too.
    Fields.execution(
        request.getUpdateRef().hasWorkflowExecution(),
        request.getUpdateRef().getWorkflowExecution(),
        max);
    Fields.identity(request.getIdentity(), max);
    if (!request.hasWaitPolicy()) {
      return request.toBuilder().setWaitPolicy(WaitPolicy.getDefaultInstance()).build();
    }
    return request;
  }

  private void requestIdLength(String requestId) {
    if (Fields.utf8Length(requestId) > settings.maxIdLength()) {
      throw Errors.invalidArgument("RequestId length exceeds limit.");
    }
  }

  /**
   * Temporal's PermissionDenied (Errors has no factory for it yet): status and detail as Temporal
   * sends them.
   */
  static StatusRuntimeException permissionDenied(String message) {
    return StatusProto.toStatusRuntimeException(
        com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.PERMISSION_DENIED.value())
            .setMessage(message)
            .addDetails(Any.pack(PermissionDeniedFailure.getDefaultInstance()))
            .build());
  }
}
