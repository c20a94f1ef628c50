package dev.aevum.server.frontend;

import dev.aevum.proto.matching.MatchingServiceGrpc;
import dev.aevum.proto.matching.PollRequest;
import dev.aevum.proto.matching.PollResponse;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A matching service whose polls stay open until the test answers them. */
final class FakeMatching extends MatchingServiceGrpc.MatchingServiceImplBase {
  record Poll(String method, PollRequest request, Optional<Deadline> deadline, StreamObserver<PollResponse> observer,
      CompletableFuture<Void> cancelled) {
    void answer(PollResponse response) {
      observer.onNext(response);
      observer.onCompleted();
    }
  }

  private final BlockingQueue<Poll> polls = new LinkedBlockingQueue<>();

  Poll next(Duration timeout) throws InterruptedException {
    Poll poll = polls.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (poll == null) {
      throw new AssertionError("no poll reached matching within " + timeout);
    }
    return poll;
  }

  boolean nothingReceived() {
    return polls.isEmpty();
  }

  @Override
  public void pollWorkflowTaskQueue(PollRequest request, StreamObserver<PollResponse> observer) {
    hold("PollWorkflowTaskQueue", request, observer);
  }

  @Override
  public void pollActivityTaskQueue(PollRequest request, StreamObserver<PollResponse> observer) {
    hold("PollActivityTaskQueue", request, observer);
  }

  private void hold(String method, PollRequest request, StreamObserver<PollResponse> observer) {
    CompletableFuture<Void> cancelled = new CompletableFuture<>();
    ((ServerCallStreamObserver<PollResponse>) observer).setOnCancelHandler(() -> cancelled.complete(null));
    polls.add(new Poll(method, request, Optional.ofNullable(Context.current().getDeadline()), observer, cancelled));
  }
}
