package dev.aevum.sdk.samples;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.activity.Activity;
import dev.aevum.sdk.activity.ActivityCancellationType;
import dev.aevum.sdk.activity.ActivityContext;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.failure.CanceledFailure;
import dev.aevum.sdk.workflow.Async;
import dev.aevum.sdk.workflow.CancellationScope;
import dev.aevum.sdk.workflow.Promise;
import dev.aevum.sdk.workflow.SignalMethod;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A long activity that heartbeats its progress, and is canceled. A heartbeat is how an activity
 * learns that the workflow canceled it: {@code heartbeat} throws {@code CanceledFailure}, and the
 * activity cleans up before it gives in. The workflow cancels the activity's scope when a user
 * signals "stop", and waits for the activity to acknowledge.
 */
public final class HeartbeatSample {
  @ActivityInterface
  public interface Downloads {
    String download(String file);
  }

  public static final class DownloadsImpl implements Downloads {
    /** Lets the sample's client wait until the download is under way before it asks to stop. */
    final CountDownLatch started = new CountDownLatch(1);

    final AtomicBoolean cleanedUp = new AtomicBoolean();

    @Override
    public String download(String file) {
      ActivityContext context = Activity.getExecutionContext();
      for (int chunk = 1; chunk <= 1_000; chunk++) {
        try {
          context.heartbeat(chunk); // progress; a retry could resume from getHeartbeatDetails
        } catch (CanceledFailure e) {
          cleanedUp.set(true); // delete the partial file here
          throw e;
        }
        started.countDown();
        pause(); // downloading one chunk
      }
      return file + " downloaded";
    }

    private static void pause() {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("download interrupted", e);
      }
    }
  }

  @WorkflowInterface
  public interface Download {
    @WorkflowMethod
    String run(String file);

    @SignalMethod
    void stop();
  }

  public static final class DownloadImpl implements Download {
    private final Downloads downloads =
        Workflow.newActivityStub(
            Downloads.class,
            ActivityOptions.newBuilder()
                .startToCloseTimeout(Duration.ofMinutes(5))
                // A missed heartbeat fails the attempt after 2 s; heartbeats reach the server at
                // most every
                // 80% of this, so cancellation is noticed within about 1.6 s.
                .heartbeatTimeout(Duration.ofSeconds(2))
                .cancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .build());
    private boolean stopRequested;
    private Promise<String> download;

    @Override
    public String run(String file) {
      CancellationScope scope =
          Workflow.newCancellationScope(() -> download = Async.function(downloads::download, file));
      scope.run();
      Workflow.await(() -> stopRequested || download.completed());
      if (!download.completed()) {
        scope.cancel("user pressed stop");
      }
      return download
          .handle(
              (done, failure) ->
                  failure == null
                      ? done
                      : "stopped: "
                          + failure.getClass().getSimpleName()
                          + " caused by "
                          + failure.getCause().getClass().getSimpleName())
          .get();
    }

    @Override
    public void stop() {
      stopRequested = true;
    }
  }

  /** Runs the sample against the server at {@code target} and returns what it printed. */
  public static String run(String target) {
    DownloadsImpl downloads = new DownloadsImpl();
    return SampleRunner.run(
        target,
        worker ->
            worker
                .registerWorkflowImplementationTypes(DownloadImpl.class)
                .registerActivitiesImplementations(downloads),
        (client, options) -> {
          WorkflowHandle handle = client.start(Download.class, options, d -> d.run("big.iso"));
          await(downloads.started);
          handle.signal(Download.class, Download::stop);
          String outcome = handle.getResult(String.class);
          return outcome + "; activity cleaned up: " + downloads.cleanedUp.get();
        });
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the download did not start within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the download", e);
    }
  }

  public static void main(String[] args) {
    System.out.println(run(SampleRunner.target(args)));
  }
}
