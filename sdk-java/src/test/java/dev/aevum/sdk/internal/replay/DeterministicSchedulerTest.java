package dev.aevum.sdk.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeterministicSchedulerTest {
  private final DeterministicScheduler scheduler =
      new DeterministicScheduler("test", Duration.ofSeconds(5));

  @AfterEach
  void tearDown() {
    scheduler.destroy();
  }

  @Test
  void threadsInterleaveInCreationOrderAtEveryYield() {
    List<String> trace = new ArrayList<>();
    int[] turn = {0};
    for (String name : List.of("a", "b", "c")) {
      scheduler.newThread(
          name,
          () -> {
            for (int step = 0; step < 3; step++) {
              trace.add(name + step);
              int mine = ++turn[0];
              if (step < 2) {
                DeterministicScheduler.yieldUntil(() -> turn[0] > mine, "next round");
              }
            }
          });
    }

    scheduler.runUntilBlocked();

    // Identical on every run: the OS never decides the order.
    assertThat(trace).containsExactly("a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2", "c2");
    assertThat(scheduler.isDone()).isTrue();
  }

  @Test
  void runUntilBlockedReturnsWhenAllThreadsWaitAndResumesWhenConditionHolds() {
    AtomicBoolean gate = new AtomicBoolean();
    List<String> trace = new ArrayList<>();
    scheduler.newThread(
        "waiter",
        () -> {
          trace.add("before");
          DeterministicScheduler.yieldUntil(gate::get, "gate");
          trace.add("after");
        });

    scheduler.runUntilBlocked();
    assertThat(trace).containsExactly("before");
    assertThat(scheduler.blockedThreads()).containsExactly("test/waiter: gate");

    gate.set(true);
    scheduler.runUntilBlocked();
    assertThat(trace).containsExactly("before", "after");
    assertThat(scheduler.isDone()).isTrue();
  }

  @Test
  void onlyOneWorkflowThreadRunsAtATime() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    int[] ticks = {0};
    for (int i = 0; i < 8; i++) {
      scheduler.newThread(
          "t" + i,
          () -> {
            for (int step = 0; step < 50; step++) {
              maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
              running.decrementAndGet();
              int mine = ++ticks[0];
              if (step < 49) {
                DeterministicScheduler.yieldUntil(() -> ticks[0] > mine, "tick");
              }
            }
          });
    }

    scheduler.runUntilBlocked();

    assertThat(maxRunning.get()).isEqualTo(1);
    assertThat(scheduler.isDone()).isTrue();
  }

  @Test
  void threadsSpawnedByWorkflowCodeRunInTheSamePass() {
    List<String> trace = new ArrayList<>();
    scheduler.newThread(
        "parent",
        () -> {
          trace.add("parent");
          DeterministicScheduler.spawn("child", () -> trace.add("child"));
        });

    scheduler.runUntilBlocked();

    assertThat(trace).containsExactly("parent", "child");
  }

  @Test
  void uncaughtFailureStopsTheSchedulerAndIsReported() {
    List<String> trace = new ArrayList<>();
    scheduler.newThread(
        "bad",
        () -> {
          throw new IllegalStateException("boom");
        });
    scheduler.newThread("good", () -> trace.add("ran"));

    scheduler.runUntilBlocked();

    assertThat(scheduler.failure()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    assertThat(scheduler.failedThreadName()).isEqualTo("test/bad");
    assertThat(trace).isEmpty();
  }

  @Test
  void destroyUnwindsBlockedThreadsThroughFinallyBlocks() {
    AtomicBoolean cleanedUp = new AtomicBoolean();
    scheduler.newThread(
        "blocked",
        () -> {
          try {
            DeterministicScheduler.yieldUntil(() -> false, "forever");
          } finally {
            cleanedUp.set(true);
          }
        });
    scheduler.runUntilBlocked();

    scheduler.destroy();

    assertThat(cleanedUp).isTrue();
  }

  @Test
  void threadThatNeverYieldsIsReportedAsPotentialDeadlock() {
    DeterministicScheduler strict = new DeterministicScheduler("strict", Duration.ofMillis(200));
    strict.newThread(
        "spinner",
        () -> {
          try {
            Thread.sleep(
                5_000); // deliberately blocks outside the SDK; interrupted by the scheduler
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });

    strict.runUntilBlocked();

    assertThat(strict.failure())
        .isInstanceOf(PotentialDeadlockException.class)
        .hasMessageContaining("strict/spinner")
        .hasMessageContaining("did not yield within PT0.2S");
    strict.destroy();
  }

  @Test
  void yieldOutsideWorkflowCodeFailsClearly() {
    assertThatThrownBy(() -> DeterministicScheduler.yieldUntil(() -> true, "sleep"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("outside workflow code");
  }
}
