package dev.aevum.server.history.internal.workflowtask;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkflowTasksTest {
  @Test
  void retriedTasksGetMoreTimeFromTheFourthAttempt() {
    assertThat(WorkflowTasks.startToCloseTimeoutMs(10_000, 1)).isEqualTo(10_000);
    assertThat(WorkflowTasks.startToCloseTimeoutMs(10_000, 3)).isEqualTo(10_000);
    assertThat(WorkflowTasks.startToCloseTimeoutMs(10_000, 4)).isEqualTo(15_000);
    assertThat(WorkflowTasks.startToCloseTimeoutMs(10_000, 5)).isEqualTo(20_000);
    assertThat(WorkflowTasks.startToCloseTimeoutMs(10_000, 100)).isEqualTo(610_000);
  }
}
