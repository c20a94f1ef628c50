package dev.aevum.server.matching;

import dev.aevum.proto.matching.AddTaskResponse;
import dev.aevum.server.common.Rpc;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicBoolean;

/** Answers one AddTask call exactly once, from whichever thread settles the task. */
final class Reply {
  private final StreamObserver<AddTaskResponse> observer;
  private final AtomicBoolean done = new AtomicBoolean();

  Reply(StreamObserver<AddTaskResponse> observer) {
    this.observer = observer;
  }

  void ok() {
    if (done.compareAndSet(false, true)) {
      try {
        observer.onNext(AddTaskResponse.getDefaultInstance());
        observer.onCompleted();
      } catch (RuntimeException ignored) {
        // The caller is gone; the task is settled either way.
      }
    }
  }

  void fail(Throwable t) {
    if (done.compareAndSet(false, true)) {
      try {
        Rpc.fail(observer, t);
      } catch (RuntimeException ignored) {
        // The caller is gone.
      }
    }
  }
}
