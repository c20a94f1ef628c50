package dev.aevum.server.common.api;

import com.google.protobuf.Message;
import dev.aevum.proto.history.RecordTaskStartedRequest;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.temporal.api.workflowservice.v1.DeleteActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.DeleteActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.DescribeActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationRequest;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryReverseRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryReverseResponse;
import io.temporal.api.workflowservice.v1.PauseActivityRequest;
import io.temporal.api.workflowservice.v1.PauseActivityResponse;
import io.temporal.api.workflowservice.v1.PollActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.PollActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowExecutionUpdateRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowExecutionUpdateResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatResponse;
import io.temporal.api.workflowservice.v1.RequestCancelActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.RequestCancelActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.ResetActivityRequest;
import io.temporal.api.workflowservice.v1.ResetActivityResponse;
import io.temporal.api.workflowservice.v1.ResetStickyTaskQueueRequest;
import io.temporal.api.workflowservice.v1.ResetStickyTaskQueueResponse;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedResponse;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedResponse;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedResponse;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.StartActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.StartActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.TerminateActivityExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateActivityExecutionResponse;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.UnpauseActivityRequest;
import io.temporal.api.workflowservice.v1.UnpauseActivityResponse;
import io.temporal.api.workflowservice.v1.UpdateActivityOptionsRequest;
import io.temporal.api.workflowservice.v1.UpdateActivityOptionsResponse;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The internal history service: the public API's own request and response messages, each call
 * scoped by a {@link CallScope} (the namespace the frontend resolved, the workflow id that routes
 * it to its shard). With protobuf marshallers, grpc-java's in-process transport hands the message
 * objects across without serializing; across hosts they are ordinary protobuf.
 */
public final class HistoryApi {
  public static final String SERVICE = "aevum.history.v1.HistoryService";
  private static final List<MethodDescriptor<?, ?>> methods = new ArrayList<>();

