package dev.aevum.server.frontend.internal.visibility;

import static dev.aevum.server.frontend.internal.visibility.QueryTokens.invalid;

import dev.aevum.persistence.VisibilityFilter;
import dev.aevum.persistence.VisibilityFilter.And;
import dev.aevum.persistence.VisibilityFilter.AttributeCompare;
import dev.aevum.persistence.VisibilityFilter.AttributePresent;
import dev.aevum.persistence.VisibilityFilter.AttributeStartsWith;
import dev.aevum.persistence.VisibilityFilter.Column;
import dev.aevum.persistence.VisibilityFilter.ColumnCompare;
import dev.aevum.persistence.VisibilityFilter.ColumnIn;
import dev.aevum.persistence.VisibilityFilter.ColumnPresent;
import dev.aevum.persistence.VisibilityFilter.ColumnStartsWith;
import dev.aevum.persistence.VisibilityFilter.Not;
import dev.aevum.persistence.VisibilityFilter.Operator;
import dev.aevum.persistence.VisibilityFilter.Or;
import dev.aevum.server.common.searchattributes.SearchAttributeNames;
import dev.aevum.server.frontend.internal.visibility.QueryTokens.Kind;
import dev.aevum.server.frontend.internal.visibility.QueryTokens.Token;
import io.temporal.api.enums.v1.IndexedValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Temporal's visibility query language (the WHERE part of SQL, as in {@code WorkflowType = 'Order'
 * AND ExecutionStatus = 'Running' AND StartTime > '2024-01-01T00:00:00Z'}), parsed into a {@link
 * VisibilityFilter}. Supports AND, OR, NOT, parentheses, = != <> < <= > >=, [NOT] IN, [NOT]
 * BETWEEN, STARTS_WITH, IS [NOT] NULL and, for counts, GROUP BY ExecutionStatus. Names that are not
 * system columns must be search attributes the namespace knows, compared with values of their type.
 * Nesting and size are bounded so that every accepted query runs on both stores (SQLite refuses
 * expressions deeper than 1,000; deep recursion would overflow the stack).
 */
final class QueryParser {
  /** A parsed query; {@code groupByStatus} when it ends with GROUP BY ExecutionStatus. */
  record Parsed(VisibilityFilter filter, boolean groupByStatus) {}

  /** ActivityId and ActivityType name a standalone activity's columns in activity listings. */
  private static final Map<String, Column> SYSTEM_ATTRIBUTES =
      Map.ofEntries(
          Map.entry("WorkflowId", Column.WORKFLOW_ID),
          Map.entry("WorkflowType", Column.WORKFLOW_TYPE),
          Map.entry("ActivityId", Column.WORKFLOW_ID),
          Map.entry("ActivityType", Column.WORKFLOW_TYPE),
          Map.entry("RunId", Column.RUN_ID),
          Map.entry("TaskQueue", Column.TASK_QUEUE),
          Map.entry("ExecutionStatus", Column.STATUS),
          Map.entry("StartTime", Column.START_TIME),
          Map.entry("ExecutionTime", Column.EXECUTION_TIME),
          Map.entry("CloseTime", Column.CLOSE_TIME),
          Map.entry("HistoryLength", Column.HISTORY_LENGTH));

  /** The deepest nesting of parentheses and NOT. */
  static final int MAX_DEPTH = 64;

  /** The most conditions, counting each value of an IN list as one. */
  static final int MAX_TERMS = 500;

  private final List<Token> tokens;
  private final Map<String, IndexedValueType> custom;
  private int next;
  private int depth;
  private int terms;

  private QueryParser(String query, Map<String, IndexedValueType> custom) {
    this.tokens = QueryTokens.of(query);
    this.custom = custom;
  }

  /**
   * @param custom the namespace's custom search attributes and their types
   */
  static Parsed parse(String query, Map<String, IndexedValueType> custom) {
    return new QueryParser(query, custom).query();
  }

