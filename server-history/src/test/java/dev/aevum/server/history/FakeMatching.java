package dev.aevum.server.history;

import com.google.protobuf.ByteString;
import dev.aevum.proto.matching.AddTaskRequest;
import dev.aevum.proto.matching.AddTaskResponse;
import dev.aevum.proto.matching.MatchingServiceGrpc;
import dev.aevum.proto.matching.QueryTaskRequest;
import dev.aevum.proto.matching.QueryTaskResponse;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Matching as history sees it: accepts every workflow and activity task and keeps it, so a test can
 * play the poller that takes it next; keeps query tasks open until the test answers them.
 */
final class FakeMatching extends MatchingServiceGrpc.MatchingServiceImplBase {
  private final BlockingQueue<AddTaskRequest> workflowTasks = new LinkedBlockingQueue<>();
  private final BlockingQueue<AddTaskRequest> activityTasks = new LinkedBlockingQueue<>();
  private final BlockingQueue<QueryTask> queryTasks = new LinkedBlockingQueue<>();

  /** A query task history sent, and the way back to the QueryWorkflow call that waits on it. */
  record QueryTask(QueryTaskRequest request, StreamObserver<QueryTaskResponse> observer) {
    void answer(ByteString completion) {
      observer.onNext(QueryTaskResponse.newBuilder().setCompletion(completion).build());
      observer.onCompleted();
    }
  }

  @Override
  public void queryWorkflow(QueryTaskRequest request, StreamObserver<QueryTaskResponse> observer) {
    queryTasks.add(new QueryTask(request, observer));
  }

  @Override
  public void addWorkflowTask(AddTaskRequest request, StreamObserver<AddTaskResponse> observer) {
    workflowTasks.add(request);
    observer.onNext(AddTaskResponse.getDefaultInstance());
    observer.onCompleted();
  }

  @Override
  public void addActivityTask(AddTaskRequest request, StreamObserver<AddTaskResponse> observer) {
    activityTasks.add(request);
    observer.onNext(AddTaskResponse.getDefaultInstance());
    observer.onCompleted();
  }

  /** The next workflow task history dispatched, waiting up to {@code wait} for it. */
  Optional<AddTaskRequest> nextWorkflowTask(Duration wait) {
    return take(workflowTasks, wait);
  }

  Optional<AddTaskRequest> nextActivityTask(Duration wait) {
    return take(activityTasks, wait);
  }

  Optional<QueryTask> nextQueryTask(Duration wait) {
    return take(queryTasks, wait);
  }

  int pendingQueryTasks() {
    return queryTasks.size();
  }

  /** Tasks dispatched and not taken yet, without waiting. */
  int pendingWorkflowTasks() {
    return workflowTasks.size();
  }

  int pendingActivityTasks() {
    return activityTasks.size();
  }

  private static <T> Optional<T> take(BlockingQueue<T> queue, Duration wait) {
    try {
      return Optional.ofNullable(queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
