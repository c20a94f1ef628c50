package dev.aevum.sdk.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowThreadKindTest {
  @Test
  void workflowThreadsAreVirtualOnJava21AndLaterAndPlatformThreadsBefore() throws Exception {
    boolean expectVirtual = Runtime.version().feature() >= 21;
    List<Thread> seen = new ArrayList<>();
    DeterministicScheduler scheduler = new DeterministicScheduler("kind", Duration.ofSeconds(5));
    try {
      scheduler.newThread(
          "root",
          () -> {
            seen.add(Thread.currentThread());
            DeterministicScheduler.spawn("child", () -> seen.add(Thread.currentThread()));
          });
      scheduler.runUntilBlocked();
    } finally {
      scheduler.destroy();
    }

    assertThat(seen).hasSize(2);
    for (Thread thread : seen) {
      // Thread.isVirtual() does not exist on 17, and this test compiles with --release 17.
      boolean virtual =
          expectVirtual && (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
      assertThat(virtual)
          .as("thread %s on Java %s", thread, Runtime.version())
          .isEqualTo(expectVirtual);
      assertThat(thread.getClass().getName().equals("java.lang.VirtualThread"))
          .isEqualTo(expectVirtual);
      assertThat(thread.isDaemon()).isTrue();
      assertThat(thread.getName()).startsWith("kind/");
    }
    assertThat(JavaThreads.virtual()).isEqualTo(expectVirtual);
  }
}
