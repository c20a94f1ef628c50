package dev.aevum.server.common;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;

/** Maps workflow ids to history shards. The shard count is fixed for the life of a cluster. */
public final class Shards {
  private Shards() {}

  /** The shard of a workflow: 1-based, in {@code [1, numShards]}. */
  public static int shardOf(String namespaceId, String workflowId, int numShards) {
    int hash =
        Hashing.murmur3_32_fixed()
            .hashString(namespaceId + "_" + workflowId, StandardCharsets.UTF_8)
            .asInt();
    return Integer.remainderUnsigned(hash, numShards) + 1;
  }
}
