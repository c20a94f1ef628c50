package dev.aevum.server.frontend.internal;

import com.google.protobuf.ByteString;
import dev.aevum.proto.matching.MatchingServiceGrpc;
import dev.aevum.proto.matching.PollResponse;
import dev.aevum.proto.matching.RespondQueryTaskRequest;
import dev.aevum.proto.matching.StickyWorkerShutDownRequest;
import dev.aevum.proto.persistence.NamespaceRecord;
import dev.aevum.proto.token.TaskToken;
import dev.aevum.server.common.Cluster;
import dev.aevum.server.common.Errors;
import dev.aevum.server.common.Rpc;
import dev.aevum.server.common.api.CallScope;
import dev.aevum.server.common.api.HistoryApi;
import dev.aevum.server.common.api.InternalCalls;
import dev.aevum.server.common.api.TaskPollApi;
import dev.aevum.server.frontend.FrontendSettings;
import dev.aevum.server.frontend.Namespaces;
import dev.aevum.server.frontend.internal.namespaces.NamespaceService;
import dev.aevum.server.frontend.internal.searchattributes.SearchAttributeService;
import dev.aevum.server.frontend.internal.tasks.Failures;
import dev.aevum.server.frontend.internal.tasks.TaskRequests;
import dev.aevum.server.frontend.internal.tasks.TaskTokens;
import dev.aevum.server.frontend.internal.validation.BlobSizes;
import dev.aevum.server.frontend.internal.validation.Fields;
import dev.aevum.server.frontend.internal.visibility.VisibilityService;
import dev.aevum.server.frontend.internal.workflow.FollowRuns;
import dev.aevum.server.frontend.internal.workflow.MessageRequests;
import dev.aevum.server.frontend.internal.workflow.MultiOperations;
import dev.aevum.server.frontend.internal.workflow.WorkflowRequests;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.workflowservice.v1.*;
import io.temporal.api.workflowservice.v1.CountActivityExecutionsRequest;
import io.temporal.api.workflowservice.v1.CountActivityExecutionsResponse;
import io.temporal.api.workflowservice.v1.DeleteActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.DeleteActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.DescribeActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.ListActivityExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListActivityExecutionsResponse;
import io.temporal.api.workflowservice.v1.PauseActivityRequest;
import io.temporal.api.workflowservice.v1.PauseActivityResponse;
import io.temporal.api.workflowservice.v1.PollActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.PollActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.RequestCancelActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.RequestCancelActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.ResetActivityRequest;
import io.temporal.api.workflowservice.v1.ResetActivityResponse;
import io.temporal.api.workflowservice.v1.StartActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.StartActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.TerminateActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.UnpauseActivityRequest;
import io.temporal.api.workflowservice.v1.UnpauseActivityResponse;
import io.temporal.api.workflowservice.v1.UpdateActivityOptionsRequest;
import io.temporal.api.workflowservice.v1.UpdateActivityOptionsResponse;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The public WorkflowService: validates at the edge, resolves the namespace, and routes to history
 * or matching, or serves namespaces from the store. Methods not declared here answer UNIMPLEMENTED
 * through {@link Unsupported}.
 */
public final class WorkflowServiceImpl extends WorkflowServiceGrpc.WorkflowServiceImplBase {
  private final FrontendSettings settings;
  private final Namespaces namespaces;
  private final NamespaceService namespaceService;
  private final WorkflowRequests workflowRequests;
  private final MessageRequests messageRequests;
  private final MultiOperations multiOperations;
  private final TaskRequests taskRequests;
  private final VisibilityService visibility;
  private final SearchAttributeService searchAttributes;
  private final Channel history;
  private final MatchingServiceGrpc.MatchingServiceStub matching;
  private final Channel matchingChannel;
  private final StandaloneActivityCalls standaloneActivities;

  /**
   * Temporal's frontend client long-poll timeout: PollWorkflowExecutionUpdate waits at most this
   * long.
   */
  static final long UPDATE_POLL_TIMEOUT_SECONDS = 180;

  static final String QUERY_TIMED_OUT = "query timed out before a worker could process it";

  public WorkflowServiceImpl(
      FrontendSettings settings,
      Namespaces namespaces,
      NamespaceService namespaceService,
      VisibilityService visibility,
      SearchAttributeService searchAttributes,
      Channel history,
      Channel matching) {
    this.settings = settings;
    this.namespaces = namespaces;
    this.namespaceService = namespaceService;
    this.workflowRequests = new WorkflowRequests(settings);
    this.messageRequests = new MessageRequests(settings);
    this.multiOperations = new MultiOperations(settings, workflowRequests, messageRequests);
    this.taskRequests = new TaskRequests(settings);
    this.visibility = visibility;
    this.searchAttributes = searchAttributes;
    this.history = history;
    this.matching = MatchingServiceGrpc.newStub(matching);
    this.matchingChannel = matching;
    this.standaloneActivities =
        new StandaloneActivityCalls(settings, namespaces, searchAttributes, history);
  }

  // ---- cluster ----

