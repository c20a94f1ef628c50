package dev.aevum.persistence.sql.internal;

import dev.aevum.persistence.ClusterMetadataStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

final class SqlClusterMetadataStore implements ClusterMetadataStore {
  private final Db db;

  SqlClusterMetadataStore(Db db) {
    this.db = db;
  }

  @Override
  public Optional<String> get(String key) {
    Args.text(key, "key");
    return db.read(
        "cluster_metadata_read",
        "read cluster metadata " + key,
        c -> Optional.ofNullable(select(c, key)));
  }

  @Override
  public String putIfAbsent(String key, String value) {
    Args.text(key, "key");
    Args.notNull(value, "value");
    return db.write(
        "cluster_metadata_write",
        "store cluster metadata " + key,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO cluster_metadata (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING")) {
            s.setString(1, key);
            s.setString(2, value);
            s.executeUpdate();
          }
          return select(c, key);
        });
  }

  private static String select(Connection c, String key) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT value FROM cluster_metadata WHERE key = ?")) {
      s.setString(1, key);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }
}
