package dev.aevum.server.matching;

import com.google.protobuf.ByteString;
import dev.aevum.proto.history.RecordTaskStartedRequest;
import dev.aevum.server.common.api.HistoryApi;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * History as matching sees it: starts every task with a canned poll response whose token names the
 * scheduled event id, except the ids a test marks stale (NOT_FOUND) or failing once (UNAVAILABLE).
 */
final class FakeHistory {
  final List<RecordTaskStartedRequest> calls = new CopyOnWriteArrayList<>();
  final Set<Long> stale = ConcurrentHashMap.newKeySet();
  final Set<Long> failOnce = ConcurrentHashMap.newKeySet();

  static ByteString token(long scheduledEventId) {
    return ByteString.copyFromUtf8("token-" + scheduledEventId);
  }

  /** The two Record*TaskStarted methods of HistoryApi. */
  ServerServiceDefinition bindService() {
    return ServerServiceDefinition.builder(HistoryApi.SERVICE)
        .addMethod(
            HistoryApi.RECORD_WORKFLOW_TASK_STARTED,
            ServerCalls.asyncUnaryCall(
                (request, observer) ->
                    answer(
                        request,
                        observer,
                        PollWorkflowTaskQueueResponse.newBuilder()
                            .setTaskToken(token(request.getScheduledEventId()))
                            .setWorkflowExecution(execution(request))
                            .build())))
        .addMethod(
            HistoryApi.RECORD_ACTIVITY_TASK_STARTED,
            ServerCalls.asyncUnaryCall(
                (request, observer) ->
                    answer(
                        request,
                        observer,
                        PollActivityTaskQueueResponse.newBuilder()
                            .setTaskToken(token(request.getScheduledEventId()))
                            .setWorkflowExecution(execution(request))
                            .build())))
        .build();
  }

  private <R> void answer(
      RecordTaskStartedRequest request, StreamObserver<R> observer, R response) {
    calls.add(request);
    if (stale.contains(request.getScheduledEventId())) {
      observer.onError(
          Status.NOT_FOUND.withDescription("workflow task not found").asRuntimeException());
      return;
    }
    if (failOnce.remove(request.getScheduledEventId())) {
      observer.onError(Status.UNAVAILABLE.withDescription("shard moving").asRuntimeException());
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
  }

  private static WorkflowExecution execution(RecordTaskStartedRequest request) {
    return WorkflowExecution.newBuilder()
        .setWorkflowId(request.getWorkflowId())
        .setRunId(request.getRunId())
        .build();
  }
}
