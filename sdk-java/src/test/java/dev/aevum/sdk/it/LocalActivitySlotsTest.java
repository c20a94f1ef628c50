package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.LocalActivityOptions;
import dev.aevum.sdk.worker.WorkerOptions;
import dev.aevum.sdk.workflow.Async;
import dev.aevum.sdk.workflow.Promise;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * WorkerOptions.maxConcurrentLocalActivities bounds how many local activity attempts run at once.
 */
class LocalActivitySlotsTest {
  static final AtomicInteger RUNNING = new AtomicInteger();
  static final AtomicInteger MOST_AT_ONCE = new AtomicInteger();

  @ActivityInterface
  public interface Slow {
    int work(int n);
  }

  public static final class SlowImpl implements Slow {
    @Override
    public int work(int n) {
      int now = RUNNING.incrementAndGet();
      MOST_AT_ONCE.accumulateAndGet(now, Math::max);
      try {
        Thread.sleep(300); // the work: long enough for the four to overlap when slots allow it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        RUNNING.decrementAndGet();
      }
      return n * n;
    }
  }

  @WorkflowInterface
  public interface Fanout {
    @WorkflowMethod
    int run();
  }

  public static final class FanoutImpl implements Fanout {
    @Override
    public int run() {
      Slow slow =
          Workflow.newLocalActivityStub(
              Slow.class,
              LocalActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(5)).build());
      List<Promise<Integer>> squares = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        squares.add(Async.function(slow::work, i));
      }
      int sum = 0;
      for (Promise<Integer> square : squares) {
        sum += square.get();
      }
      return sum;
    }
  }

  private static int mostAtOnce(WorkerOptions options) {
    RUNNING.set(0);
    MOST_AT_ONCE.set(0);
    try (TestServerHarness harness = new TestServerHarness(options)) {
      harness.worker.registerWorkflowImplementationTypes(FanoutImpl.class);
      harness.worker.registerActivitiesImplementations(new SlowImpl());
      harness.factory.start();
      int sum =
          harness
              .client
              .start(Fanout.class, harness.options(), Fanout::run)
              .getResult(Integer.class);
      assertThat(sum).isEqualTo(1 + 4 + 9 + 16);
    }
    return MOST_AT_ONCE.get();
  }

  @Test
  void oneSlotRunsLocalActivitiesOneAtATime() {
    assertThat(mostAtOnce(WorkerOptions.newBuilder().maxConcurrentLocalActivities(1).build()))
        .isEqualTo(1);
  }

  @Test
  void withEnoughSlotsTheyRunTogether() {
    assertThat(mostAtOnce(WorkerOptions.defaults())).isGreaterThan(1);
  }
}
