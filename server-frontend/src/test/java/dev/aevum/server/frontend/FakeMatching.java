package dev.aevum.server.frontend;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.aevum.proto.matching.DescribeTaskQueueRequest;
import dev.aevum.proto.matching.MatchingServiceGrpc;
import dev.aevum.proto.matching.PollResponse;
import dev.aevum.proto.matching.RespondQueryTaskRequest;
import dev.aevum.proto.matching.RespondQueryTaskResponse;
import dev.aevum.server.common.api.CallScope;
import dev.aevum.server.common.api.TaskPollApi;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A matching service whose polls stay open until the test answers them. */
final class FakeMatching extends MatchingServiceGrpc.MatchingServiceImplBase {
  record Poll(
      String method,
      Forwarded request,
      Optional<Deadline> deadline,
      StreamObserver<Message> observer,
      CompletableFuture<Void> cancelled) {
    void answer(Message response) {
      observer.onNext(response);
      observer.onCompleted();
    }
  }

  /** What the frontend forwarded: the poll's scope and its request, serialized for comparison. */
  record Forwarded(CallScope scope, Message message) {
    String getNamespaceId() {
      return scope.namespaceId();
    }

    String getNamespace() {
      return scope.namespace();
    }

    String getPollerId() {
      return scope.pollerId();
    }

    ByteString getRequest() {
      return message.toByteString();
    }
  }

  /** The generated MatchingService and the long polls' TaskPollApi service. */
  List<ServerServiceDefinition> services() {
    var polls =
        ServerServiceDefinition.builder(TaskPollApi.descriptor())
            .addMethod(
                TaskPollApi.POLL_WORKFLOW_TASK_QUEUE,
                ServerCalls.asyncUnaryCall(
                    (request, observer) -> hold("PollWorkflowTaskQueue", request, observer)))
            .addMethod(
                TaskPollApi.POLL_ACTIVITY_TASK_QUEUE,
                ServerCalls.asyncUnaryCall(
                    (request, observer) -> hold("PollActivityTaskQueue", request, observer)))
            .build();
    return List.of(
        bindService(), ServerInterceptors.intercept(polls, CallScope.serverInterceptor()));
  }

  /** A unary call as it reached matching. */
  record Call(String method, Message request) {}

  private final BlockingQueue<Poll> polls = new LinkedBlockingQueue<>();
  private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
  private final Map<String, Message> answers = new ConcurrentHashMap<>();
  private final Map<String, StatusRuntimeException> failures = new ConcurrentHashMap<>();

  void answer(String method, Message response) {
    answers.put(method, response);
  }

  void fail(String method, StatusRuntimeException error) {
    failures.put(method, error);
  }

  Call nextCall(Duration timeout) throws InterruptedException {
    Call call = calls.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (call == null) {
      throw new AssertionError("no call reached matching within " + timeout);
    }
    return call;
  }

  Poll next(Duration timeout) throws InterruptedException {
    Poll poll = polls.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (poll == null) {
      throw new AssertionError("no poll reached matching within " + timeout);
    }
    return poll;
  }

  boolean nothingReceived() {
    return polls.isEmpty() && calls.isEmpty();
  }

  @Override
  public void respondQueryTaskCompleted(
      RespondQueryTaskRequest request, StreamObserver<RespondQueryTaskResponse> observer) {
    unary(
        "RespondQueryTaskCompleted",
        request,
        RespondQueryTaskResponse.getDefaultInstance(),
        observer);
  }

  @Override
  public void describeTaskQueue(
      DescribeTaskQueueRequest request, StreamObserver<PollResponse> observer) {
    unary("DescribeTaskQueue", request, PollResponse.getDefaultInstance(), observer);
  }

  @SuppressWarnings(
      "unchecked") // answers are registered per method with that method's response type
  private <T extends Message> void unary(
      String method, Message request, T fallback, StreamObserver<T> observer) {
    calls.add(new Call(method, request));
    StatusRuntimeException failure = failures.get(method);
    if (failure != null) {
      observer.onError(failure);
      return;
    }
    observer.onNext((T) answers.getOrDefault(method, fallback));
    observer.onCompleted();
  }

  @SuppressWarnings("unchecked")
  private <R> void hold(String method, Message request, StreamObserver<R> observer) {
    CompletableFuture<Void> cancelled = new CompletableFuture<>();
    ((ServerCallStreamObserver<R>) observer).setOnCancelHandler(() -> cancelled.complete(null));
    polls.add(
        new Poll(
            method,
            new Forwarded(CallScope.current(), request),
            Optional.ofNullable(Context.current().getDeadline()),
            (StreamObserver<Message>) observer,
            cancelled));
  }
}
