package dev.aevum.server.frontend.internal.workflow;

import dev.aevum.server.common.Errors;
import dev.aevum.server.common.validation.RetryPolicyRules;
import dev.aevum.server.common.workflow.SignalWithStarts;
import dev.aevum.server.frontend.FrontendSettings;
import dev.aevum.server.frontend.internal.validation.BlobSizes;
import dev.aevum.server.frontend.internal.validation.Fields;
import dev.aevum.server.frontend.internal.validation.TaskQueues;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.enums.v1.ResetReapplyType;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryReverseRequest;
import io.temporal.api.workflowservice.v1.ResetStickyTaskQueueRequest;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;

/**
 * Validation and defaults of workflow-scoped requests, following Temporal's frontend
 * (workflow_handler.go, chasm/lib/workflow/validator.go). Each method returns the request to
 * forward: Temporal fills some defaults at the edge, and history stores what it receives.
 */
public final class WorkflowRequests {
  /**
   * Temporal's history page size, default and maximum (frontend.historyMaxPageSize,
   * GetHistoryMaxPageSize).
   */
  public static final int HISTORY_MAX_PAGE_SIZE = 256;

  static final String DEFAULT_TERMINATE_REASON = "terminated by user via frontend";
  static final String DEFAULT_TERMINATE_IDENTITY = "frontend-service";

  private final FrontendSettings settings;

  public WorkflowRequests(FrontendSettings settings) {
    this.settings = settings;
  }

  public StartWorkflowExecutionRequest start(StartWorkflowExecutionRequest request) {
    return start(request, WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL);
  }

  /**
   * Signal-with-start: the start half gets exactly the checks and defaults of a start, except that
   * an existing workflow is used by default and FAIL makes no sense (the signal must land).
   */
  public SignalWithStartWorkflowExecutionRequest signalWithStart(
      SignalWithStartWorkflowExecutionRequest request) {
    int max = settings.maxIdLength();
    StartWorkflowExecutionRequest start =
        start(
            SignalWithStarts.startPart(request),
            WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING);
    if (request.getWorkflowIdConflictPolicy()
        == WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL) {
      throw Errors.invalidArgument(
          "Invalid WorkflowIDConflictPolicy: WORKFLOW_ID_CONFLICT_POLICY_FAIL "
              + "is not supported for this operation.");
    }
    if (request.getSignalName().isEmpty()) {
      throw Errors.invalidArgument("signal not set");
    }
    int nameLength = Fields.utf8Length(request.getSignalName());
    if (nameLength > max) {
      throw Errors.invalidArgument(
          "signal name exceeds maximum allowed length (" + nameLength + "/" + max + ")");
    }
    BlobSizes.check(
        "SignalInput", request.getSignalInput().getSerializedSize(), settings.blobSizeLimitError());
    return withStartPart(request, start);
  }

  /** {@code request} with the defaults and caps the start validation applied to {@code start}. */
  private static SignalWithStartWorkflowExecutionRequest withStartPart(
      SignalWithStartWorkflowExecutionRequest request, StartWorkflowExecutionRequest start) {
    SignalWithStartWorkflowExecutionRequest.Builder out =
        request.toBuilder()
            .setRequestId(start.getRequestId())
            .setWorkflowIdReusePolicy(start.getWorkflowIdReusePolicy())
            .setWorkflowIdConflictPolicy(start.getWorkflowIdConflictPolicy())
            .setTaskQueue(start.getTaskQueue());
    if (start.hasRetryPolicy()) {
      out.setRetryPolicy(start.getRetryPolicy());
    }
    if (start.hasWorkflowExecutionTimeout()) {
      out.setWorkflowExecutionTimeout(start.getWorkflowExecutionTimeout());
    }
    if (start.hasWorkflowRunTimeout()) {
      out.setWorkflowRunTimeout(start.getWorkflowRunTimeout());
    }
    if (start.hasWorkflowTaskTimeout()) {
      out.setWorkflowTaskTimeout(start.getWorkflowTaskTimeout());
    }
    if (start.hasWorkflowStartDelay()) {
      out.setWorkflowStartDelay(start.getWorkflowStartDelay());
    }
    return out.build();
  }