  @Override
  public void getSystemInfo(
      GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> observer) {
    Rpc.unary(
        observer,
        () ->
            GetSystemInfoResponse.newBuilder()
                .setServerVersion(Cluster.SERVER_VERSION)
                // Only what Aevum really does: SDKs switch behaviour on these.
                .setCapabilities(
                    GetSystemInfoResponse.Capabilities.newBuilder()
                        .setSignalAndQueryHeader(true)
                        .setInternalErrorDifferentiation(true)
                        .setActivityFailureIncludeHeartbeat(true)
                        .setEncodedFailureAttributes(true)
                        .setUpsertMemo(true)
                        .setSdkMetadata(true)
                        .setBuildIdBasedVersioning(false)
                        .setEagerWorkflowStart(true)
                        .setSupportsSchedules(false)
                        .setCountGroupByExecutionStatus(true)
                        .setNexus(false))
                .build());
  }

  // ---- namespaces ----

  @Override
  public void registerNamespace(
      RegisterNamespaceRequest request, StreamObserver<RegisterNamespaceResponse> observer) {
    Rpc.unary(observer, () -> namespaceService.register(request));
  }

  @Override
  public void describeNamespace(
      DescribeNamespaceRequest request, StreamObserver<DescribeNamespaceResponse> observer) {
    Rpc.unary(observer, () -> namespaceService.describe(request));
  }

  @Override
  public void listNamespaces(
      ListNamespacesRequest request, StreamObserver<ListNamespacesResponse> observer) {
    Rpc.unary(observer, () -> namespaceService.list(request));
  }

  @Override
  public void updateNamespace(
      UpdateNamespaceRequest request, StreamObserver<UpdateNamespaceResponse> observer) {
    Rpc.unary(observer, () -> namespaceService.update(request));
  }

  // ---- visibility ----

  @Override
  public void getSearchAttributes(
      GetSearchAttributesRequest request, StreamObserver<GetSearchAttributesResponse> observer) {
    Rpc.unary(observer, searchAttributes::keys);
  }

  @Override
  public void listWorkflowExecutions(
      ListWorkflowExecutionsRequest request,
      StreamObserver<ListWorkflowExecutionsResponse> observer) {
    Rpc.unary(observer, () -> visibility.list(request));
  }

  /** Deprecated in Temporal's API; the same listing as ListWorkflowExecutions. */
  @Override
  public void scanWorkflowExecutions(
      ScanWorkflowExecutionsRequest request,
      StreamObserver<ScanWorkflowExecutionsResponse> observer) {
    Rpc.unary(
        observer,
        () -> {
          ListWorkflowExecutionsResponse page =
              visibility.list(
                  ListWorkflowExecutionsRequest.newBuilder()
                      .setNamespace(request.getNamespace())
                      .setPageSize(request.getPageSize())
                      .setNextPageToken(request.getNextPageToken())
                      .setQuery(request.getQuery())
                      .build());
          return ScanWorkflowExecutionsResponse.newBuilder()
              .addAllExecutions(page.getExecutionsList())
              .setNextPageToken(page.getNextPageToken())
              .build();
        });
  }

  @Override
  public void countWorkflowExecutions(
      CountWorkflowExecutionsRequest request,
      StreamObserver<CountWorkflowExecutionsResponse> observer) {
    Rpc.unary(observer, () -> visibility.count(request));
  }

  @Override
  public void listOpenWorkflowExecutions(
      ListOpenWorkflowExecutionsRequest request,
      StreamObserver<ListOpenWorkflowExecutionsResponse> observer) {
    Rpc.unary(observer, () -> visibility.listOpen(request));
  }

  @Override
  public void listClosedWorkflowExecutions(
      ListClosedWorkflowExecutionsRequest request,
      StreamObserver<ListClosedWorkflowExecutionsResponse> observer) {
    Rpc.unary(observer, () -> visibility.listClosed(request));
  }

  // ---- an operator's hand on a workflow's activities ----

  @Override
  public void pauseActivity(
      PauseActivityRequest request, StreamObserver<PauseActivityResponse> observer) {
    activityOperation(
        HistoryApi.PAUSE_ACTIVITY,
        request,
        request.getNamespace(),
        request.hasExecution(),
        request.getExecution(),
        request.getIdentity(),
        observer);
  }

  @Override
  public void unpauseActivity(
      UnpauseActivityRequest request, StreamObserver<UnpauseActivityResponse> observer) {
    activityOperation(
        HistoryApi.UNPAUSE_ACTIVITY,
        request,
        request.getNamespace(),
        request.hasExecution(),
        request.getExecution(),
        request.getIdentity(),
        observer);
  }

  @Override
  public void resetActivity(
      ResetActivityRequest request, StreamObserver<ResetActivityResponse> observer) {
    activityOperation(
        HistoryApi.RESET_ACTIVITY,
        request,
        request.getNamespace(),
        request.hasExecution(),
        request.getExecution(),
        request.getIdentity(),
        observer);
  }

  @Override
  public void updateActivityOptions(
      UpdateActivityOptionsRequest request,
      StreamObserver<UpdateActivityOptionsResponse> observer) {
    activityOperation(
        HistoryApi.UPDATE_ACTIVITY_OPTIONS,
        request,
        request.getNamespace(),
        request.hasExecution(),
        request.getExecution(),
        request.getIdentity(),
        observer);
  }

  /** The shape of the four: validate the workflow and identity, then the run's history shard. */
  private <Q, R> void activityOperation(
      MethodDescriptor<Q, R> method,
      Q request,
      String namespace,
      boolean hasExecution,
      WorkflowExecution execution,
      String identity,
      StreamObserver<R> observer) {
    Relay.start(
        observer,
        () -> {
          Fields.execution(hasExecution, execution, settings.maxIdLength());
          Fields.identity(identity, settings.maxIdLength());
          NamespaceRecord ns = namespaces.byName(namespace);
          toHistory(method, ns, execution.getWorkflowId(), request, observer);
        });
  }

