package dev.aevum.server.common.api;

import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;

/**
 * Matching's long polls, with the public API's own messages (see {@link HistoryApi} for why): the
 * poll response history built travels to the worker's frontend without being serialized in between.
 * The {@link CallScope} carries the namespace and the poll's id. An empty response (no task token)
 * means the poll expired without a task.
 */
public final class TaskPollApi {
  public static final String SERVICE = "aevum.matching.v1.TaskPollService";

  public static final MethodDescriptor<PollWorkflowTaskQueueRequest, PollWorkflowTaskQueueResponse>
      POLL_WORKFLOW_TASK_QUEUE =
          MethodDescriptor.<PollWorkflowTaskQueueRequest, PollWorkflowTaskQueueResponse>newBuilder()
              .setType(MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(
                  MethodDescriptor.generateFullMethodName(SERVICE, "PollWorkflowTaskQueue"))
              .setRequestMarshaller(
                  ProtoUtils.marshaller(PollWorkflowTaskQueueRequest.getDefaultInstance()))
              .setResponseMarshaller(
                  ProtoUtils.marshaller(PollWorkflowTaskQueueResponse.getDefaultInstance()))
              .build();

  public static final MethodDescriptor<PollActivityTaskQueueRequest, PollActivityTaskQueueResponse>
      POLL_ACTIVITY_TASK_QUEUE =
          MethodDescriptor.<PollActivityTaskQueueRequest, PollActivityTaskQueueResponse>newBuilder()
              .setType(MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(
                  MethodDescriptor.generateFullMethodName(SERVICE, "PollActivityTaskQueue"))
              .setRequestMarshaller(
                  ProtoUtils.marshaller(PollActivityTaskQueueRequest.getDefaultInstance()))
              .setResponseMarshaller(
                  ProtoUtils.marshaller(PollActivityTaskQueueResponse.getDefaultInstance()))
              .build();

  private static final ServiceDescriptor DESCRIPTOR =
      ServiceDescriptor.newBuilder(SERVICE)
          .addMethod(POLL_WORKFLOW_TASK_QUEUE)
          .addMethod(POLL_ACTIVITY_TASK_QUEUE)
          .build();

  private TaskPollApi() {}

  public static ServiceDescriptor descriptor() {
    return DESCRIPTOR;
  }
}
