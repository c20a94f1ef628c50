package dev.aevum.sdk.internal.worker;

import dev.aevum.sdk.ContextPropagator;
import dev.aevum.sdk.RetryOptions;
import dev.aevum.sdk.activity.ActivityContext;
import dev.aevum.sdk.activity.ActivityInfo;
import dev.aevum.sdk.activity.LocalActivityOptions;
import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.failure.ActivityFailure;
import dev.aevum.sdk.failure.ApplicationFailure;
import dev.aevum.sdk.failure.RetryState;
import dev.aevum.sdk.failure.TimeoutFailure;
import dev.aevum.sdk.failure.TimeoutType;
import dev.aevum.sdk.internal.common.FailureConverter;
import dev.aevum.sdk.internal.common.Headers;
import dev.aevum.sdk.internal.replay.LocalActivityExecutor;
import dev.aevum.sdk.worker.WorkerInterceptor;
import io.temporal.api.common.v1.Header;
import io.temporal.api.common.v1.Payloads;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs local activities for workflow tasks, with their retries, each activity on its own daemon
 * thread so that the workflow task can be heartbeated while it runs. Each attempt runs on another
 * daemon thread so that its start-to-close timeout can be enforced (a timed-out attempt is
 * abandoned, as Java cannot stop it).
 */
final class LocalActivityRunner implements LocalActivityExecutor {
  private static final Duration DEFAULT_INITIAL_INTERVAL = Duration.ofMillis(100);