  public static final MethodDescriptor<
          StartWorkflowExecutionRequest, StartWorkflowExecutionResponse>
      START_WORKFLOW_EXECUTION =
          unary(
              "StartWorkflowExecution",
              StartWorkflowExecutionRequest.getDefaultInstance(),
              StartWorkflowExecutionResponse.getDefaultInstance());
  public static final MethodDescriptor<
          SignalWithStartWorkflowExecutionRequest, SignalWithStartWorkflowExecutionResponse>
      SIGNAL_WITH_START_WORKFLOW_EXECUTION =
          unary(
              "SignalWithStartWorkflowExecution",
              SignalWithStartWorkflowExecutionRequest.getDefaultInstance(),
              SignalWithStartWorkflowExecutionResponse.getDefaultInstance());
  public static final MethodDescriptor<
          DescribeWorkflowExecutionRequest, DescribeWorkflowExecutionResponse>
      DESCRIBE_WORKFLOW_EXECUTION =
          unary(
              "DescribeWorkflowExecution",
              DescribeWorkflowExecutionRequest.getDefaultInstance(),
              DescribeWorkflowExecutionResponse.getDefaultInstance());
  public static final MethodDescriptor<
          GetWorkflowExecutionHistoryRequest, GetWorkflowExecutionHistoryResponse>
      GET_WORKFLOW_EXECUTION_HISTORY =
          unary(
              "GetWorkflowExecutionHistory",
              GetWorkflowExecutionHistoryRequest.getDefaultInstance(),
              GetWorkflowExecutionHistoryResponse.getDefaultInstance());
  public static final MethodDescriptor<
          GetWorkflowExecutionHistoryReverseRequest, GetWorkflowExecutionHistoryReverseResponse>
      GET_WORKFLOW_EXECUTION_HISTORY_REVERSE =
          unary(
              "GetWorkflowExecutionHistoryReverse",
              GetWorkflowExecutionHistoryReverseRequest.getDefaultInstance(),
              GetWorkflowExecutionHistoryReverseResponse.getDefaultInstance());
  public static final MethodDescriptor<
          TerminateWorkflowExecutionRequest, TerminateWorkflowExecutionResponse>
      TERMINATE_WORKFLOW_EXECUTION =
          unary(
              "TerminateWorkflowExecution",
              TerminateWorkflowExecutionRequest.getDefaultInstance(),
              TerminateWorkflowExecutionResponse.getDefaultInstance());
  public static final MethodDescriptor<ResetStickyTaskQueueRequest, ResetStickyTaskQueueResponse>
      RESET_STICKY_TASK_QUEUE =
          unary(
              "ResetStickyTaskQueue",
              ResetStickyTaskQueueRequest.getDefaultInstance(),
              ResetStickyTaskQueueResponse.getDefaultInstance());
  public static final MethodDescriptor<
          RespondWorkflowTaskCompletedRequest, RespondWorkflowTaskCompletedResponse>
      RESPOND_WORKFLOW_TASK_COMPLETED =
          unary(
              "RespondWorkflowTaskCompleted",
              RespondWorkflowTaskCompletedRequest.getDefaultInstance(),
              RespondWorkflowTaskCompletedResponse.getDefaultInstance());
  public static final MethodDescriptor<
          RespondWorkflowTaskFailedRequest, RespondWorkflowTaskFailedResponse>
      RESPOND_WORKFLOW_TASK_FAILED =
          unary(
              "RespondWorkflowTaskFailed",
              RespondWorkflowTaskFailedRequest.getDefaultInstance(),
              RespondWorkflowTaskFailedResponse.getDefaultInstance());
  public static final MethodDescriptor<
          RecordActivityTaskHeartbeatRequest, RecordActivityTaskHeartbeatResponse>
      RECORD_ACTIVITY_TASK_HEARTBEAT =
          unary(
              "RecordActivityTaskHeartbeat",
              RecordActivityTaskHeartbeatRequest.getDefaultInstance(),
              RecordActivityTaskHeartbeatResponse.getDefaultInstance());
  public static final MethodDescriptor<
          RespondActivityTaskCompletedRequest, RespondActivityTaskCompletedResponse>
      RESPOND_ACTIVITY_TASK_COMPLETED =
          unary(
              "RespondActivityTaskCompleted",
              RespondActivityTaskCompletedRequest.getDefaultInstance(),
              RespondActivityTaskCompletedResponse.getDefaultInstance());
  public static final MethodDescriptor<
          RespondActivityTaskFailedRequest, RespondActivityTaskFailedResponse>
      RESPOND_ACTIVITY_TASK_FAILED =
          unary(
              "RespondActivityTaskFailed",
              RespondActivityTaskFailedRequest.getDefaultInstance(),
              RespondActivityTaskFailedResponse.getDefaultInstance());
  public static final MethodDescriptor<
          RespondActivityTaskCanceledRequest, RespondActivityTaskCanceledResponse>
      RESPOND_ACTIVITY_TASK_CANCELED =
          unary(
              "RespondActivityTaskCanceled",
              RespondActivityTaskCanceledRequest.getDefaultInstance(),
              RespondActivityTaskCanceledResponse.getDefaultInstance());
  public static final MethodDescriptor<
          SignalWorkflowExecutionRequest, SignalWorkflowExecutionResponse>
      SIGNAL_WORKFLOW_EXECUTION =
          unary(
              "SignalWorkflowExecution",
              SignalWorkflowExecutionRequest.getDefaultInstance(),
              SignalWorkflowExecutionResponse.getDefaultInstance());
  public static final MethodDescriptor<
          RequestCancelWorkflowExecutionRequest, RequestCancelWorkflowExecutionResponse>
      REQUEST_CANCEL_WORKFLOW_EXECUTION =
          unary(
              "RequestCancelWorkflowExecution",
              RequestCancelWorkflowExecutionRequest.getDefaultInstance(),
              RequestCancelWorkflowExecutionResponse.getDefaultInstance());
  public static final MethodDescriptor<QueryWorkflowRequest, QueryWorkflowResponse> QUERY_WORKFLOW =
      unary(
          "QueryWorkflow",
          QueryWorkflowRequest.getDefaultInstance(),
          QueryWorkflowResponse.getDefaultInstance());
  public static final MethodDescriptor<
          UpdateWorkflowExecutionRequest, UpdateWorkflowExecutionResponse>
      UPDATE_WORKFLOW_EXECUTION =
          unary(
              "UpdateWorkflowExecution",
              UpdateWorkflowExecutionRequest.getDefaultInstance(),
              UpdateWorkflowExecutionResponse.getDefaultInstance());
  public static final MethodDescriptor<
          PollWorkflowExecutionUpdateRequest, PollWorkflowExecutionUpdateResponse>
      POLL_WORKFLOW_EXECUTION_UPDATE =
          unary(
              "PollWorkflowExecutionUpdate",
              PollWorkflowExecutionUpdateRequest.getDefaultInstance(),
              PollWorkflowExecutionUpdateResponse.getDefaultInstance());
  public static final MethodDescriptor<ExecuteMultiOperationRequest, ExecuteMultiOperationResponse>
      EXECUTE_MULTI_OPERATION =
          unary(
              "ExecuteMultiOperation",
              ExecuteMultiOperationRequest.getDefaultInstance(),
              ExecuteMultiOperationResponse.getDefaultInstance());
  public static final MethodDescriptor<
          DeleteWorkflowExecutionRequest, DeleteWorkflowExecutionResponse>
      DELETE_WORKFLOW_EXECUTION =
          unary(
              "DeleteWorkflowExecution",
              DeleteWorkflowExecutionRequest.getDefaultInstance(),
              DeleteWorkflowExecutionResponse.getDefaultInstance());
  public static final MethodDescriptor<
          ResetWorkflowExecutionRequest, ResetWorkflowExecutionResponse>
      RESET_WORKFLOW_EXECUTION =
          unary(
              "ResetWorkflowExecution",
              ResetWorkflowExecutionRequest.getDefaultInstance(),
              ResetWorkflowExecutionResponse.getDefaultInstance());

