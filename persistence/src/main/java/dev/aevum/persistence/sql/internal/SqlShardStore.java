package dev.aevum.persistence.sql.internal;

import dev.aevum.persistence.ShardOwnershipLostException;
import dev.aevum.persistence.ShardStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

final class SqlShardStore implements ShardStore {
  private final Db db;

  SqlShardStore(Db db) {
    this.db = db;
  }

  @Override
  public long acquire(int shardId) {
    Args.nonNegative(shardId, "shardId");
    return db.write(
        "shard_acquire",
        "acquire shard " + shardId,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO shards (shard_id, range_id) VALUES (?, 1)"
                      + " ON CONFLICT (shard_id) DO UPDATE SET range_id = shards.range_id + 1")) {
            s.setInt(1, shardId);
            s.executeUpdate();
          }
          return rangeId(c, shardId, "");
        });
  }

  @Override
  public long renewRange(int shardId, long expectedRangeId) {
    Args.nonNegative(shardId, "shardId");
    Args.positive(expectedRangeId, "expectedRangeId");
    return db.write(
        "shard_renew",
        "renew range of shard " + shardId,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE shards SET range_id = range_id + 1 WHERE shard_id = ? AND range_id = ?")) {
            s.setInt(1, shardId);
            s.setLong(2, expectedRangeId);
            if (s.executeUpdate() != 1) {
              throw lost(shardId, expectedRangeId, rangeId(c, shardId, ""));
            }
          }
          return expectedRangeId + 1;
        });
  }

  /**
   * Checks, inside a write transaction, that the shard is still at {@code rangeId} and keeps it
   * there until commit, so an owner that lost the shard can never commit.
   */
  static void checkRange(Connection c, SqlDialect dialect, int shardId, long rangeId)
      throws SQLException {
    long stored = rangeId(c, shardId, dialect.forShare());
    if (stored != rangeId) {
      throw lost(shardId, rangeId, stored);
    }
  }

  static ShardOwnershipLostException lost(int shardId, long held, long stored) {
    return new ShardOwnershipLostException(
        "shard "
            + shardId
            + " is at range id "
            + (stored < 0 ? "(no row)" : Long.toString(stored))
            + ", not the held range id "
            + held
            + "; another owner took it over");
  }

  /** The shard's range id, or -1 without a row. */
  private static long rangeId(Connection c, int shardId, String lockSuffix) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT range_id FROM shards WHERE shard_id = ?" + lockSuffix)) {
      s.setInt(1, shardId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : -1;
      }
    }
  }
}
