package dev.aevum.persistence;

import java.util.Optional;

/** Cluster-wide settings fixed at first boot, such as the number of history shards. */
public interface ClusterMetadataStore {

  Optional<String> get(String key);

  /**
   * Stores {@code value} under {@code key} unless a value is already there.
   *
   * @return the value now stored: {@code value}, or the one stored before
   */
  String putIfAbsent(String key, String value);
}
