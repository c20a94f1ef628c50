package dev.aevum.persistence.sql.internal;

import dev.aevum.persistence.VisibilityFilter;
import dev.aevum.persistence.VisibilityStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Visibility queries over the rows {@link VisibilityRows} writes. */
final class SqlVisibilityStore implements VisibilityStore {
  private final Db db;

  SqlVisibilityStore(Db db) {
    this.db = db;
  }

  @Override
  public Page list(
      String namespaceId, VisibilityFilter filter, int pageSize, Optional<Cursor> after) {
    Args.text(namespaceId, "namespaceId");
    Args.notNull(filter, "filter");
    Args.positive(pageSize, "pageSize");
    Args.notNull(after, "after");
    VisibilitySql where = VisibilitySql.where(filter);
    String sql =
        "SELECT v.info, v.start_time_ms, v.run_id FROM visibility v WHERE v.namespace_id = ? AND "
            + where.sql()
            + (after.isPresent()
                ? " AND (v.start_time_ms < ? OR (v.start_time_ms = ? AND v.run_id < ?))"
                : "")
            + " ORDER BY v.start_time_ms DESC, v.run_id DESC LIMIT ?";
    return db.read(
        "visibility_list",
        "list workflow executions",
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, namespaceId);
            int i = where.bind(s, 2);
            if (after.isPresent()) {
              s.setLong(i++, after.get().startTimeMs());
              s.setLong(i++, after.get().startTimeMs());
              s.setString(i++, after.get().runId());
            }
            s.setInt(i, pageSize + 1); // one more tells whether another page exists
            List<byte[]> infos = new ArrayList<>();
            Cursor last = null;
            boolean more = false;
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                if (infos.size() == pageSize) {
                  more = true;
                  break;
                }
                infos.add(r.getBytes(1));
                last = new Cursor(r.getLong(2), r.getString(3));
              }
            }
            return new Page(infos, more ? Optional.of(last) : Optional.empty());
          }
        });
  }

  @Override
  public long count(String namespaceId, VisibilityFilter filter) {
    Args.text(namespaceId, "namespaceId");
    Args.notNull(filter, "filter");
    VisibilitySql where = VisibilitySql.where(filter);
    return db.read(
        "visibility_count",
        "count workflow executions",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT COUNT(*) FROM visibility v WHERE v.namespace_id = ? AND "
                      + where.sql())) {
            s.setString(1, namespaceId);
            where.bind(s, 2);
            try (ResultSet r = s.executeQuery()) {
              r.next();
              return r.getLong(1);
            }
          }
        });
  }

  @Override
  public Map<Integer, Long> countByStatus(String namespaceId, VisibilityFilter filter) {
    Args.text(namespaceId, "namespaceId");
    Args.notNull(filter, "filter");
    VisibilitySql where = VisibilitySql.where(filter);
    return db.read(
        "visibility_count",
        "count workflow executions by status",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT v.status, COUNT(*) FROM visibility v WHERE v.namespace_id = ? AND "
                      + where.sql()
                      + " GROUP BY v.status ORDER BY v.status")) {
            s.setString(1, namespaceId);
            where.bind(s, 2);
            Map<Integer, Long> counts = new LinkedHashMap<>();
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                counts.put(r.getInt(1), r.getLong(2));
              }
            }
            return counts;
          }
        });
  }
}
