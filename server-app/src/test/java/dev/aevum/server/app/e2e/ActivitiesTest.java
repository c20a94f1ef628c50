package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Activities through the official SDK: retries, the four timeouts, heartbeats, cancellation, async
 * completion.
 */
class ActivitiesTest extends ServerTest {
  /** Per-test behaviour, looked up by workflow id so parallel stores never share state. */
  static final ConcurrentHashMap<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

  static final ConcurrentHashMap<String, CompletableFuture<byte[]>> TOKENS =
      new ConcurrentHashMap<>();
  static final ConcurrentHashMap<String, CountDownLatch> RELEASE = new ConcurrentHashMap<>();

  @ActivityInterface
  public interface Work {
    String flaky(int failures);

    String heartbeating();

    String hang();

    String async();

    String fail();
  }

  public static class WorkImpl implements Work {
    private static AtomicInteger calls() {
      return CALLS.computeIfAbsent(
          Activity.getExecutionContext().getInfo().getWorkflowId(), k -> new AtomicInteger());
    }

    @Override
    public String flaky(int failures) {
      int call = calls().incrementAndGet();
      if (call <= failures) {
        throw ApplicationFailure.newFailure("flaky failure " + call, "Flaky");
      }
      return "attempt " + Activity.getExecutionContext().getInfo().getAttempt();
    }

    @Override
    public String heartbeating() {
      var context = Activity.getExecutionContext();
      int progress = context.getHeartbeatDetails(Integer.class).orElse(0);
      if (calls().incrementAndGet() == 1) {
        context.heartbeat(progress + 7);
        // Stop heartbeating: the heartbeat timeout moves this attempt on.
        await(
            RELEASE.computeIfAbsent(context.getInfo().getWorkflowId(), k -> new CountDownLatch(1)));
        return "zombie";
      }
      return "resumed at " + progress + " on attempt " + context.getInfo().getAttempt();
    }

    @Override
    public String hang() {
      var context = Activity.getExecutionContext();
      calls().incrementAndGet();
      CountDownLatch release =
          RELEASE.computeIfAbsent(context.getInfo().getWorkflowId(), k -> new CountDownLatch(1));
      while (release.getCount() > 0) {
        try {
          context.heartbeat(null);
        } catch (ActivityCompletionException e) {
          RELEASE.get(context.getInfo().getWorkflowId()).countDown();
          throw e;
        }
        await(release, 50);
      }
      return "released";
    }

    @Override
    public String async() {
      var context = Activity.getExecutionContext();
      TOKENS
          .computeIfAbsent(context.getInfo().getWorkflowId(), k -> new CompletableFuture<>())
          .complete(context.getTaskToken());
      context.doNotCompleteOnReturn();
      return null;
    }

    @Override
    public String fail() {
      throw ApplicationFailure.newNonRetryableFailure("broken for good", "Broken");
    }

    private static void await(CountDownLatch latch) {
      await(latch, 30_000);
    }

