package dev.aevum.server.frontend;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.aevum.server.common.api.CallScope;
import dev.aevum.server.common.api.HistoryApi;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A history service ({@link HistoryApi}) that records what reaches it and answers what the test set
 * up: the method's empty response unless told otherwise.
 */
final class FakeHistory {
  /** What the frontend forwarded: the call's scope and the request, serialized for comparison. */
  record Forwarded(CallScope scope, Message message) {
    String getNamespaceId() {
      return scope.namespaceId();
    }

    String getNamespace() {
      return scope.namespace();
    }

    String getWorkflowId() {
      return scope.workflowId();
    }

    ByteString getRequest() {
      return message.toByteString();
    }
  }

  /** A call as it reached history, with the deadline it carried. */
  record Call(String method, Forwarded request, Optional<Deadline> deadline) {}

  /** A call kept open; the test answers it. */
  record Held(Call call, StreamObserver<Message> observer) {
    void answer(Message response) {
      observer.onNext(response);
      observer.onCompleted();
    }
  }

  private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
  private final BlockingQueue<Held> held = new LinkedBlockingQueue<>();
  private final Map<String, Message> answers = new ConcurrentHashMap<>();
  private final Map<String, StatusRuntimeException> failures = new ConcurrentHashMap<>();
  private final Set<String> holding = ConcurrentHashMap.newKeySet();

  void answer(String method, Message response) {
    answers.put(method, response);
  }

  void fail(String method, StatusRuntimeException error) {
    failures.put(method, error);
  }

  /** Keeps calls of this method open until the test completes them via {@link #nextHeld}. */
  void hold(String method) {
    holding.add(method);
  }

  Call next(Duration timeout) throws InterruptedException {
    Call call = calls.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (call == null) {
      throw new AssertionError("no call reached history within " + timeout);
    }
    return call;
  }

  Held nextHeld(Duration timeout) throws InterruptedException {
    Held call = held.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (call == null) {
      throw new AssertionError("no held call reached history within " + timeout);
    }
    return call;
  }

  boolean nothingReceived() {
    return calls.isEmpty() && held.isEmpty();
  }

  /** Every method of {@link HistoryApi}, answered by {@link #handle}. */
  ServerServiceDefinition bindService() {
    ServerServiceDefinition.Builder service =
        ServerServiceDefinition.builder(HistoryApi.descriptor());
    for (MethodDescriptor<?, ?> method : HistoryApi.descriptor().getMethods()) {
      add(service, method);
    }
    return ServerInterceptors.intercept(service.build(), CallScope.serverInterceptor());
  }

  @SuppressWarnings("unchecked")
  private <Q, R> void add(ServerServiceDefinition.Builder service, MethodDescriptor<Q, R> method) {
    Message empty =
        (Message)
            ((MethodDescriptor.PrototypeMarshaller<R>) method.getResponseMarshaller())
                .getMessagePrototype();
    String name = method.getBareMethodName();
    service.addMethod(
        method,
        ServerCalls.asyncUnaryCall(
            (Q request, StreamObserver<R> observer) ->
                handle(name, (Message) request, empty, (StreamObserver<Message>) observer)));
  }

  private void handle(
      String method, Message request, Message empty, StreamObserver<Message> observer) {
    Call call =
        new Call(
            method,
            new Forwarded(CallScope.current(), request),
            Optional.ofNullable(Context.current().getDeadline()));
    if (holding.contains(method)) {
      held.add(new Held(call, observer));
      return;
    }
    calls.add(call);
    StatusRuntimeException failure = failures.get(method);
    if (failure != null) {
      observer.onError(failure);
      return;
    }
    observer.onNext(answers.getOrDefault(method, empty));
    observer.onCompleted();
  }
}
