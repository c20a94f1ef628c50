package dev.aevum.persistence.sql.internal;

import dev.aevum.persistence.VisibilityFilter;
import dev.aevum.persistence.VisibilityFilter.And;
import dev.aevum.persistence.VisibilityFilter.AttributeCompare;
import dev.aevum.persistence.VisibilityFilter.AttributePresent;
import dev.aevum.persistence.VisibilityFilter.AttributeStartsWith;
import dev.aevum.persistence.VisibilityFilter.ColumnCompare;
import dev.aevum.persistence.VisibilityFilter.ColumnIn;
import dev.aevum.persistence.VisibilityFilter.ColumnPresent;
import dev.aevum.persistence.VisibilityFilter.ColumnStartsWith;
import dev.aevum.persistence.VisibilityFilter.Literal;
import dev.aevum.persistence.VisibilityFilter.Not;
import dev.aevum.persistence.VisibilityFilter.Or;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A visibility filter as a WHERE condition over {@code visibility v}, with its parameters. Values
 * are always bound, never spliced into the text. Custom attributes become EXISTS subqueries over
 * their value rows, so a KeywordList matches when any of its values does.
 */
final class VisibilitySql {
  /**
   * PostgreSQL turns each EXISTS of an AND chain into a semi-join, and planning many of those takes
   * exponential time (200 take seconds). Past this many, EXISTS is written as a boolean test the
   * planner keeps as a per-row check; the first ones still get the better joined plans.
   */
  static final int JOINABLE_ATTRIBUTE_CONDITIONS = 8;

  private final StringBuilder sql = new StringBuilder();
  private final List<Object> params = new ArrayList<>();
  private int attributeConditions;

  private VisibilitySql() {}

  static VisibilitySql where(VisibilityFilter filter) {
    VisibilitySql out = new VisibilitySql();
    out.render(filter);
    return out;
  }

  String sql() {
    return sql.toString();
  }

  /** Binds the parameters from position {@code first}; returns the next free position. */
  int bind(PreparedStatement s, int first) throws SQLException {
    int i = first;
    for (Object p : params) {
      if (p instanceof String text) {
        s.setString(i++, text);
      } else if (p instanceof Long number) {
        s.setLong(i++, number);
      } else if (p instanceof Integer number) {
        s.setInt(i++, number);
      } else {
        s.setDouble(i++, (Double) p);
      }
    }
    return i;
  }

  private void render(VisibilityFilter filter) {
    if (filter instanceof And and) {
      join(and.parts(), " AND ", "1 = 1");
    } else if (filter instanceof Or or) {
      join(or.parts(), " OR ", "1 = 0");
    } else if (filter instanceof Not not) {
      sql.append("NOT ");
      render(not.part());
    } else if (filter instanceof ColumnCompare compare) {
      sql.append("v.")
          .append(compare.column().sqlName())
          .append(' ')
          .append(compare.operator().sql())
          .append(" ?");
      params.add(compare.value());
    } else if (filter instanceof ColumnIn in) {
      sql.append("v.").append(in.column().sqlName()).append(" IN (");
      for (int i = 0; i < in.values().size(); i++) {
        sql.append(i == 0 ? "?" : ", ?");
        params.add(in.values().get(i));
      }
      sql.append(')');
    } else if (filter instanceof ColumnStartsWith prefix) {
      startsWith("v." + prefix.column().sqlName(), prefix.prefix());
    } else if (filter instanceof ColumnPresent present) {
      sql.append("v.").append(present.column().sqlName()).append(" IS NOT NULL");
    } else if (filter instanceof AttributeCompare compare) {
      boolean joinable = attribute(compare.name());
      sql.append(" AND (");
      literal(compare.operator(), compare.literal());
      sql.append(')');
      close(joinable);
    } else if (filter instanceof AttributeStartsWith prefix) {
      boolean joinable = attribute(prefix.name());
      sql.append(" AND ");
      startsWith("a.text_value", prefix.prefix());
      close(joinable);
    } else if (filter instanceof AttributePresent present) {
      close(attribute(present.name()));
    } else {
      throw new IllegalArgumentException("unknown visibility filter " + filter);
    }
  }

  private void join(List<VisibilityFilter> parts, String operator, String empty) {
    if (parts.isEmpty()) {
      sql.append(empty);
      return;
    }
    sql.append('(');
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        sql.append(operator);
      }
      render(parts.get(i));
    }
    sql.append(')');
  }

  /** Byte-exact and case-sensitive on both databases, unlike LIKE on SQLite. */
  private void startsWith(String column, String prefix) {
    sql.append("SUBSTR(").append(column).append(", 1, ?) = ?");
    params.add(prefix.length());
    params.add(prefix);
  }

  /**
   * Opens an EXISTS over the attribute's values; the caller adds conditions and {@link #close}s it.
   *
   * @return whether it is a plain EXISTS the planner may join (see {@link
   *     #JOINABLE_ATTRIBUTE_CONDITIONS})
   */
  private boolean attribute(String name) {
    boolean joinable = ++attributeConditions <= JOINABLE_ATTRIBUTE_CONDITIONS;
    sql.append(joinable ? "" : "(")
        .append(
            "EXISTS (SELECT 1 FROM visibility_attributes a WHERE a.namespace_id = v.namespace_id")
        .append(" AND a.run_id = v.run_id AND a.name = ?");
    params.add(name);
    return joinable;
  }

  private void close(boolean joinable) {
    sql.append(joinable ? ")" : ")) IS TRUE");
  }

  private void literal(VisibilityFilter.Operator operator, Literal literal) {
    String op = operator.sql();
    switch (literal.kind()) {
      case TEXT -> {
        sql.append("a.text_value ").append(op).append(" ?");
        params.add(literal.text());
        if (literal.timeMs().isPresent()) {
          sql.append(" OR (a.kind = 'Datetime' AND a.number_value ").append(op).append(" ?)");
          params.add((double) literal.timeMs().getAsLong());
        }
      }
      case NUMBER -> {
        sql.append("a.kind IN ('Int', 'Double') AND a.number_value ").append(op).append(" ?");
        params.add(literal.number());
      }
      case BOOL -> {
        sql.append("a.kind = 'Bool' AND a.number_value ").append(op).append(" ?");
        params.add(literal.number());
      }
    }
  }
}
