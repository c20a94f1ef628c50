package dev.aevum.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.persistence.BacklogEntry;
import dev.aevum.persistence.PersistenceException;
import dev.aevum.persistence.ShardOwnershipLostException;
import dev.aevum.persistence.TaskQueueKey;
import dev.aevum.persistence.TaskQueueStore;
import java.util.List;
import org.junit.jupiter.api.Test;

abstract class TaskQueueStoreContract extends StoreContract {
  private static final TaskQueueKey QUEUE = new TaskQueueKey("ns-id", "orders", 1);
  private static final TaskQueueKey OTHER = new TaskQueueKey("ns-id", "orders", 2);

  private TaskQueueStore queues() {
    return persistence.taskQueues();
  }

  private static BacklogEntry task(long id) {
    return new BacklogEntry(id, 0, bytes("task-" + id));
  }

  @Test
  void acquireCreatesThenIncrementsPerQueue() {
    assertThat(queues().acquire(QUEUE)).isEqualTo(1);
    assertThat(queues().acquire(QUEUE)).isEqualTo(2);
    assertThat(queues().acquire(OTHER)).isEqualTo(1);
  }

  @Test
  void appendedTasksAreReadInIdOrderAndPaged() {
    long range = queues().acquire(QUEUE);
    queues().append(QUEUE, range, List.of(task(3), task(1), task(2)));
    queues().append(QUEUE, range, List.of(new BacklogEntry(4, 99, bytes("task-4"))));
    List<BacklogEntry> first = queues().read(QUEUE, 0, 2);
    assertThat(first).extracting(BacklogEntry::taskId).containsExactly(1L, 2L);
    assertThat(text(first.get(0).data())).isEqualTo("task-1");
    List<BacklogEntry> rest = queues().read(QUEUE, 2, 10);
    assertThat(rest).extracting(BacklogEntry::taskId).containsExactly(3L, 4L);
    assertThat(rest.get(1).expiryTimeMs()).isEqualTo(99);
    assertThat(queues().read(OTHER, 0, 10)).isEmpty();
  }

  @Test
  void deleteRemovesOnlyTheGivenTasks() {
    long range = queues().acquire(QUEUE);
    queues().append(QUEUE, range, List.of(task(1), task(2), task(3)));
    queues().delete(QUEUE, List.of(1L, 3L, 42L));
    assertThat(queues().read(QUEUE, 0, 10)).extracting(BacklogEntry::taskId).containsExactly(2L);
  }

  @Test
  void appendWithAStaleRangeFailsAndWritesNothing() {
    long stale = queues().acquire(QUEUE);
    queues().acquire(QUEUE);
    assertThatThrownBy(() -> queues().append(QUEUE, stale, List.of(task(1))))
        .isInstanceOf(ShardOwnershipLostException.class);
    assertThatThrownBy(() -> queues().append(OTHER, 1, List.of(task(1))))
        .isInstanceOf(ShardOwnershipLostException.class);
    assertThat(queues().read(QUEUE, 0, 10)).isEmpty();
  }

  @Test
  void aFailedAppendWritesNoneOfItsTasks() {
    long range = queues().acquire(QUEUE);
    queues().append(QUEUE, range, List.of(task(2)));
    // Task 2 already exists, so the whole batch must fail, task 1 included.
    assertThatThrownBy(() -> queues().append(QUEUE, range, List.of(task(1), task(2))))
        .isInstanceOf(PersistenceException.class);
    assertThat(queues().read(QUEUE, 0, 10)).extracting(BacklogEntry::taskId).containsExactly(2L);
  }

  @Test
  void argumentsAreValidated() {
    assertThatThrownBy(() -> queues().acquire(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key");
    assertThatThrownBy(() -> queues().read(QUEUE, -1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("afterTaskId");
    assertThatThrownBy(() -> queues().append(QUEUE, 1, List.of(task(0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("taskId");
  }
}