  // ---- standalone activities ----

  @Override
  public void startActivityExecution(
      StartActivityExecutionRequest request,
      StreamObserver<StartActivityExecutionResponse> observer) {
    standaloneActivities.start(request, observer);
  }

  @Override
  public void describeActivityExecution(
      DescribeActivityExecutionRequest request,
      StreamObserver<DescribeActivityExecutionResponse> observer) {
    standaloneActivities.describe(request, observer);
  }

  @Override
  public void pollActivityExecution(
      PollActivityExecutionRequest request,
      StreamObserver<PollActivityExecutionResponse> observer) {
    standaloneActivities.poll(request, observer);
  }

  @Override
  public void requestCancelActivityExecution(
      RequestCancelActivityExecutionRequest request,
      StreamObserver<RequestCancelActivityExecutionResponse> observer) {
    standaloneActivities.requestCancel(request, observer);
  }

  @Override
  public void terminateActivityExecution(
      TerminateActivityExecutionRequest request,
      StreamObserver<TerminateActivityExecutionResponse> observer) {
    standaloneActivities.terminate(request, observer);
  }

  @Override
  public void deleteActivityExecution(
      DeleteActivityExecutionRequest request,
      StreamObserver<DeleteActivityExecutionResponse> observer) {
    standaloneActivities.delete(request, observer);
  }

  @Override
  public void listActivityExecutions(
      ListActivityExecutionsRequest request,
      StreamObserver<ListActivityExecutionsResponse> observer) {
    Rpc.unary(observer, () -> visibility.listActivities(request));
  }

  @Override
  public void countActivityExecutions(
      CountActivityExecutionsRequest request,
      StreamObserver<CountActivityExecutionsResponse> observer) {
    Rpc.unary(observer, () -> visibility.countActivities(request));
  }

  // ---- workflows (history) ----

  @Override
  public void startWorkflowExecution(
      StartWorkflowExecutionRequest request,
      StreamObserver<StartWorkflowExecutionResponse> observer) {
    Relay.start(
        observer,
        () -> {
          StartWorkflowExecutionRequest valid = workflowRequests.start(request);
          NamespaceRecord ns = namespaces.byName(valid.getNamespace());
          if (valid.hasSearchAttributes()) {
            valid =
                valid.toBuilder()
                    .setSearchAttributes(
                        searchAttributes.validated(ns, valid.getSearchAttributes()))
                    .build();
          }
          toHistory(
              HistoryApi.START_WORKFLOW_EXECUTION, ns, valid.getWorkflowId(), valid, observer);
        });
  }

  @Override
  public void describeWorkflowExecution(
      DescribeWorkflowExecutionRequest request,
      StreamObserver<DescribeWorkflowExecutionResponse> observer) {
    Relay.start(
        observer,
        () -> {
          DescribeWorkflowExecutionRequest valid = workflowRequests.describe(request);
          NamespaceRecord ns = namespaces.byName(valid.getNamespace());
          toHistory(
              HistoryApi.DESCRIBE_WORKFLOW_EXECUTION,
              ns,
              valid.getExecution().getWorkflowId(),
              valid,
              observer);
        });
  }

  /** With wait_new_event this is a long poll held by history; the callback completes the caller. */
  @Override
  public void getWorkflowExecutionHistory(
      GetWorkflowExecutionHistoryRequest request,
      StreamObserver<GetWorkflowExecutionHistoryResponse> observer) {
    Relay.start(
        observer,
        () -> {
          GetWorkflowExecutionHistoryRequest valid = workflowRequests.history(request);
          NamespaceRecord ns = namespaces.byName(valid.getNamespace());
          boolean closeEventOnly =
              valid.getHistoryEventFilterType()
                  == HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT;
          StreamObserver<GetWorkflowExecutionHistoryResponse> answer =
              closeEventOnly && !FollowRuns.clientFollowsNextRunId()
                  ? mapped(observer, FollowRuns::forClientsThatFollowOnlyContinueAsNew)
                  : observer;
          toHistory(
              HistoryApi.GET_WORKFLOW_EXECUTION_HISTORY,
              ns,
              valid.getExecution().getWorkflowId(),
              valid,
              answer);
        });
  }

  @Override
  public void getWorkflowExecutionHistoryReverse(
      GetWorkflowExecutionHistoryReverseRequest request,
      StreamObserver<GetWorkflowExecutionHistoryReverseResponse> observer) {
    Relay.start(
        observer,
        () -> {
          GetWorkflowExecutionHistoryReverseRequest valid =
              workflowRequests.historyReverse(request);
          NamespaceRecord ns = namespaces.byName(valid.getNamespace());
          toHistory(
              HistoryApi.GET_WORKFLOW_EXECUTION_HISTORY_REVERSE,
              ns,
              valid.getExecution().getWorkflowId(),
              valid,
              observer);
        });
  }

  @Override
  public void terminateWorkflowExecution(
      TerminateWorkflowExecutionRequest request,
      StreamObserver<TerminateWorkflowExecutionResponse> observer) {
    Relay.start(
        observer,
        () -> {
          TerminateWorkflowExecutionRequest valid = workflowRequests.terminate(request);
          NamespaceRecord ns = namespaces.byName(valid.getNamespace());
          toHistory(
              HistoryApi.TERMINATE_WORKFLOW_EXECUTION,
              ns,
              valid.getWorkflowExecution().getWorkflowId(),
              valid,
              observer);
        });
  }