  /** A query in a namespace with only the predefined custom attributes. */
  static Parsed parse(String query) {
    return parse(query, SearchAttributeNames.DEV_SERVER_CUSTOM);
  }

  private Parsed query() {
    VisibilityFilter filter =
        peek().kind() == Kind.END || peek().is("GROUP") || peek().is("ORDER")
            ? VisibilityFilter.all()
            : or();
    boolean groupByStatus = false;
    if (peek().is("GROUP")) {
      take();
      expectKeyword("BY");
      Token field = take();
      if (!field.is("ExecutionStatus")) {
        throw invalid("GROUP BY supports ExecutionStatus only, got " + field.describe());
      }
      groupByStatus = true;
    }
    if (peek().is("ORDER")) {
      throw invalid("ORDER BY is not supported: runs are listed by start time, newest first");
    }
    if (peek().kind() != Kind.END) {
      throw invalid("unexpected " + peek().describe());
    }
    return new Parsed(filter, groupByStatus);
  }

  private VisibilityFilter or() {
    List<VisibilityFilter> parts = new ArrayList<>(List.of(and()));
    while (peek().is("OR")) {
      take();
      parts.add(and());
    }
    return parts.size() == 1 ? parts.get(0) : new Or(parts);
  }

  private VisibilityFilter and() {
    List<VisibilityFilter> parts = new ArrayList<>(List.of(unary()));
    while (peek().is("AND")) {
      take();
      parts.add(unary());
    }
    return parts.size() == 1 ? parts.get(0) : new And(parts);
  }