  // An operator's hand on a workflow's pending activities.
  public static final MethodDescriptor<PauseActivityRequest, PauseActivityResponse> PAUSE_ACTIVITY =
      unary(
          "PauseActivity",
          PauseActivityRequest.getDefaultInstance(),
          PauseActivityResponse.getDefaultInstance());
  public static final MethodDescriptor<UnpauseActivityRequest, UnpauseActivityResponse>
      UNPAUSE_ACTIVITY =
          unary(
              "UnpauseActivity",
              UnpauseActivityRequest.getDefaultInstance(),
              UnpauseActivityResponse.getDefaultInstance());
  public static final MethodDescriptor<ResetActivityRequest, ResetActivityResponse> RESET_ACTIVITY =
      unary(
          "ResetActivity",
          ResetActivityRequest.getDefaultInstance(),
          ResetActivityResponse.getDefaultInstance());
  public static final MethodDescriptor<UpdateActivityOptionsRequest, UpdateActivityOptionsResponse>
      UPDATE_ACTIVITY_OPTIONS =
          unary(
              "UpdateActivityOptions",
              UpdateActivityOptionsRequest.getDefaultInstance(),
              UpdateActivityOptionsResponse.getDefaultInstance());

  // Standalone activities, routed by the workflow id of their run (StandaloneActivityIds).
  public static final MethodDescriptor<
          StartActivityExecutionRequest, StartActivityExecutionResponse>
      START_ACTIVITY_EXECUTION =
          unary(
              "StartActivityExecution",
              StartActivityExecutionRequest.getDefaultInstance(),
              StartActivityExecutionResponse.getDefaultInstance());
  public static final MethodDescriptor<
          DescribeActivityExecutionRequest, DescribeActivityExecutionResponse>
      DESCRIBE_ACTIVITY_EXECUTION =
          unary(
              "DescribeActivityExecution",
              DescribeActivityExecutionRequest.getDefaultInstance(),
              DescribeActivityExecutionResponse.getDefaultInstance());
  public static final MethodDescriptor<PollActivityExecutionRequest, PollActivityExecutionResponse>
      POLL_ACTIVITY_EXECUTION =
          unary(
              "PollActivityExecution",
              PollActivityExecutionRequest.getDefaultInstance(),
              PollActivityExecutionResponse.getDefaultInstance());
  public static final MethodDescriptor<
          RequestCancelActivityExecutionRequest, RequestCancelActivityExecutionResponse>
      REQUEST_CANCEL_ACTIVITY_EXECUTION =
          unary(
              "RequestCancelActivityExecution",
              RequestCancelActivityExecutionRequest.getDefaultInstance(),
              RequestCancelActivityExecutionResponse.getDefaultInstance());
  public static final MethodDescriptor<
          TerminateActivityExecutionRequest, TerminateActivityExecutionResponse>
      TERMINATE_ACTIVITY_EXECUTION =
          unary(
              "TerminateActivityExecution",
              TerminateActivityExecutionRequest.getDefaultInstance(),
              TerminateActivityExecutionResponse.getDefaultInstance());
  public static final MethodDescriptor<
          DeleteActivityExecutionRequest, DeleteActivityExecutionResponse>
      DELETE_ACTIVITY_EXECUTION =
          unary(
              "DeleteActivityExecution",
              DeleteActivityExecutionRequest.getDefaultInstance(),
              DeleteActivityExecutionResponse.getDefaultInstance());

  /** Matching: a poller took a workflow task; the answer is that poller's response. */
  public static final MethodDescriptor<RecordTaskStartedRequest, PollWorkflowTaskQueueResponse>
      RECORD_WORKFLOW_TASK_STARTED =
          unary(
              "RecordWorkflowTaskStarted",
              RecordTaskStartedRequest.getDefaultInstance(),
              PollWorkflowTaskQueueResponse.getDefaultInstance());

  /** Matching: a poller took an activity task; the answer is that poller's response. */
  public static final MethodDescriptor<RecordTaskStartedRequest, PollActivityTaskQueueResponse>
      RECORD_ACTIVITY_TASK_STARTED =
          unary(
              "RecordActivityTaskStarted",
              RecordTaskStartedRequest.getDefaultInstance(),
              PollActivityTaskQueueResponse.getDefaultInstance());

  private static final ServiceDescriptor DESCRIPTOR;

  static {
    ServiceDescriptor.Builder builder = ServiceDescriptor.newBuilder(SERVICE);
    methods.forEach(builder::addMethod);
    DESCRIPTOR = builder.build();
  }

  private HistoryApi() {}

  public static ServiceDescriptor descriptor() {
    return DESCRIPTOR;
  }

  private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> unary(
      String name, Q request, R response) {
    MethodDescriptor<Q, R> method =
        MethodDescriptor.<Q, R>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
            .setRequestMarshaller(ProtoUtils.marshaller(request))
            .setResponseMarshaller(ProtoUtils.marshaller(response))
            .build();
    methods.add(method);
    return method;
  }
}