  private StartWorkflowExecutionRequest start(
      StartWorkflowExecutionRequest request, WorkflowIdConflictPolicy defaultConflictPolicy) {
    int max = settings.maxIdLength();
    Fields.namespace(request.getNamespace(), max);
    StartWorkflowExecutionRequest.Builder out = request.toBuilder();
    idPolicies(out, defaultConflictPolicy);
    Fields.workflowId(request.getWorkflowId(), max);
    if (request.hasRetryPolicy()) {
      out.setRetryPolicy(RetryPolicyRules.withDefaultsValidated(request.getRetryPolicy()));
    }
    if (!request.getCronSchedule().isEmpty() && request.hasWorkflowStartDelay()) {
      throw Errors.invalidArgument("CronSchedule and WorkflowStartDelay may not be used together.");
    }
    if (request.hasWorkflowStartDelay()) {
      out.setWorkflowStartDelay(
          Fields.duration(
              request.getWorkflowStartDelay(),
              "An invalid WorkflowStartDelaySeconds is set on request."));
    }
    if (request.getWorkflowType().getName().isEmpty()) {
      throw Errors.invalidArgument("WorkflowType is not set on request.");
    }
    if (Fields.utf8Length(request.getWorkflowType().getName()) > max) {
      throw Errors.invalidArgument("WorkflowType length exceeds limit.");
    }
    out.setTaskQueue(TaskQueues.userDefined(request.hasTaskQueue(), request.getTaskQueue(), max));
    if (request.hasWorkflowExecutionTimeout()) {
      out.setWorkflowExecutionTimeout(
          Fields.duration(
              request.getWorkflowExecutionTimeout(),
              "An invalid WorkflowExecutionTimeoutSeconds is set on request."));
    }
    if (request.hasWorkflowRunTimeout()) {
      out.setWorkflowRunTimeout(
          Fields.duration(
              request.getWorkflowRunTimeout(),
              "An invalid WorkflowRunTimeoutSeconds is set on request."));
    }
    if (request.hasWorkflowTaskTimeout()) {
      out.setWorkflowTaskTimeout(
          Fields.duration(
              request.getWorkflowTaskTimeout(),
              "An invalid WorkflowTaskTimeoutSeconds is set on request."));
    }
    out.setRequestId(Fields.requestId(request.getRequestId(), max));
    checkIdPolicies(request.getWorkflowIdReusePolicy(), request.getWorkflowIdConflictPolicy());
    Fields.identity(request.getIdentity(), max);
    BlobSizes.check("Input", request.getInput().getSerializedSize(), settings.blobSizeLimitError());
    BlobSizes.check("Memo", request.getMemo().getSerializedSize(), settings.blobSizeLimitError());
    return out.build();
  }

  public DescribeWorkflowExecutionRequest describe(DescribeWorkflowExecutionRequest request) {
    Fields.namespace(request.getNamespace(), settings.maxIdLength());
    execution(request.hasExecution(), request.getExecution());
    return request;
  }

  public GetWorkflowExecutionHistoryRequest history(GetWorkflowExecutionHistoryRequest request) {
    Fields.namespace(request.getNamespace(), settings.maxIdLength());
    execution(request.hasExecution(), request.getExecution());
    GetWorkflowExecutionHistoryRequest.Builder out = request.toBuilder();
    out.setMaximumPageSize(pageSize(request.getMaximumPageSize()));
    if (request.getHistoryEventFilterType()
        == HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_UNSPECIFIED) {
      out.setHistoryEventFilterType(HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT);
    }
    return out.build();
  }

  public GetWorkflowExecutionHistoryReverseRequest historyReverse(
      GetWorkflowExecutionHistoryReverseRequest request) {
    Fields.namespace(request.getNamespace(), settings.maxIdLength());
    execution(request.hasExecution(), request.getExecution());
    return request.toBuilder().setMaximumPageSize(pageSize(request.getMaximumPageSize())).build();
  }

  public TerminateWorkflowExecutionRequest terminate(TerminateWorkflowExecutionRequest request) {
    Fields.namespace(request.getNamespace(), settings.maxIdLength());
    execution(request.hasWorkflowExecution(), request.getWorkflowExecution());
    Fields.identity(request.getIdentity(), settings.maxIdLength());
    BlobSizes.check(
        "Details", request.getDetails().getSerializedSize(), settings.blobSizeLimitError());
    TerminateWorkflowExecutionRequest.Builder out = request.toBuilder();
    // Defaults tell a user's terminate apart from one the system makes.
    if (request.getReason().isEmpty()) {
      out.setReason(DEFAULT_TERMINATE_REASON);
    }
    if (request.getIdentity().isEmpty()) {
      out.setIdentity(DEFAULT_TERMINATE_IDENTITY);
    }
    return out.build();
  }