  @Override
  public void resetStickyTaskQueue(
      ResetStickyTaskQueueRequest request, StreamObserver<ResetStickyTaskQueueResponse> observer) {
    Relay.start(
        observer,
        () -> {
          ResetStickyTaskQueueRequest valid = workflowRequests.resetStickyTaskQueue(request);
          NamespaceRecord ns = namespaces.byName(valid.getNamespace());
          toHistory(
              HistoryApi.RESET_STICKY_TASK_QUEUE,
              ns,
              valid.getExecution().getWorkflowId(),
              valid,
              observer);
        });
  }

  @Override
  public void deleteWorkflowExecution(
      DeleteWorkflowExecutionRequest request,
      StreamObserver<DeleteWorkflowExecutionResponse> observer) {
    Relay.start(
        observer,
        () -> {
          DeleteWorkflowExecutionRequest valid = workflowRequests.delete(request);
          NamespaceRecord ns = namespaces.byName(valid.getNamespace());
          toHistory(
              HistoryApi.DELETE_WORKFLOW_EXECUTION,
              ns,
              valid.getWorkflowExecution().getWorkflowId(),
              valid,
              observer);
        });
  }

  @Override
  public void resetWorkflowExecution(
      ResetWorkflowExecutionRequest request,
      StreamObserver<ResetWorkflowExecutionResponse> observer) {
    Relay.start(
        observer,
        () -> {
          ResetWorkflowExecutionRequest valid = workflowRequests.reset(request);
          NamespaceRecord ns = namespaces.byName(valid.getNamespace());
          toHistory(
              HistoryApi.RESET_WORKFLOW_EXECUTION,
              ns,
              valid.getWorkflowExecution().getWorkflowId(),
              valid,
              observer);
        });
  }

  // ---- messages: signals, cancellation, queries, updates (history) ----

  @Override
  public void signalWorkflowExecution(
      SignalWorkflowExecutionRequest request,
      StreamObserver<SignalWorkflowExecutionResponse> observer) {
    Relay.start(
        observer,
        () -> {
          SignalWorkflowExecutionRequest valid = messageRequests.signal(request);
          NamespaceRecord ns = namespaces.byName(valid.getNamespace());
          toHistory(
              HistoryApi.SIGNAL_WORKFLOW_EXECUTION,
              ns,
              valid.getWorkflowExecution().getWorkflowId(),
              valid,
              observer);
        });
  }

  @Override
  public void signalWithStartWorkflowExecution(
      SignalWithStartWorkflowExecutionRequest request,
      StreamObserver<SignalWithStartWorkflowExecutionResponse> observer) {
    Relay.start(
        observer,
        () -> {
          SignalWithStartWorkflowExecutionRequest valid = workflowRequests.signalWithStart(request);
          NamespaceRecord ns = namespaces.byName(valid.getNamespace());
          if (valid.hasSearchAttributes()) {
            valid =
                valid.toBuilder()
                    .setSearchAttributes(
                        searchAttributes.validated(ns, valid.getSearchAttributes()))
                    .build();
          }
          toHistory(
              HistoryApi.SIGNAL_WITH_START_WORKFLOW_EXECUTION,
              ns,
              valid.getWorkflowId(),
              valid,
              observer);
        });
  }

  @Override
  public void requestCancelWorkflowExecution(
      RequestCancelWorkflowExecutionRequest request,
      StreamObserver<RequestCancelWorkflowExecutionResponse> observer) {
    Relay.start(
        observer,
        () -> {
          RequestCancelWorkflowExecutionRequest valid = messageRequests.requestCancel(request);
          NamespaceRecord ns = namespaces.byName(valid.getNamespace());
          toHistory(
              HistoryApi.REQUEST_CANCEL_WORKFLOW_EXECUTION,
              ns,
              valid.getWorkflowExecution().getWorkflowId(),
              valid,
              observer);
        });
  }

  /** Waits for a worker's answer: history holds the call within the caller's deadline. */
  @Override
  public void queryWorkflow(
      QueryWorkflowRequest request, StreamObserver<QueryWorkflowResponse> observer) {
    Relay.start(
        observer,
        () -> {
          QueryWorkflowRequest valid = messageRequests.query(request);
          NamespaceRecord ns = namespaces.byName(valid.getNamespace());
          toHistory(
              HistoryApi.QUERY_WORKFLOW,
              ns,
              valid.getExecution().getWorkflowId(),
              valid,
              queryTimeouts(observer));
        });
  }

  /** Waits up to the requested stage within the caller's deadline. */
  @Override
  public void updateWorkflowExecution(
      UpdateWorkflowExecutionRequest request,
      StreamObserver<UpdateWorkflowExecutionResponse> observer) {
    Relay.start(
        observer,
        () -> {
          UpdateWorkflowExecutionRequest valid = messageRequests.update(request);
          NamespaceRecord ns = namespaces.byName(valid.getNamespace());
          toHistory(
              HistoryApi.UPDATE_WORKFLOW_EXECUTION,
              ns,
              valid.getWorkflowExecution().getWorkflowId(),
              valid,
              observer);
        });
  }