    private static void await(CountDownLatch latch, long ms) {
      try {
        latch.await(ms, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @WorkflowInterface
  public interface Caller {
    @WorkflowMethod
    String call(String scenario);
  }

  public static class CallerImpl implements Caller {
    private static final RetryOptions FAST =
        RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofMillis(100))
            .setBackoffCoefficient(1)
            .build();

    private static Work work(ActivityOptions.Builder options) {
      return Workflow.newActivityStub(Work.class, options.build());
    }

    @Override
    public String call(String scenario) {
      switch (scenario) {
        case "flaky":
          return work(ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofSeconds(10))
                  .setRetryOptions(FAST))
              .flaky(2);
        case "exhausted":
          return work(ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofSeconds(10))
                  .setRetryOptions(FAST.toBuilder().setMaximumAttempts(3).build()))
              .flaky(100);
        case "nonRetryable":
          return work(ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofSeconds(10))
                  .setRetryOptions(FAST))
              .fail();
        case "heartbeat":
          return work(ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofSeconds(30))
                  .setHeartbeatTimeout(Duration.ofMillis(800))
                  .setRetryOptions(FAST))
              .heartbeating();
        case "startToClose":
          return work(ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofMillis(700))
                  .setRetryOptions(FAST.toBuilder().setMaximumAttempts(2).build()))
              .hang();
        case "scheduleToClose":
          return work(ActivityOptions.newBuilder()
                  .setScheduleToCloseTimeout(Duration.ofSeconds(1))
                  .setRetryOptions(FAST))
              .hang();
        case "scheduleToStart":
          return Workflow.newActivityStub(
                  Work.class,
                  ActivityOptions.newBuilder()
                      .setTaskQueue(Workflow.getInfo().getTaskQueue() + "-nobody")
                      .setScheduleToStartTimeout(Duration.ofMillis(500))
                      .setStartToCloseTimeout(Duration.ofSeconds(5))
                      .build())
              .hang();
        case "cancel":
          {
            Work w =
                work(
                    ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(30))
                        .setHeartbeatTimeout(Duration.ofSeconds(5))
                        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED));
            AtomicReference<Promise<String>> result = new AtomicReference<>();
            CancellationScope scope =
                Workflow.newCancellationScope(() -> result.set(Async.function(w::hang)));
            scope.run();
            Workflow.sleep(Duration.ofMillis(500));
            scope.cancel();
            try {
              return result.get().get();
            } catch (ActivityFailure e) {
              return "canceled: " + (e.getCause() instanceof CanceledFailure);
            }
          }
        case "async":
          return work(ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)))
              .async();
        default:
          throw new IllegalArgumentException(scenario);
      }
    }
  }

  private String run(String scenario) {
    return run(scenario, unique(scenario));
  }

  private String run(String scenario, String workflowId) {
    String taskQueue = unique("activities");
    var worker = worker(taskQueue);
    worker.registerWorkflowImplementationTypes(CallerImpl.class);
    worker.registerActivitiesImplementations(new WorkImpl());
    startWorkers();
    return client
        .newWorkflowStub(
            Caller.class,
            WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(workflowId).build())
        .call(scenario);
  }

  private List<HistoryEvent> history(String workflowId) {
    return client.fetchHistory(workflowId).getEvents();
  }

  private static List<HistoryEvent> ofType(List<HistoryEvent> events, EventType type) {
    return events.stream().filter(e -> e.getEventType() == type).toList();
  }

  @Test
  void retriesWriteOneStartedEventWithTheFinalAttempt() {
    String id = unique("flaky");
    assertThat(run("flaky", id)).isEqualTo("attempt 3");
    var events = history(id);
    var started = ofType(events, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED);
    assertThat(started).hasSize(1);
    assertThat(started.get(0).getActivityTaskStartedEventAttributes().getAttempt()).isEqualTo(3);
    assertThat(started.get(0).getActivityTaskStartedEventAttributes().getLastFailure().getMessage())
        .isEqualTo("flaky failure 2");
    assertThat(ofType(events, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).hasSize(1);
  }

  @Test
  void exhaustedRetriesFailWithMaximumAttemptsReached() {
    String id = unique("exhausted");
    assertThatThrownBy(() -> run("exhausted", id))
        .isInstanceOfSatisfying(
            WorkflowFailedException.class,
            e -> {
              assertThat(e.getCause()).isInstanceOf(ActivityFailure.class);
              assertThat(((ActivityFailure) e.getCause()).getRetryState())
                  .isEqualTo(RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);
              assertThat(e.getCause().getCause())
                  .isInstanceOf(ApplicationFailure.class)
                  .hasMessageContaining("flaky failure 3");
            });
    assertThat(CALLS.get(id).get()).isEqualTo(3);
  }

  @Test
  void nonRetryableFailureIsNotRetried() {
    String id = unique("nonRetryable");
    assertThatThrownBy(() -> run("nonRetryable", id))
        .isInstanceOfSatisfying(
            WorkflowFailedException.class,
            e ->
                assertThat(((ActivityFailure) e.getCause()).getRetryState())
                    .isEqualTo(RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE));
  }

  @Test
  void heartbeatTimeoutRetriesWithTheLastHeartbeatDetails() {
    String id = unique("heartbeat");
    try {
      assertThat(run("heartbeat", id)).isEqualTo("resumed at 7 on attempt 2");
    } finally {
      RELEASE.computeIfAbsent(id, k -> new CountDownLatch(1)).countDown();
    }
  }

  @Test
  void startToCloseTimeoutEndsWithTimeoutFailure() {
    String id = unique("startToClose");
    try {
      assertThatThrownBy(() -> run("startToClose", id))
          .isInstanceOfSatisfying(
              WorkflowFailedException.class,
              e -> {
                ActivityFailure failure = (ActivityFailure) e.getCause();
                assertThat(failure.getRetryState())
                    .isEqualTo(RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);
                assertThat(failure.getCause())
                    .isInstanceOfSatisfying(
                        TimeoutFailure.class,
                        t -> {
                          assertThat(t.getTimeoutType())
                              .isEqualTo(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE);
                          // The first attempt's timeout is the cause of the last one, as in
                          // Temporal.
                          assertThat(t.getCause())
                              .isInstanceOfSatisfying(
                                  TimeoutFailure.class,
                                  previous -> {
                                    assertThat(previous.getTimeoutType())
                                        .isEqualTo(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE);
                                    assertThat(previous.getCause()).isNull();
                                  });
                        });
              });
      assertThat(CALLS.get(id).get()).isEqualTo(2);
    } finally {
      RELEASE.computeIfAbsent(id, k -> new CountDownLatch(1)).countDown();
    }
  }

  @Test
  void scheduleToCloseTimeoutIsNotRetried() {
    String id = unique("scheduleToClose");
    try {
      assertThatThrownBy(() -> run("scheduleToClose", id))
          .isInstanceOfSatisfying(
              WorkflowFailedException.class,
              e -> {
                ActivityFailure failure = (ActivityFailure) e.getCause();
                assertThat(failure.getRetryState()).isEqualTo(RetryState.RETRY_STATE_TIMEOUT);
                assertThat(failure.getCause())
                    .isInstanceOfSatisfying(
                        TimeoutFailure.class,
                        t ->
                            assertThat(t.getTimeoutType())
                                .isEqualTo(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE));
              });
    } finally {
      RELEASE.computeIfAbsent(id, k -> new CountDownLatch(1)).countDown();
    }
  }

  @Test
  void scheduleToStartTimeoutWithoutWorkers() {
    String id = unique("scheduleToStart");
    assertThatThrownBy(() -> run("scheduleToStart", id))
        .isInstanceOfSatisfying(
            WorkflowFailedException.class,
            e -> {
              ActivityFailure failure = (ActivityFailure) e.getCause();
              assertThat(failure.getCause())
                  .isInstanceOfSatisfying(
                      TimeoutFailure.class,
                      t ->
                          assertThat(t.getTimeoutType())
                              .isEqualTo(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START));
            });
    var timedOut = ofType(history(id), EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT);
    assertThat(timedOut).hasSize(1);
    assertThat(timedOut.get(0).getActivityTaskTimedOutEventAttributes().getStartedEventId())
        .isZero();
  }

  @Test
  void cancellationReachesTheActivityThroughHeartbeats() {
    String id = unique("cancel");
    assertThat(run("cancel", id)).isEqualTo("canceled: true");
    var events = history(id);
    assertThat(ofType(events, EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED)).hasSize(1);
    assertThat(ofType(events, EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED)).hasSize(1);
  }

  @Test
  void asyncCompletionByTokenAndById() throws Exception {
    String byToken = unique("async");
    var tokenRun = CompletableFuture.supplyAsync(() -> run("async", byToken));
    byte[] token =
        TOKENS.computeIfAbsent(byToken, k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
    client.newActivityCompletionClient().complete(token, "done by token");
    assertThat(tokenRun.get(30, TimeUnit.SECONDS)).isEqualTo("done by token");
  }
}