  public ResetStickyTaskQueueRequest resetStickyTaskQueue(ResetStickyTaskQueueRequest request) {
    Fields.namespace(request.getNamespace(), settings.maxIdLength());
    execution(request.hasExecution(), request.getExecution());
    return request;
  }

  public DeleteWorkflowExecutionRequest delete(DeleteWorkflowExecutionRequest request) {
    Fields.namespace(request.getNamespace(), settings.maxIdLength());
    execution(request.hasWorkflowExecution(), request.getWorkflowExecution());
    return request;
  }

  public ResetWorkflowExecutionRequest reset(ResetWorkflowExecutionRequest request) {
    int max = settings.maxIdLength();
    Fields.namespace(request.getNamespace(), max);
    // Temporal requires the request id here (no default): a retried reset must not reset twice.
    if (request.getRequestId().isEmpty()) {
      throw Errors.invalidArgument("RequestId is not set on request.");
    }
    Fields.requestId(request.getRequestId(), max);
    execution(request.hasWorkflowExecution(), request.getWorkflowExecution());
    // Temporal's history answers this for ids <= 1 (FirstEventID); the upper bound needs the
    // history.
    if (request.getWorkflowTaskFinishEventId() <= 1) {
      throw Errors.invalidArgument(
          "Workflow task finish ID must be > 1 && <= workflow last event ID.");
    }
    Fields.identity(request.getIdentity(), max);
    ResetWorkflowExecutionRequest.Builder out = request.toBuilder();
    if (request.getResetReapplyType() == ResetReapplyType.RESET_REAPPLY_TYPE_UNSPECIFIED) {
      out.setResetReapplyType(ResetReapplyType.RESET_REAPPLY_TYPE_ALL_ELIGIBLE);
    } else if (request.getResetReapplyType() == ResetReapplyType.UNRECOGNIZED) {
      throw Errors.invalidArgument(
          "Invalid ResetReapplyType: " + request.getResetReapplyTypeValue() + ".");
    }
    return out.build();
  }

  private void execution(boolean present, WorkflowExecution execution) {
    Fields.execution(present, execution, settings.maxIdLength());
  }

  private static int pageSize(int requested) {
    return requested <= 0 || requested > HISTORY_MAX_PAGE_SIZE ? HISTORY_MAX_PAGE_SIZE : requested;
  }

  /** Temporal's defaults; the deprecated TERMINATE_IF_RUNNING becomes a conflict policy. */
  @SuppressWarnings("deprecation") // old SDKs still send TERMINATE_IF_RUNNING
  private static void idPolicies(
      StartWorkflowExecutionRequest.Builder out, WorkflowIdConflictPolicy defaultConflict) {
    if (out.getWorkflowIdConflictPolicy()
        == WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED) {
      if (out.getWorkflowIdReusePolicy()
          == WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING) {
        out.setWorkflowIdConflictPolicy(
            WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING);
        out.setWorkflowIdReusePolicy(
            WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
      } else {
        out.setWorkflowIdConflictPolicy(defaultConflict);
      }
    }
    if (out.getWorkflowIdReusePolicy()
        == WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_UNSPECIFIED) {
      out.setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
    }
  }

  /** Checked on what the caller sent: only explicit combinations can conflict. */
  @SuppressWarnings("deprecation") // old SDKs still send TERMINATE_IF_RUNNING
  private static void checkIdPolicies(
      WorkflowIdReusePolicy reuse, WorkflowIdConflictPolicy conflict) {
    if (conflict != WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED
        && reuse == WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING) {
      throw Errors.invalidArgument(
          "Invalid WorkflowIDReusePolicy: WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING "
              + "cannot be used together with a WorkflowIDConflictPolicy");
    }
    if (conflict == WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING
        && reuse == WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE) {
      throw Errors.invalidArgument(
          "Invalid WorkflowIDReusePolicy: WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE cannot "
              + "be used together with WorkflowIdConflictPolicy WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING");
    }
  }
}