  private VisibilityFilter unary() {
    if (peek().is("NOT")) {
      take();
      enter();
      VisibilityFilter inner = new Not(unary());
      depth--;
      return inner;
    }
    if (peek().isSymbol("(")) {
      take();
      enter();
      VisibilityFilter inner = or();
      expectSymbol(")");
      depth--;
      return inner;
    }
    Token name = take();
    if (name.kind() != Kind.NAME) {
      throw invalid("expected a search attribute name, got " + name.describe());
    }
    count(1);
    return condition(field(name));
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw invalid(
          "operation is not supported: parentheses and NOT nested more than "
              + MAX_DEPTH
              + " levels deep");
    }
  }

  private void count(int more) {
    terms += more;
    if (terms > MAX_TERMS) {
      throw invalid(
          "operation is not supported: more than "
              + MAX_TERMS
              + " conditions (each IN value counts as one)");
    }
  }

  /** Temporal's message for a name the namespace does not know. */
  private Field field(Token name) {
    Column column = SYSTEM_ATTRIBUTES.get(name.text());
    if (column != null) {
      return new Field(name.text(), column, null);
    }
    IndexedValueType type =
        SearchAttributeNames.typeOf(name.text(), custom)
            .orElseThrow(
                () ->
                    invalid(
                        "invalid expression: column name '"
                            + name.text()
                            + "' is not a valid search attribute"));
    return new Field(name.text(), null, type);
  }

  private VisibilityFilter condition(Field field) {
    Token t = take();
    if (t.kind() == Kind.SYMBOL && Operators.of(t.text()) != null) {
      return field.compare(Operators.of(t.text()), value());
    }
    boolean negated = false;
    if (t.is("NOT")) {
      negated = true;
      t = take();
    }
    VisibilityFilter filter;
    if (t.is("IN")) {
      expectSymbol("(");
      List<Object> values = new ArrayList<>(List.of(value()));
      while (peek().isSymbol(",")) {
        take();
        count(1);
        values.add(value());
      }
      expectSymbol(")");
      filter = field.in(values);
    } else if (t.is("BETWEEN")) {
      Object low = value();
      expectKeyword("AND");
      Object high = value();
      filter = new And(List.of(field.compare(Operator.GE, low), field.compare(Operator.LE, high)));
    } else if (t.is("STARTS_WITH")) {
      filter = field.startsWith(value());
    } else if (t.is("IS") && !negated) {
      boolean notNull = peek().is("NOT");
      if (notNull) {
        take();
      }
      expectKeyword("NULL");
      VisibilityFilter present = field.present();
      return notNull ? present : new Not(present);
    } else {
      throw invalid("expected an operator after " + field.name + ", got " + t.describe());
    }
    return negated ? new Not(filter) : filter;
  }

  /** A literal: a quoted string (String), a number (Long or Double), or true/false (Boolean). */
  private Object value() {
    Token t = take();
    switch (t.kind()) {
      case STRING:
        return t.text();
      case NUMBER:
        try {
          return t.text().contains(".")
              ? (Object) Double.parseDouble(t.text())
              : (Object) Long.parseLong(t.text());
        } catch (NumberFormatException e) {
          throw invalid("bad number " + t.describe());
        }
      case NAME:
        if (t.is("true") || t.is("false")) {
          return Boolean.parseBoolean(t.text().toLowerCase(Locale.ROOT));
        }
        throw invalid("expected a value, got " + t.describe() + " (quote strings with ' or \")");
      default:
        throw invalid("expected a value, got " + t.describe());
    }
  }

  private Token peek() {
    return tokens.get(next);
  }

  private Token take() {
    Token t = tokens.get(next);
    if (t.kind() != Kind.END) {
      next++;
    }
    return t;
  }

  private void expectSymbol(String symbol) {
    Token t = take();
    if (!t.isSymbol(symbol)) {
      throw invalid("expected '" + symbol + "', got " + t.describe());
    }
  }

  private void expectKeyword(String keyword) {
    Token t = take();
    if (!t.is(keyword)) {
      throw invalid("expected " + keyword + ", got " + t.describe());
    }
  }

  private static final class Operators {
    static Operator of(String symbol) {
      return switch (symbol) {
        case "=" -> Operator.EQ;
        case "!=", "<>" -> Operator.NE;
        case "<" -> Operator.LT;
        case "<=" -> Operator.LE;
        case ">" -> Operator.GT;
        case ">=" -> Operator.GE;
        default -> null;
      };
    }
  }

  /** The left side of a condition: a system column or a custom search attribute. */
  private static final class Field {
    final String name;
    final Column column; // null for a search attribute stored with the custom values
    final IndexedValueType type; // set for those

    private Field(String name, Column column, IndexedValueType type) {
      this.name = name;
      this.column = column;
      this.type = type;
    }

    VisibilityFilter compare(Operator operator, Object value) {
      if (column == null) {
        QueryValues.checkType(name, type, value);
        return new AttributeCompare(name, operator, QueryValues.literal(name, value));
      }
      if (column == Column.STATUS && operator != Operator.EQ && operator != Operator.NE) {
        throw invalid("ExecutionStatus supports =, != and IN only");
      }
      return new ColumnCompare(column, operator, QueryValues.column(column, name, value));
    }

    VisibilityFilter in(List<Object> values) {
      if (column == null) {
        List<VisibilityFilter> any = new ArrayList<>();
        for (Object v : values) {
          any.add(compare(Operator.EQ, v));
        }
        return new Or(any);
      }
      List<Object> converted = new ArrayList<>();
      for (Object v : values) {
        converted.add(QueryValues.column(column, name, v));
      }
      return new ColumnIn(column, converted);
    }

    VisibilityFilter startsWith(Object value) {
      if (!(value instanceof String prefix)) {
        throw invalid("STARTS_WITH needs a quoted string after " + name);
      }
      if (column == null) {
        return new AttributeStartsWith(name, prefix);
      }
      if (column.numeric()) {
        throw invalid("STARTS_WITH works on text attributes, not on " + name);
      }
      return new ColumnStartsWith(column, prefix);
    }

    VisibilityFilter present() {
      if (column == null) {
        return new AttributePresent(name);
      }
      // Only CloseTime can be missing (while a run is open); every other system attribute is set.
      return column == Column.CLOSE_TIME ? new ColumnPresent(column) : VisibilityFilter.all();
    }
  }
}