  /**
   * A long poll: the caller's deadline, but never longer than Temporal's frontend long-poll
   * timeout.
   */
  @Override
  public void pollWorkflowExecutionUpdate(
      PollWorkflowExecutionUpdateRequest request,
      StreamObserver<PollWorkflowExecutionUpdateResponse> observer) {
    Relay.start(
        observer,
        () -> {
          PollWorkflowExecutionUpdateRequest valid = messageRequests.pollUpdate(request);
          NamespaceRecord ns = namespaces.byName(valid.getNamespace());
          // The call's deadline is the earlier of this one and the caller's (carried by
          // Context.current()).
          InternalCalls.call(
              history,
              HistoryApi.POLL_WORKFLOW_EXECUTION_UPDATE,
              CallScope.of(
                  ns.getId(),
                  ns.getName(),
                  valid.getUpdateRef().getWorkflowExecution().getWorkflowId()),
              UPDATE_POLL_TIMEOUT_SECONDS,
              TimeUnit.SECONDS,
              valid,
              Relay.mapping(r -> r, observer));
        });
  }

  /** Update-with-start, routed by the workflow id of its start operation. */
  @Override
  public void executeMultiOperation(
      ExecuteMultiOperationRequest request,
      StreamObserver<ExecuteMultiOperationResponse> observer) {
    Relay.start(
        observer,
        () -> {
          ExecuteMultiOperationRequest checked = multiOperations.validate(request);
          NamespaceRecord ns = namespaces.byName(checked.getNamespace());
          ExecuteMultiOperationRequest valid =
              MultiOperations.withStartSearchAttributes(
                  checked, attributes -> searchAttributes.validated(ns, attributes));
          toHistory(
              HistoryApi.EXECUTE_MULTI_OPERATION,
              ns,
              valid.getOperations(0).getStartWorkflow().getWorkflowId(),
              valid,
              multiOperationFailures(observer));
        });
  }

  // ---- workflow tasks ----

  @Override
  public void pollWorkflowTaskQueue(
      PollWorkflowTaskQueueRequest request,
      StreamObserver<PollWorkflowTaskQueueResponse> observer) {
    Relay.start(
        observer,
        () -> {
          PollWorkflowTaskQueueRequest valid = taskRequests.pollWorkflow(request);
          boolean nearDeadline = TaskRequests.pollNearDeadline(callerDeadline());
          NamespaceRecord ns = namespaces.byName(valid.getNamespace());
          if (nearDeadline) {
            Rpc.unary(observer, PollWorkflowTaskQueueResponse::getDefaultInstance);
            return;
          }
          InternalCalls.call(
              matchingChannel,
              TaskPollApi.POLL_WORKFLOW_TASK_QUEUE,
              pollScope(ns),
              valid,
              Relay.mapping(r -> r, observer));
        });
  }

  @Override
  public void respondWorkflowTaskCompleted(
      RespondWorkflowTaskCompletedRequest request,
      StreamObserver<RespondWorkflowTaskCompletedResponse> observer) {
    Relay.start(
        observer,
        () -> {
          TaskToken token = TaskTokens.decode(request.getTaskToken());
          NamespaceRecord ns = namespaces.byId(token.getNamespaceId());
          taskRequests.identity(request.getIdentity());
          toHistory(
              HistoryApi.RESPOND_WORKFLOW_TASK_COMPLETED,
              ns,
              token.getWorkflowId(),
              request,
              observer);
        });
  }

  @Override
  public void respondWorkflowTaskFailed(
      RespondWorkflowTaskFailedRequest request,
      StreamObserver<RespondWorkflowTaskFailedResponse> observer) {
    Relay.start(
        observer,
        () -> {
          TaskToken token = TaskTokens.decode(request.getTaskToken());
          NamespaceRecord ns = namespaces.byId(token.getNamespaceId());
          taskRequests.identity(request.getIdentity());
          RespondWorkflowTaskFailedRequest forward = request;
          if (BlobSizes.exceeds(
              request.getFailure().getSerializedSize(), settings.blobSizeLimitError())) {
            // Like Temporal: the task still fails, with a server failure keeping a truncated copy.
            forward =
                request.toBuilder()
                    .setFailure(
                        Failures.exceedsLimit(request.getFailure(), settings.blobSizeLimitWarn()))
                    .build();
          }
          toHistory(
              HistoryApi.RESPOND_WORKFLOW_TASK_FAILED,
              ns,
              token.getWorkflowId(),
              forward,
              observer);
        });
  }

  @Override
  public void respondQueryTaskCompleted(
      RespondQueryTaskCompletedRequest request,
      StreamObserver<RespondQueryTaskCompletedResponse> observer) {
    Relay.start(
        observer,
        () -> {
          TaskToken token = TaskTokens.decodeQuery(request.getTaskToken());
          NamespaceRecord ns = namespaces.byId(token.getNamespaceId());
          RespondQueryTaskRequest internal =
              RespondQueryTaskRequest.newBuilder()
                  .setNamespaceId(ns.getId())
                  .setQueryTaskId(token.getQueryTaskId())
                  .setCompletion(taskRequests.queryCompletion(request).toByteString())
                  .build();
          matching.respondQueryTaskCompleted(
              internal,
              Relay.mapping(r -> RespondQueryTaskCompletedResponse.getDefaultInstance(), observer));
        });
  }

  @Override
  public void describeTaskQueue(
      DescribeTaskQueueRequest request, StreamObserver<DescribeTaskQueueResponse> observer) {
    Relay.start(
        observer,
        () -> {
          DescribeTaskQueueRequest valid = taskRequests.describeTaskQueue(request);
          NamespaceRecord ns = namespaces.byName(valid.getNamespace());
          matching.describeTaskQueue(
              dev.aevum.proto.matching.DescribeTaskQueueRequest.newBuilder()
                  .setNamespaceId(ns.getId())
                  .setRequest(valid.toByteString())
                  .build(),
              Relay.parsing(
                  PollResponse::getResponse, DescribeTaskQueueResponse.parser(), r -> r, observer));
        });
  }

