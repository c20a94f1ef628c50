package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.sdk.WorkflowFailedException;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.activity.Activity;
import dev.aevum.sdk.activity.ActivityCancellationType;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.converter.TypeRef;
import dev.aevum.sdk.failure.ActivityFailure;
import dev.aevum.sdk.failure.CanceledFailure;
import dev.aevum.sdk.worker.WorkerOptions;
import dev.aevum.sdk.worker.WorkflowReplayer;
import dev.aevum.sdk.workflow.Async;
import dev.aevum.sdk.workflow.CancellationScope;
import dev.aevum.sdk.workflow.CompletablePromise;
import dev.aevum.sdk.workflow.Promise;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AsyncCancellationTest {
  static volatile CountDownLatch meeting;
  static final AtomicBoolean HEARTBEAT_SAW_CANCEL = new AtomicBoolean();
  static final AtomicBoolean CLEANED_UP = new AtomicBoolean();

  @ActivityInterface
  public interface Steps {
    /** Returns only when a second call is running at the same time: proves parallelism. */
    String meet(String name);

    String heartbeatUntilCanceled();

    void cleanup();
  }

  public static final class StepsImpl implements Steps {
    @Override
    public String meet(String name) {
      meeting.countDown();
      try {
        return meeting.await(10, TimeUnit.SECONDS) ? name : "alone";
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public String heartbeatUntilCanceled() {
      for (int i = 0; i < 200; i++) {
        try {
          Activity.getExecutionContext().heartbeat(i);
        } catch (CanceledFailure e) {
          HEARTBEAT_SAW_CANCEL.set(true);
          throw e;
        }
        try {
          Thread.sleep(50); // the activity's own work, not a test wait
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      return "never canceled";
    }

    @Override
    public void cleanup() {
      CLEANED_UP.set(true);
    }
  }

  static Steps steps(ActivityCancellationType type) {
    return Workflow.newActivityStub(
        Steps.class,
        ActivityOptions.newBuilder()
            .startToCloseTimeout(Duration.ofSeconds(20))
            .heartbeatTimeout(Duration.ofSeconds(5))
            .cancellationType(type)
            .build());
  }

  @WorkflowInterface
  public interface Parallel {
    @WorkflowMethod
    List<String> run();
  }

  public static final class ParallelImpl implements Parallel {
    @Override
    public List<String> run() {
      Steps steps = steps(ActivityCancellationType.TRY_CANCEL);
      Promise<String> a = Async.function(steps::meet, "a");
      Promise<String> b = Async.function(steps::meet, "b");
      Promise.allOf(a, b).get();
      List<String> out = new ArrayList<>();
      out.add(a.get() + b.get());
      out.add(a.thenApply(String::toUpperCase).get());
      Promise<String> first =
          Promise.anyOf(Workflow.newTimer(Duration.ofHours(1)).thenApply(v -> "timer"), b);
      out.add(first.get());
      CompletablePromise<String> never = Workflow.newPromise();
      try {
        never.get(Duration.ofMillis(50));
        out.add("no timeout");
      } catch (TimeoutException e) {
        out.add("timeout");
      }
      CompletablePromise<String> soon = Workflow.newPromise();
      Async.procedure(
          () -> {
            Workflow.sleep(Duration.ofMillis(10));
            soon.complete("soon");
          });
      try {
        out.add(soon.get(Duration.ofHours(1))); // completes first: its timeout timer is canceled
      } catch (TimeoutException e) {
        out.add("no soon");
      }
      out.add(
          Workflow.await(Duration.ofMillis(20), () -> false)
              + "/"
              + Workflow.await(Duration.ofHours(1), () -> true));
      Promise<String> failed =
          Async.function(
              () -> {
                throw new IllegalArgumentException("boom");
              });
      out.add(failed.handle((v, e) -> e.getMessage()).get());
      out.add(
          failed.failure().map(RuntimeException::getMessage).orElse("no failure")
              + "/"
              + soon.failure().isPresent());
      return out;
    }
  }

  @WorkflowInterface
  public interface Scoped {
    @WorkflowMethod
    List<String> run();
  }

  public static final class ScopedImpl implements Scoped {
    @Override
    public List<String> run() {
      List<String> out = new ArrayList<>();
      Steps steps = steps(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED);
      List<Promise<?>> started = new ArrayList<>();
      CancellationScope scope =
          Workflow.newCancellationScope(
              () -> {
                started.add(Async.function(steps::heartbeatUntilCanceled));
                started.add(Workflow.newTimer(Duration.ofHours(1)));
              });
      scope.run();
      Workflow.sleep(Duration.ofMillis(500));
      scope.cancel("enough");
      for (Promise<?> p : started) {
        RuntimeException failure = p.handle((v, e) -> e).get();
        Throwable cause = failure instanceof ActivityFailure ? failure.getCause() : failure;
        out.add(failure.getClass().getSimpleName() + "/" + cause.getClass().getSimpleName());
      }
      return out;
    }
  }

  @WorkflowInterface
  public interface Waiter {
    @WorkflowMethod
    String run();
  }

  public static final class WaiterImpl implements Waiter {
    @Override
    public String run() {
      try {
        Workflow.await(() -> false);
        return "not canceled";
      } catch (CanceledFailure e) {
        // The workflow's own scope is canceled: cleanup needs a detached one.
        Workflow.newDetachedCancellationScope(
                () -> steps(ActivityCancellationType.TRY_CANCEL).cleanup())
            .run();
        throw e;
      }
    }
  }

  private TestServerHarness harness;

  @BeforeEach
  void setUp() {
    harness = new TestServerHarness(WorkerOptions.newBuilder().workflowCacheSize(0).build());
    harness.worker.registerWorkflowImplementationTypes(
        ParallelImpl.class, ScopedImpl.class, WaiterImpl.class);
    harness.worker.registerActivitiesImplementations(new StepsImpl());
    harness.factory.start();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void asyncActivitiesRunInParallelAndPromisesCompose() {
    meeting = new CountDownLatch(2);
    WorkflowHandle handle = harness.client.start(Parallel.class, harness.options(), Parallel::run);

    List<String> result = handle.getResult(new TypeRef<List<String>>() {});

    assertThat(result)
        .containsExactly("ab", "A", "b", "timeout", "soon", "false/true", "boom", "boom/false");
    assertThat(events(handle)).contains(EventType.EVENT_TYPE_TIMER_CANCELED);
    assertThatCode(() -> WorkflowReplayer.replay(handle.fetchHistory(), ParallelImpl.class))
        .doesNotThrowAnyException();
  }

  @Test
  void cancelingAScopeCancelsItsActivityAndTimer() {
    HEARTBEAT_SAW_CANCEL.set(false);
    WorkflowHandle handle = harness.client.start(Scoped.class, harness.options(), Scoped::run);

    List<Object> result = handle.getResult(List.class);

    assertThat(result)
        .containsExactly("ActivityFailure/CanceledFailure", "CanceledFailure/CanceledFailure");
    assertThat(HEARTBEAT_SAW_CANCEL).isTrue();
    assertThat(events(handle))
        .contains(
            EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED,
            EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
            EventType.EVENT_TYPE_TIMER_CANCELED);
    assertThatCode(() -> WorkflowReplayer.replay(handle.fetchHistory(), ScopedImpl.class))
        .doesNotThrowAnyException();
  }

  @Test
  void clientCancelReachesTheWorkflowAndDetachedCleanupRuns() {
    CLEANED_UP.set(false);
    WorkflowHandle handle = harness.client.start(Waiter.class, harness.options(), Waiter::run);
    awaitEvent(handle, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);

    handle.cancel(); // no reason needed

    assertThatThrownBy(() -> handle.getResult(String.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(CLEANED_UP).isTrue();
    assertThat(events(handle))
        .contains(
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED);
    assertThat(
            handle.fetchHistory().getEventsList().stream()
                .filter(HistoryEvent::hasWorkflowExecutionCancelRequestedEventAttributes)
                .map(e -> e.getWorkflowExecutionCancelRequestedEventAttributes().getCause()))
        .containsExactly("");
    assertThatCode(() -> WorkflowReplayer.replay(handle.fetchHistory(), WaiterImpl.class))
        .doesNotThrowAnyException();
  }

  static List<EventType> events(WorkflowHandle handle) {
    return handle.fetchHistory().getEventsList().stream().map(HistoryEvent::getEventType).toList();
  }

  static void awaitEvent(WorkflowHandle handle, EventType type) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!events(handle).contains(type)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + type + " in history within 10 s");
      }
      Thread.onSpinWait();
    }
  }
}
