package dev.aevum.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.persistence.ShardOwnershipLostException;
import dev.aevum.persistence.ShardStore;
import org.junit.jupiter.api.Test;

abstract class ShardStoreContract extends StoreContract {

  private ShardStore shards() {
    return persistence.shards();
  }

  @Test
  void acquireCreatesTheShardAtRangeOneThenIncrements() {
    assertThat(shards().acquire(3)).isEqualTo(1);
    assertThat(shards().acquire(3)).isEqualTo(2);
    assertThat(shards().acquire(4)).isEqualTo(1);
  }

  @Test
  void renewRangeMovesToTheNextRange() {
    long range = shards().acquire(0);
    assertThat(shards().renewRange(0, range)).isEqualTo(range + 1);
    assertThat(shards().acquire(0)).isEqualTo(range + 2);
  }

  @Test
  void renewRangeWithAStaleRangeFailsAndChangesNothing() {
    long stale = shards().acquire(1);
    long current = shards().acquire(1);
    assertThatThrownBy(() -> shards().renewRange(1, stale))
        .isInstanceOf(ShardOwnershipLostException.class)
        .hasMessageContaining("range id " + current);
    assertThat(shards().renewRange(1, current)).isEqualTo(current + 1);
  }

  @Test
  void renewRangeOfAMissingShardFails() {
    assertThatThrownBy(() -> shards().renewRange(9, 1))
        .isInstanceOf(ShardOwnershipLostException.class);
  }

  @Test
  void argumentsAreValidated() {
    assertThatThrownBy(() -> shards().acquire(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shardId");
    assertThatThrownBy(() -> shards().renewRange(0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expectedRangeId");
  }
}
