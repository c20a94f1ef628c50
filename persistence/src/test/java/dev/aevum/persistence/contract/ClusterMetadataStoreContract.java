package dev.aevum.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

abstract class ClusterMetadataStoreContract extends StoreContract {

  @Test
  void putIfAbsentKeepsTheFirstValue() {
    assertThat(persistence.clusterMetadata().get("numHistoryShards")).isEmpty();
    assertThat(persistence.clusterMetadata().putIfAbsent("numHistoryShards", "4")).isEqualTo("4");
    assertThat(persistence.clusterMetadata().putIfAbsent("numHistoryShards", "8")).isEqualTo("4");
    assertThat(persistence.clusterMetadata().get("numHistoryShards")).contains("4");
  }

  @Test
  void argumentsAreValidated() {
    assertThatThrownBy(() -> persistence.clusterMetadata().get(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key");
    assertThatThrownBy(() -> persistence.clusterMetadata().putIfAbsent("k", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value");
  }
}