  /**
   * Matching learns the worker shuts down, so the workflows it cached move on without waiting for
   * it.
   */
  @Override
  public void shutdownWorker(
      ShutdownWorkerRequest request, StreamObserver<ShutdownWorkerResponse> observer) {
    Relay.start(
        observer,
        () -> {
          var valid = taskRequests.shutdownWorker(request);
          NamespaceRecord ns = namespaces.byName(valid.getNamespace());
          if (valid.getStickyTaskQueue().isEmpty()) {
            Rpc.unary(observer, ShutdownWorkerResponse::getDefaultInstance);
            return;
          }
          matching.stickyWorkerShutDown(
              StickyWorkerShutDownRequest.newBuilder()
                  .setNamespaceId(ns.getId())
                  .setTaskQueue(valid.getStickyTaskQueue())
                  .build(),
              Relay.mapping(r -> ShutdownWorkerResponse.getDefaultInstance(), observer));
        });
  }

  // ---- activity tasks ----

  @Override
  public void pollActivityTaskQueue(
      PollActivityTaskQueueRequest request,
      StreamObserver<PollActivityTaskQueueResponse> observer) {
    Relay.start(
        observer,
        () -> {
          PollActivityTaskQueueRequest valid = taskRequests.pollActivity(request);
          boolean nearDeadline = TaskRequests.pollNearDeadline(callerDeadline());
          NamespaceRecord ns = namespaces.byName(valid.getNamespace());
          if (nearDeadline) {
            Rpc.unary(observer, PollActivityTaskQueueResponse::getDefaultInstance);
            return;
          }
          InternalCalls.call(
              matchingChannel,
              TaskPollApi.POLL_ACTIVITY_TASK_QUEUE,
              pollScope(ns),
              valid,
              Relay.mapping(r -> r, observer));
        });
  }

  @Override
  public void recordActivityTaskHeartbeat(
      RecordActivityTaskHeartbeatRequest request,
      StreamObserver<RecordActivityTaskHeartbeatResponse> observer) {
    Relay.start(
        observer,
        () -> {
          TaskToken token = TaskTokens.decode(request.getTaskToken());
          heartbeat(
              namespaces.byId(token.getNamespaceId()), token.getWorkflowId(), request, observer);
        });
  }

  @Override
  public void recordActivityTaskHeartbeatById(
      RecordActivityTaskHeartbeatByIdRequest request,
      StreamObserver<RecordActivityTaskHeartbeatByIdResponse> observer) {
    Relay.start(
        observer,
        () -> {
          String workflowId =
              taskRequests.activityById(
                  request.getNamespace(),
                  request.getWorkflowId(),
                  request.getActivityId(),
                  request.getIdentity());
          NamespaceRecord ns = namespaces.byName(request.getNamespace());
          RecordActivityTaskHeartbeatRequest byToken =
              RecordActivityTaskHeartbeatRequest.newBuilder()
                  .setTaskToken(
                      byIdToken(ns, workflowId, request.getRunId(), request.getActivityId()))
                  .setDetails(request.getDetails())
                  .setIdentity(request.getIdentity())
                  .setNamespace(request.getNamespace())
                  .build();
          heartbeat(
              ns,
              workflowId,
              byToken,
              mapped(
                  observer,
                  r ->
                      RecordActivityTaskHeartbeatByIdResponse.newBuilder()
                          .setCancelRequested(r.getCancelRequested())
                          .setActivityPaused(r.getActivityPaused())
                          .setActivityReset(r.getActivityReset())
                          .build()));
        });
  }

  @Override
  public void respondActivityTaskCompleted(
      RespondActivityTaskCompletedRequest request,
      StreamObserver<RespondActivityTaskCompletedResponse> observer) {
    Relay.start(
        observer,
        () -> {
          TaskToken token = TaskTokens.decode(request.getTaskToken());
          completed(
              namespaces.byId(token.getNamespaceId()), token.getWorkflowId(), request, observer);
        });
  }

  @Override
  public void respondActivityTaskCompletedById(
      RespondActivityTaskCompletedByIdRequest request,
      StreamObserver<RespondActivityTaskCompletedByIdResponse> observer) {
    Relay.start(
        observer,
        () -> {
          String workflowId =
              taskRequests.activityById(
                  request.getNamespace(),
                  request.getWorkflowId(),
                  request.getActivityId(),
                  request.getIdentity());
          NamespaceRecord ns = namespaces.byName(request.getNamespace());
          RespondActivityTaskCompletedRequest byToken =
              RespondActivityTaskCompletedRequest.newBuilder()
                  .setTaskToken(
                      byIdToken(ns, workflowId, request.getRunId(), request.getActivityId()))
                  .setResult(request.getResult())
                  .setIdentity(request.getIdentity())
                  .setNamespace(request.getNamespace())
                  .build();
          completed(
              ns,
              workflowId,
              byToken,
              mapped(observer, r -> RespondActivityTaskCompletedByIdResponse.getDefaultInstance()));
        });
  }

  @Override
  public void respondActivityTaskFailed(
      RespondActivityTaskFailedRequest request,
      StreamObserver<RespondActivityTaskFailedResponse> observer) {
    Relay.start(
        observer,
        () -> {
          TaskToken token = TaskTokens.decode(request.getTaskToken());
          failed(namespaces.byId(token.getNamespaceId()), token.getWorkflowId(), request, observer);
        });
  }

