package dev.aevum.server.app;

import dev.aevum.persistence.Persistence;

/** Cluster-wide facts fixed at first boot. */
final class ClusterBootstrap {
  private ClusterBootstrap() {}

  /** The cluster metadata key holding the number of history shards. */
  static final String NUM_HISTORY_SHARDS = "num_history_shards";

  /**
   * Stores the shard count at first boot; afterwards refuses any other configured value, because
   * every workflow's shard is derived from it.
   */
  static void checkNumHistoryShards(Persistence persistence, int configured, String howToSet) {
    String stored =
        persistence.clusterMetadata().putIfAbsent(NUM_HISTORY_SHARDS, Integer.toString(configured));
    int storedShards;
    try {
      storedShards = Integer.parseInt(stored.trim());
    } catch (NumberFormatException e) {
      throw new AevumStartupException(
          "The database holds an unreadable "
              + NUM_HISTORY_SHARDS
              + " value '"
              + stored
              + "'; it was not written by Aevum.");
    }
    if (storedShards != configured) {
      throw new AevumStartupException(
          "numHistoryShards is "
              + configured
              + " in the configuration, but this"
              + " cluster was created with "
              + storedShards
              + " and the shard count can never change after the first"
              + " boot. Set "
              + howToSet
              + " to "
              + storedShards
              + ".");
    }
  }
}
