package dev.aevum.sdk.internal.worker;

import com.google.protobuf.ByteString;
import dev.aevum.sdk.activity.ActivityContext;
import dev.aevum.sdk.activity.ActivityInfo;
import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.failure.CanceledFailure;
import dev.aevum.sdk.internal.common.Rpc;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeats are throttled: the first goes out at once, later ones at most once per {@link
 * HeartbeatThrottle} interval, always with the latest details. Details still waiting when the
 * attempt ends travel with its failure or cancellation.
 */
final class ActivityContextImpl implements ActivityContext {
  private static final System.Logger LOG = System.getLogger(ActivityContextImpl.class.getName());
  private static final ScheduledExecutorService FLUSHER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "aevum-heartbeat-flush");
            t.setDaemon(true);
            return t;
          });

  private final ActivityInfo info;
  private final ByteString taskToken;
  private final Optional<Payloads> previousDetails;
  private final Rpc rpc;
  private final DataConverter converter;
  private final String identity;
  private final HeartbeatThrottle throttle;
  private boolean completeOnReturn = true;
  // Guarded by this: details waiting for the throttle, the scheduled flush, and what the server
  // said.
  private Payloads waitingDetails;
  private ScheduledFuture<?> flush;
  private boolean cancelRequested;
  private boolean closed;

  ActivityContextImpl(
      ActivityInfo info,
      ByteString taskToken,
      Optional<Payloads> previousDetails,
      Rpc rpc,
      DataConverter converter,
      String identity,
      Duration heartbeatTimeout) {
    this.info = info;
    this.taskToken = taskToken;
    this.previousDetails = previousDetails;
    this.rpc = rpc;
    this.converter = converter;
    this.identity = identity;
    this.throttle = new HeartbeatThrottle(HeartbeatThrottle.intervalFor(heartbeatTimeout));
  }

  @Override
  public ActivityInfo info() {
    return info;
  }

  @Override
  public void heartbeat(Object details) {
    Payloads payloads = converter.toPayloads(new Object[] {details});
    boolean sendNow;
    synchronized (this) {
      if (cancelRequested) {
        throw canceled();
      }
      sendNow = throttle.tryAcquire(System.nanoTime());
      if (!sendNow) {
        waitingDetails = payloads;
        if (flush == null) {
          flush =
              FLUSHER.schedule(
                  this::flushWaiting,
                  throttle.nanosUntilNext(System.nanoTime()),
                  TimeUnit.NANOSECONDS);
        }
        return;
      }
    }
    if (send(payloads)) {
      throw canceled();
    }
  }

  private void flushWaiting() {
    Payloads payloads;
    synchronized (this) {
      flush = null;
      payloads = waitingDetails;
      waitingDetails = null;
      if (payloads == null || closed) {
        return;
      }
      throttle.tryAcquire(System.nanoTime());
    }
    try {
      send(payloads);
    } catch (RuntimeException e) {
      LOG.log(
          Level.DEBUG,
          "throttled heartbeat of activity " + info.activityId() + " failed: " + e.getMessage());
    }
  }

  /** Sends a heartbeat; returns true when the server asks the activity to cancel. */
  private boolean send(Payloads payloads) {
    RecordActivityTaskHeartbeatRequest request =
        RecordActivityTaskHeartbeatRequest.newBuilder()
            .setNamespace(info.namespace())
            .setTaskToken(taskToken)
            .setIdentity(identity)
            .setDetails(payloads)
            .build();
    boolean cancel =
        rpc.call("RecordActivityTaskHeartbeat", s -> s.recordActivityTaskHeartbeat(request))
            .getCancelRequested();
    if (cancel) {
      synchronized (this) {
        cancelRequested = true;
      }
    }
    return cancel;
  }

  private CanceledFailure canceled() {
    return new CanceledFailure(
        "activity " + info.activityType() + " (id " + info.activityId() + ") cancel requested",
        null);
  }

  /** Ends the attempt: stops the pending flush and hands back details it did not send. */
  synchronized Optional<Payloads> close() {
    closed = true;
    if (flush != null) {
      flush.cancel(false);
      flush = null;
    }
    Optional<Payloads> last = Optional.ofNullable(waitingDetails);
    waitingDetails = null;
    return last;
  }

  @Override
  public byte[] taskToken() {
    return taskToken.toByteArray();
  }

  @Override
  public void doNotCompleteOnReturn() {
    completeOnReturn = false;
  }

  boolean completeOnReturn() {
    return completeOnReturn;
  }

  @Override
  public <T> Optional<T> heartbeatDetails(Class<T> type) {
    if (previousDetails.isEmpty() || previousDetails.get().getPayloadsCount() == 0) {
      return Optional.empty();
    }
    return Optional.ofNullable(converter.fromPayloads(0, previousDetails, type, type));
  }
}