  @Override
  public void respondActivityTaskFailedById(
      RespondActivityTaskFailedByIdRequest request,
      StreamObserver<RespondActivityTaskFailedByIdResponse> observer) {
    Relay.start(
        observer,
        () -> {
          String workflowId =
              taskRequests.activityById(
                  request.getNamespace(),
                  request.getWorkflowId(),
                  request.getActivityId(),
                  request.getIdentity());
          NamespaceRecord ns = namespaces.byName(request.getNamespace());
          RespondActivityTaskFailedRequest.Builder byToken =
              RespondActivityTaskFailedRequest.newBuilder()
                  .setTaskToken(
                      byIdToken(ns, workflowId, request.getRunId(), request.getActivityId()))
                  .setIdentity(request.getIdentity())
                  .setNamespace(request.getNamespace());
          if (request.hasFailure()) {
            byToken.setFailure(request.getFailure());
          }
          if (request.hasLastHeartbeatDetails()) {
            byToken.setLastHeartbeatDetails(request.getLastHeartbeatDetails());
          }
          failed(
              ns,
              workflowId,
              byToken.build(),
              mapped(
                  observer,
                  r ->
                      RespondActivityTaskFailedByIdResponse.newBuilder()
                          .addAllFailures(r.getFailuresList())
                          .build()));
        });
  }

  @Override
  public void respondActivityTaskCanceled(
      RespondActivityTaskCanceledRequest request,
      StreamObserver<RespondActivityTaskCanceledResponse> observer) {
    Relay.start(
        observer,
        () -> {
          TaskToken token = TaskTokens.decode(request.getTaskToken());
          canceled(
              namespaces.byId(token.getNamespaceId()), token.getWorkflowId(), request, observer);
        });
  }

  @Override
  public void respondActivityTaskCanceledById(
      RespondActivityTaskCanceledByIdRequest request,
      StreamObserver<RespondActivityTaskCanceledByIdResponse> observer) {
    Relay.start(
        observer,
        () -> {
          String workflowId =
              taskRequests.activityById(
                  request.getNamespace(),
                  request.getWorkflowId(),
                  request.getActivityId(),
                  request.getIdentity());
          NamespaceRecord ns = namespaces.byName(request.getNamespace());
          RespondActivityTaskCanceledRequest byToken =
              RespondActivityTaskCanceledRequest.newBuilder()
                  .setTaskToken(
                      byIdToken(ns, workflowId, request.getRunId(), request.getActivityId()))
                  .setDetails(request.getDetails())
                  .setIdentity(request.getIdentity())
                  .setNamespace(request.getNamespace())
                  .build();
          canceled(
              ns,
              workflowId,
              byToken,
              mapped(observer, r -> RespondActivityTaskCanceledByIdResponse.getDefaultInstance()));
        });
  }

  // ---- activity task internals, shared by the token and the by-id calls ----

  private void heartbeat(
      NamespaceRecord ns,
      String workflowId,
      RecordActivityTaskHeartbeatRequest request,
      StreamObserver<RecordActivityTaskHeartbeatResponse> observer) {
    taskRequests.identity(request.getIdentity());
    if (BlobSizes.exceeds(
        request.getDetails().getSerializedSize(), settings.blobSizeLimitError())) {
      // Like Temporal: the activity fails at once and the worker is told to stop.
      RespondActivityTaskFailedRequest fail =
          failRequest(
              request.getTaskToken(),
              Failures.server(Failures.HEARTBEAT_EXCEEDS_LIMIT, true),
              request.getIdentity(),
              ns);
      toHistory(
          HistoryApi.RESPOND_ACTIVITY_TASK_FAILED,
          ns,
          workflowId,
          fail,
          r -> RecordActivityTaskHeartbeatResponse.newBuilder().setCancelRequested(true).build(),
          observer);
      return;
    }
    toHistory(HistoryApi.RECORD_ACTIVITY_TASK_HEARTBEAT, ns, workflowId, request, observer);
  }

  private void completed(
      NamespaceRecord ns,
      String workflowId,
      RespondActivityTaskCompletedRequest request,
      StreamObserver<RespondActivityTaskCompletedResponse> observer) {
    taskRequests.identity(request.getIdentity());
    if (BlobSizes.exceeds(request.getResult().getSerializedSize(), settings.blobSizeLimitError())) {
      // Like Temporal: an oversized result fails the activity instead.
      RespondActivityTaskFailedRequest fail =
          failRequest(
              request.getTaskToken(),
              Failures.server(Failures.COMPLETE_RESULT_EXCEEDS_LIMIT, true),
              request.getIdentity(),
              ns);
      toHistory(
          HistoryApi.RESPOND_ACTIVITY_TASK_FAILED,
          ns,
          workflowId,
          fail,
          r -> RespondActivityTaskCompletedResponse.getDefaultInstance(),
          observer);
      return;
    }
    toHistory(HistoryApi.RESPOND_ACTIVITY_TASK_COMPLETED, ns, workflowId, request, observer);
  }

