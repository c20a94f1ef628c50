package dev.aevum.server.frontend;

import com.google.protobuf.Message;
import dev.aevum.proto.history.ExecutionRequest;
import dev.aevum.proto.history.HistoryServiceGrpc;
import dev.aevum.proto.history.RawResponse;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A history service that records what reaches it and answers what the test set up. */
final class FakeHistory extends HistoryServiceGrpc.HistoryServiceImplBase {
  /** A call as it reached history, with the deadline it carried. */
  record Call(String method, ExecutionRequest request, Optional<Deadline> deadline) {}

  record Held(Call call, StreamObserver<RawResponse> observer) {}

  private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
  private final BlockingQueue<Held> held = new LinkedBlockingQueue<>();
  private final Map<String, RawResponse> answers = new ConcurrentHashMap<>();
  private final Map<String, StatusRuntimeException> failures = new ConcurrentHashMap<>();
  private final Set<String> holding = ConcurrentHashMap.newKeySet();

  void answer(String method, Message response) {
    answers.put(method, RawResponse.newBuilder().setResponse(response.toByteString()).build());
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

  private void handle(String method, ExecutionRequest request, StreamObserver<RawResponse> observer) {
    Call call = new Call(method, request, Optional.ofNullable(Context.current().getDeadline()));
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
    observer.onNext(answers.getOrDefault(method, RawResponse.getDefaultInstance()));
    observer.onCompleted();
  }

  @Override
  public void startWorkflowExecution(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    handle("StartWorkflowExecution", request, observer);
  }

  @Override
  public void describeWorkflowExecution(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    handle("DescribeWorkflowExecution", request, observer);
  }

  @Override
  public void getWorkflowExecutionHistory(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    handle("GetWorkflowExecutionHistory", request, observer);
  }

  @Override
  public void getWorkflowExecutionHistoryReverse(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    handle("GetWorkflowExecutionHistoryReverse", request, observer);
  }

  @Override
  public void terminateWorkflowExecution(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    handle("TerminateWorkflowExecution", request, observer);
  }

  @Override
  public void resetStickyTaskQueue(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    handle("ResetStickyTaskQueue", request, observer);
  }

  @Override
  public void respondWorkflowTaskCompleted(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    handle("RespondWorkflowTaskCompleted", request, observer);
  }

  @Override
  public void respondWorkflowTaskFailed(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    handle("RespondWorkflowTaskFailed", request, observer);
  }

  @Override
  public void recordActivityTaskHeartbeat(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    handle("RecordActivityTaskHeartbeat", request, observer);
  }

  @Override
  public void respondActivityTaskCompleted(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    handle("RespondActivityTaskCompleted", request, observer);
  }

  @Override
  public void respondActivityTaskFailed(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    handle("RespondActivityTaskFailed", request, observer);
  }

  @Override
  public void respondActivityTaskCanceled(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    handle("RespondActivityTaskCanceled", request, observer);
  }

  @Override
  public void signalWorkflowExecution(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    handle("SignalWorkflowExecution", request, observer);
  }

  @Override
  public void signalWithStartWorkflowExecution(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    handle("SignalWithStartWorkflowExecution", request, observer);
  }

  @Override
  public void requestCancelWorkflowExecution(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    handle("RequestCancelWorkflowExecution", request, observer);
  }

  @Override
  public void queryWorkflow(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    handle("QueryWorkflow", request, observer);
  }

  @Override
  public void updateWorkflowExecution(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    handle("UpdateWorkflowExecution", request, observer);
  }

  @Override
  public void pollWorkflowExecutionUpdate(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    handle("PollWorkflowExecutionUpdate", request, observer);
  }

  @Override
  public void executeMultiOperation(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    handle("ExecuteMultiOperation", request, observer);
  }

  @Override
  public void deleteWorkflowExecution(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    handle("DeleteWorkflowExecution", request, observer);
  }

  @Override
  public void resetWorkflowExecution(ExecutionRequest request, StreamObserver<RawResponse> observer) {
    handle("ResetWorkflowExecution", request, observer);
  }
}
