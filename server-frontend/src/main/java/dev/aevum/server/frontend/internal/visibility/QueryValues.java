package dev.aevum.server.frontend.internal.visibility;

import static dev.aevum.server.frontend.internal.visibility.QueryTokens.invalid;

import dev.aevum.persistence.VisibilityFilter.Column;
import dev.aevum.persistence.VisibilityFilter.Literal;
import dev.aevum.server.common.searchattributes.SearchAttributeNames;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;

/** Query literals converted to what a column or a custom attribute compares with. */
final class QueryValues {
  private QueryValues() {}

  static Object column(Column column, String name, Object value) {
    switch (column) {
      case STATUS:
        return status(value);
      case START_TIME:
      case EXECUTION_TIME:
      case CLOSE_TIME:
        return timeMs(name, value);
      case HISTORY_LENGTH:
        if (value instanceof Long number) {
          return number;
        }
        throw invalid(name + " compares with a whole number, got " + show(value));
      default:
        if (value instanceof String text) {
          return text;
        }
        throw invalid(name + " compares with a quoted string, got " + show(value));
    }
  }

  /** Temporal's check that a literal fits the attribute's type (converter.go validateValueType). */
  static void checkType(String name, IndexedValueType type, Object value) {
    boolean fits =
        switch (type) {
          case INDEXED_VALUE_TYPE_INT, INDEXED_VALUE_TYPE_DOUBLE ->
              value instanceof Long || value instanceof Double;
          case INDEXED_VALUE_TYPE_BOOL -> value instanceof Boolean;
          case INDEXED_VALUE_TYPE_DATETIME -> value instanceof Long || value instanceof String;
          default -> value instanceof String;
        };
    if (!fits) {
      throw invalid(
          "invalid expression: invalid value type for search attribute "
              + name
              + " of type "
              + SearchAttributeNames.typeName(type)
              + ": "
              + goValue(value));
    }
    if (type == IndexedValueType.INDEXED_VALUE_TYPE_DATETIME
        && value instanceof String text
        && time(text).isEmpty()) {
      throw invalid("invalid expression: unable to parse datetime '" + text + "'");
    }
  }

  /** Go's "%#v (type: %T)" of the literal. */
  private static String goValue(Object value) {
    if (value instanceof String text) {
      return "\"" + text + "\" (type: string)";
    }
    String goType = value instanceof Long ? "int64" : value instanceof Double ? "float64" : "bool";
    return value + " (type: " + goType + ")";
  }

  static Literal literal(String name, Object value) {
    if (value instanceof String text) {
      return Literal.text(
          text,
          time(text).map(i -> OptionalLong.of(i.toEpochMilli())).orElse(OptionalLong.empty()));
    }
    if (value instanceof Boolean bool) {
      return Literal.bool(bool);
    }
    return Literal.number(((Number) value).doubleValue());
  }

  /** 'Running', 'Completed' ... as Temporal names them, or the enum's full name, or its number. */
  private static Long status(Object value) {
    if (value instanceof Long number
        && number > 0
        && WorkflowExecutionStatus.forNumber(number.intValue()) != null) {
      return number;
    }
    if (value instanceof String text) {
      Optional<WorkflowExecutionStatus> status = StatusNames.parse(text);
      if (status.isPresent()) {
        return (long) status.get().getNumber();
      }
    }
    throw invalid(
        "ExecutionStatus must be one of Running, Completed, Failed, Canceled, Terminated, "
            + "ContinuedAsNew, TimedOut; got "
            + show(value));
  }

  /** An RFC 3339 timestamp, or a number of nanoseconds since the epoch as Temporal also accepts. */
  private static Long timeMs(String name, Object value) {
    if (value instanceof Long nanos) {
      return Math.floorDiv(nanos, 1_000_000L);
    }
    if (value instanceof String text) {
      Optional<Instant> time = time(text);
      if (time.isPresent()) {
        return time.get().toEpochMilli();
      }
    }
    throw invalid(
        name
            + " compares with an RFC 3339 time such as '2024-01-31T12:00:00Z', got "
            + show(value));
  }

  static Optional<Instant> time(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String show(Object value) {
    return value instanceof String ? "'" + value + "'" : String.valueOf(value);
  }
}