  private void failed(
      NamespaceRecord ns,
      String workflowId,
      RespondActivityTaskFailedRequest request,
      StreamObserver<RespondActivityTaskFailedResponse> observer) {
    TaskRequests.activityFailure(request.hasFailure(), request.getFailure());
    taskRequests.identity(request.getIdentity());
    RespondActivityTaskFailedRequest.Builder forward = request.toBuilder();
    RespondActivityTaskFailedResponse.Builder reported =
        RespondActivityTaskFailedResponse.newBuilder();
    if (request.hasLastHeartbeatDetails()
        && BlobSizes.exceeds(
            request.getLastHeartbeatDetails().getSerializedSize(), settings.blobSizeLimitError())) {
      reported.addFailures(Failures.server(Failures.HEARTBEAT_EXCEEDS_LIMIT, true));
      forward.clearLastHeartbeatDetails();
    }
    if (BlobSizes.exceeds(
        request.getFailure().getSerializedSize(), settings.blobSizeLimitError())) {
      Failure replaced = Failures.exceedsLimit(request.getFailure(), settings.blobSizeLimitWarn());
      forward.setFailure(replaced);
      reported.addFailures(replaced);
    }
    List<Failure> frontendFailures = reported.getFailuresList();
    toHistory(
        HistoryApi.RESPOND_ACTIVITY_TASK_FAILED,
        ns,
        workflowId,
        forward.build(),
        r -> r.toBuilder().addAllFailures(frontendFailures).build(),
        observer);
  }

  private void canceled(
      NamespaceRecord ns,
      String workflowId,
      RespondActivityTaskCanceledRequest request,
      StreamObserver<RespondActivityTaskCanceledResponse> observer) {
    taskRequests.identity(request.getIdentity());
    if (BlobSizes.exceeds(
        request.getDetails().getSerializedSize(), settings.blobSizeLimitError())) {
      RespondActivityTaskFailedRequest fail =
          failRequest(
              request.getTaskToken(),
              Failures.server(Failures.CANCEL_DETAILS_EXCEED_LIMIT, true),
              request.getIdentity(),
              ns);
      toHistory(
          HistoryApi.RESPOND_ACTIVITY_TASK_FAILED,
          ns,
          workflowId,
          fail,
          r -> RespondActivityTaskCanceledResponse.getDefaultInstance(),
          observer);
      return;
    }
    toHistory(HistoryApi.RESPOND_ACTIVITY_TASK_CANCELED, ns, workflowId, request, observer);
  }

  private static RespondActivityTaskFailedRequest failRequest(
      ByteString token, Failure failure, String identity, NamespaceRecord ns) {
    return RespondActivityTaskFailedRequest.newBuilder()
        .setTaskToken(token)
        .setFailure(failure)
        .setIdentity(identity)
        .setNamespace(ns.getName())
        .build();
  }

  // ---- routing ----

  private <Q, R> void toHistory(
      MethodDescriptor<Q, R> method,
      NamespaceRecord ns,
      String workflowId,
      Q request,
      StreamObserver<R> observer) {
    toHistory(method, ns, workflowId, request, Function.identity(), observer);
  }

  private <Q, T, R> void toHistory(
      MethodDescriptor<Q, T> method,
      NamespaceRecord ns,
      String workflowId,
      Q request,
      Function<T, R> map,
      StreamObserver<R> observer) {
    // Called on the server thread: the caller's deadline and cancellation travel with
    // Context.current().
    InternalCalls.call(
        history,
        method,
        CallScope.of(ns.getId(), ns.getName(), workflowId),
        request,
        Relay.mapping(map, observer));
  }

  /**
   * A poll's scope: its namespace and a fresh id, which also keys the start of its task in history.
   */
  private static CallScope pollScope(NamespaceRecord ns) {
    return new CallScope(ns.getId(), ns.getName(), "", UUID.randomUUID().toString());
  }

  private static ByteString byIdToken(
      NamespaceRecord ns, String workflowId, String runId, String activityId) {
    return TaskTokens.activityById(ns.getId(), workflowId, runId, activityId);
  }

  private static Optional<Deadline> callerDeadline() {
    return Optional.ofNullable(Context.current().getDeadline());
  }

  /**
   * Like Temporal: a query no worker answered in time says so, instead of a bare deadline error.
   */
  private static StreamObserver<QueryWorkflowResponse> queryTimeouts(
      StreamObserver<QueryWorkflowResponse> caller) {
    return new StreamObserver<>() {
      @Override
      public void onNext(QueryWorkflowResponse value) {
        caller.onNext(value);
      }

      @Override
      public void onError(Throwable t) {
        if (t instanceof StatusRuntimeException e
            && e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
          caller.onError(Errors.deadlineExceeded(QUERY_TIMED_OUT).toStatusRuntimeException());
          return;
        }
        caller.onError(t);
      }

      @Override
      public void onCompleted() {
        caller.onCompleted();
      }
    };
  }

  /**
   * Like Temporal: per-operation failures from history reach the caller under the feature's name.
   */
  private static StreamObserver<ExecuteMultiOperationResponse> multiOperationFailures(
      StreamObserver<ExecuteMultiOperationResponse> caller) {
    return new StreamObserver<>() {
      @Override
      public void onNext(ExecuteMultiOperationResponse value) {
        caller.onNext(value);
      }

      @Override
      public void onError(Throwable t) {
        caller.onError(MultiOperations.renamed(t));
      }

      @Override
      public void onCompleted() {
        caller.onCompleted();
      }
    };
  }

  /** An observer of one response type completing a caller that wants another. */
  private static <T, R> StreamObserver<T> mapped(StreamObserver<R> caller, Function<T, R> map) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        caller.onNext(map.apply(value));
      }

      @Override
      public void onError(Throwable t) {
        caller.onError(t);
      }

      @Override
      public void onCompleted() {
        caller.onCompleted();
      }
    };
  }
}
