package dev.aevum.persistence;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A parsed visibility query: which runs of a namespace a listing or count includes. The frontend
 * builds it from Temporal's SQL-like query language; the store translates it to its own SQL.
 */
public sealed interface VisibilityFilter {

  /** Every run. */
  static VisibilityFilter all() {
    return new And(List.of());
  }

  /** A standard column every run has. */
  enum Column {
    WORKFLOW_ID("workflow_id", false),
    WORKFLOW_TYPE("workflow_type", false),
    RUN_ID("run_id", false),
    TASK_QUEUE("task_queue", false),
    STATUS("status", true),
    START_TIME("start_time_ms", true),
    EXECUTION_TIME("execution_time_ms", true),
    CLOSE_TIME("close_time_ms", true),
    HISTORY_LENGTH("history_length", true);

    private final String sqlName;
    private final boolean numeric;

    Column(String sqlName, boolean numeric) {
      this.sqlName = sqlName;
      this.numeric = numeric;
    }

    public String sqlName() {
      return sqlName;
    }

    /** Numeric columns take Long values, the others String values. */
    public boolean numeric() {
      return numeric;
    }

    void check(Object value) {
      Class<?> expected = numeric ? Long.class : String.class;
      if (!expected.isInstance(value)) {
        throw new IllegalArgumentException(
            this
                + " compares with a "
                + expected.getSimpleName()
                + ", got "
                + (value == null ? "null" : value.getClass().getSimpleName()));
      }
    }
  }

  enum Operator {
    EQ("="),
    NE("<>"),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    private final String sql;

    Operator(String sql) {
      this.sql = sql;
    }

    public String sql() {
      return sql;
    }
  }

  /** All of the parts hold; no parts: always true. */
  record And(List<VisibilityFilter> parts) implements VisibilityFilter {
    public And {
      parts = List.copyOf(parts);
    }
  }

  /** At least one part holds; needs at least one part. */
  record Or(List<VisibilityFilter> parts) implements VisibilityFilter {
    public Or {
      parts = List.copyOf(parts);
      if (parts.isEmpty()) {
        throw new IllegalArgumentException("Or needs at least one part");
      }
    }
  }

  record Not(VisibilityFilter part) implements VisibilityFilter {
    public Not {
      Objects.requireNonNull(part, "part");
    }
  }

  /** {@code column op value}; a null column (an open run's close time) never compares true. */
  record ColumnCompare(Column column, Operator operator, Object value) implements VisibilityFilter {
    public ColumnCompare {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(operator, "operator");
      column.check(value);
    }
  }

  record ColumnIn(Column column, List<Object> values) implements VisibilityFilter {
    public ColumnIn {
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("IN needs at least one value");
      }
      values.forEach(column::check);
    }
  }

  record ColumnStartsWith(Column column, String prefix) implements VisibilityFilter {
    public ColumnStartsWith {
      if (column.numeric()) {
        throw new IllegalArgumentException("STARTS_WITH needs a text column, got " + column);
      }
      Objects.requireNonNull(prefix, "prefix");
    }
  }

  /** The column has a value: only {@link Column#CLOSE_TIME} can lack one. */
  record ColumnPresent(Column column) implements VisibilityFilter {
    public ColumnPresent {
      Objects.requireNonNull(column, "column");
    }
  }

  /**
   * A literal compared with custom search attribute values; its kind picks the values it can match.
   */
  record Literal(String text, OptionalLong timeMs, double number, Kind kind) {
    public enum Kind {
      TEXT,
      NUMBER,
      BOOL
    }

    public Literal {
      Objects.requireNonNull(timeMs, "timeMs");
      Objects.requireNonNull(kind, "kind");
    }

    /**
     * A string; {@code timeMs} when it also reads as a timestamp, so it can match Datetime values.
     */
    public static Literal text(String text, OptionalLong timeMs) {
      return new Literal(Objects.requireNonNull(text, "text"), timeMs, 0, Kind.TEXT);
    }

    public static Literal number(double value) {
      return new Literal("", OptionalLong.empty(), value, Kind.NUMBER);
    }

    public static Literal bool(boolean value) {
      return new Literal("", OptionalLong.empty(), value ? 1 : 0, Kind.BOOL);
    }
  }

  /** Some value of the custom search attribute {@code name} satisfies {@code value op literal}. */
  record AttributeCompare(String name, Operator operator, Literal literal)
      implements VisibilityFilter {
    public AttributeCompare {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(literal, "literal");
    }
  }

  record AttributeStartsWith(String name, String prefix) implements VisibilityFilter {
    public AttributeStartsWith {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(prefix, "prefix");
    }
  }

  /** The run has a value for the custom search attribute {@code name}. */
  record AttributePresent(String name) implements VisibilityFilter {
    public AttributePresent {
      Objects.requireNonNull(name, "name");
    }
  }
}