  private final ActivityRegistry registry;
  private final DataConverter converter;
  private final FailureConverter failures;
  private final String namespace;
  private final ExecutorService attempts =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "local-activity");
            t.setDaemon(true);
            return t;
          });

  private final ExecutorService activities =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "local-activity-retries");
            t.setDaemon(true);
            return t;
          });

  private final List<ContextPropagator> propagators;

  /** WorkerOptions.maxConcurrentLocalActivities: one permit per attempt the worker waits for. */
  private final Semaphore slots;

  private final List<WorkerInterceptor> interceptors;

  LocalActivityRunner(
      ActivityRegistry registry,
      DataConverter converter,
      String namespace,
      List<ContextPropagator> propagators,
      List<WorkerInterceptor> interceptors,
      int maxConcurrent) {
    this.slots = new Semaphore(maxConcurrent);
    this.propagators = propagators;
    this.interceptors = interceptors;
    this.registry = registry;
    this.converter = converter;
    this.failures = new FailureConverter(converter);
    this.namespace = namespace;
  }

  @Override
  public CompletableFuture<Outcome> start(Request request) {
    return CompletableFuture.supplyAsync(() -> execute(request), activities);
  }

  @Override
  public Outcome execute(Request request) {
    LocalActivityOptions options = request.options();
    long deadline =
        System.nanoTime()
            + options
                .scheduleToCloseTimeout()
                .orElse(LocalActivityOptions.DEFAULT_SCHEDULE_TO_CLOSE)
                .toNanos();
    Optional<RetryOptions> retry = options.retryOptions();
    Duration interval =
        retry.flatMap(RetryOptions::initialInterval).orElse(DEFAULT_INITIAL_INTERVAL);
    for (int attempt = 1; ; attempt++) {
      Throwable failure;
      try {
        return new Outcome(attempt(request, attempt, deadline), Optional.empty());
      } catch (Throwable e) {
        failure = e;
      }
      RetryState retryState = retryState(failure, attempt, retry, interval, deadline);
      if (retryState != null) {
        ActivityFailure wrapped =
            new ActivityFailure(
                "", request.activityType(), request.activityId(), 0, retryState, failure);
        return new Outcome(Optional.empty(), Optional.of(failures.toFailure(wrapped)));
      }
      sleep(interval);
      double coefficient =
          retry.map(RetryOptions::backoffCoefficient).filter(c -> c >= 1).orElse(2.0);
      Duration max =
          retry.flatMap(RetryOptions::maximumInterval).orElse(interval.multipliedBy(100));
      interval =
          Duration.ofMillis(Math.min(max.toMillis(), (long) (interval.toMillis() * coefficient)));
    }
  }

  /** Null when another attempt may run, else the retry state that ends the activity. */
  private static RetryState retryState(
      Throwable failure,
      int attempt,
      Optional<RetryOptions> retry,
      Duration interval,
      long deadline) {
    if (failure instanceof ApplicationFailure af
        && (af.nonRetryable()
            || retry.map(r -> r.doNotRetry().contains(af.type())).orElse(false))) {
      return RetryState.NON_RETRYABLE_FAILURE;
    }
    int max = retry.map(RetryOptions::maximumAttempts).orElse(0);
    if (max > 0 && attempt >= max) {
      return RetryState.MAXIMUM_ATTEMPTS_REACHED;
    }
    if (System.nanoTime() + interval.toNanos() >= deadline) {
      return RetryState.TIMEOUT;
    }
    return null;
  }

  private Optional<Payloads> attempt(Request request, int attempt, long deadline) throws Throwable {
    ActivityRegistry.Registration registration =
        registry
            .get(request.activityType())
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "local activity type "
                            + request.activityType()
                            + " is not registered with this worker; registered: "
                            + registry.types(),
                        "ActivityTypeNotRegistered"));
    Method method = registration.method();
    ActivityInfo info =
        new ActivityInfo(
            namespace,
            request.activityId(),
            request.activityType(),
            attempt,
            request.workflow().workflowId(),
            request.workflow().runId(),
            request.workflow().workflowType(),
            request.workflow().taskQueue());
    // Waiting for a slot counts against schedule-to-close, as time in Temporal's local activity
    // queue does.
    if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      throw new TimeoutFailure(
          "no local activity slot became free in time", TimeoutType.SCHEDULE_TO_CLOSE, null);
    }
    CompletableFuture<Object> result =
        CompletableFuture.supplyAsync(
            () -> {
              ActivityContextHolder.set(new LocalContext(info));
              Headers.restore(propagators, request.header());
              try {
                Object[] args = registration.arguments(Optional.of(request.input()), converter);
                return Interceptors.activity(
                    interceptors, info, registration.target(), method, args);
              } catch (Throwable e) {
                throw new AttemptFailed(e);
              } finally {
                ActivityContextHolder.clear();
                Headers.restore(propagators, Header.getDefaultInstance());
              }
            },
            attempts);
    result.whenComplete((value, failure) -> slots.release()); // also on cancel after a timeout
    long timeout =
        Math.min(
            deadline - System.nanoTime(),
            request.options().startToCloseTimeout().map(Duration::toNanos).orElse(Long.MAX_VALUE));
    Object value;
    try {
      value = result.get(Math.max(0, timeout), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      throw new TimeoutFailure(
          "local activity attempt timed out", TimeoutType.START_TO_CLOSE, null);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof AttemptFailed af ? af.getCause() : e.getCause();
    }
    return method.getReturnType() == void.class
        ? Optional.empty()
        : Optional.of(converter.toPayloads(new Object[] {value}));
  }

  private static void sleep(Duration interval) {
    try {
      Thread.sleep(interval.toMillis()); // backoff between local attempts, inside the workflow task
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted between local activity attempts", e);
    }
  }

  /** Carries the method's own exception out of the attempt thread. */
  private static final class AttemptFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AttemptFailed(Throwable cause) {
      super(cause);
    }
  }

  private record LocalContext(ActivityInfo info) implements ActivityContext {
    @Override
    public ActivityInfo info() {
      return info;
    }

    @Override
    public void heartbeat(Object details) {
      // Local activities have no server-side heartbeat; their timeouts are enforced locally.
    }

    @Override
    public <T> Optional<T> heartbeatDetails(Class<T> type) {
      return Optional.empty();
    }

    @Override
    public byte[] taskToken() {
      throw new UnsupportedOperationException("local activities have no task token");
    }

    @Override
    public void doNotCompleteOnReturn() {
      throw new UnsupportedOperationException(
          "local activities cannot be completed asynchronously");
    }
  }
}
