package dev.aevum.server.frontend.internal.visibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.persistence.VisibilityFilter;
import dev.aevum.persistence.VisibilityFilter.And;
import dev.aevum.persistence.VisibilityFilter.AttributeCompare;
import dev.aevum.persistence.VisibilityFilter.AttributePresent;
import dev.aevum.persistence.VisibilityFilter.Column;
import dev.aevum.persistence.VisibilityFilter.ColumnCompare;
import dev.aevum.persistence.VisibilityFilter.ColumnIn;
import dev.aevum.persistence.VisibilityFilter.ColumnPresent;
import dev.aevum.persistence.VisibilityFilter.ColumnStartsWith;
import dev.aevum.persistence.VisibilityFilter.Literal;
import dev.aevum.persistence.VisibilityFilter.Not;
import dev.aevum.persistence.VisibilityFilter.Operator;
import dev.aevum.persistence.VisibilityFilter.Or;
import io.temporal.api.enums.v1.IndexedValueType;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class QueryParserTest {
  private static final Map<String, IndexedValueType> CUSTOM =
      Map.of(
          "Custom Field", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
          "Due", IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
          "Amount", IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
          "Express", IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
          "Tags", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST);

  private static VisibilityFilter filter(String query) {
    return QueryParser.parse(query, CUSTOM).filter();
  }

  @Test
  void anEmptyQueryMatchesEverything() {
    assertThat(filter("")).isEqualTo(VisibilityFilter.all());
    assertThat(filter("   ")).isEqualTo(VisibilityFilter.all());
  }

  @Test
  void andBindsTighterThanOrAndParenthesesGroup() {
    assertThat(filter("WorkflowId = 'a' OR WorkflowId = 'b' AND RunId = 'r'"))
        .isEqualTo(
            new Or(
                List.of(
                    new ColumnCompare(Column.WORKFLOW_ID, Operator.EQ, "a"),
                    new And(
                        List.of(
                            new ColumnCompare(Column.WORKFLOW_ID, Operator.EQ, "b"),
                            new ColumnCompare(Column.RUN_ID, Operator.EQ, "r"))))));
    assertThat(filter("(WorkflowId = 'a' or WorkflowId = \"b\") and not RunId != 'r'"))
        .isEqualTo(
            new And(
                List.of(
                    new Or(
                        List.of(
                            new ColumnCompare(Column.WORKFLOW_ID, Operator.EQ, "a"),
                            new ColumnCompare(Column.WORKFLOW_ID, Operator.EQ, "b"))),
                    new Not(new ColumnCompare(Column.RUN_ID, Operator.NE, "r")))));
  }

  @Test
  void statusesTimesAndNumbersAreConverted() {
    assertThat(filter("ExecutionStatus = 'ContinuedAsNew'"))
        .isEqualTo(new ColumnCompare(Column.STATUS, Operator.EQ, 6L));
    assertThat(filter("ExecutionStatus IN ('Running', 'WORKFLOW_EXECUTION_STATUS_TIMED_OUT', 3)"))
        .isEqualTo(new ColumnIn(Column.STATUS, List.of(1L, 7L, 3L)));
    assertThat(filter("StartTime >= '2024-01-01T01:00:00+01:00'"))
        .isEqualTo(new ColumnCompare(Column.START_TIME, Operator.GE, 1_704_067_200_000L));
    assertThat(filter("CloseTime < 1704067200000000000"))
        .isEqualTo(new ColumnCompare(Column.CLOSE_TIME, Operator.LT, 1_704_067_200_000L));
    assertThat(filter("HistoryLength BETWEEN 2 AND 9"))
        .isEqualTo(
            new And(
                List.of(
                    new ColumnCompare(Column.HISTORY_LENGTH, Operator.GE, 2L),
                    new ColumnCompare(Column.HISTORY_LENGTH, Operator.LE, 9L))));
  }

  @Test
  void otherNamesAreCustomSearchAttributes() {
    assertThat(filter("`Custom Field` = 'x'"))
        .isEqualTo(
            new AttributeCompare(
                "Custom Field", Operator.EQ, Literal.text("x", OptionalLong.empty())));
    assertThat(filter("Due > '2024-01-01T00:00:00Z'"))
        .isEqualTo(
            new AttributeCompare(
                "Due",
                Operator.GT,
                Literal.text("2024-01-01T00:00:00Z", OptionalLong.of(1_704_067_200_000L))));
    assertThat(filter("Amount <= 2.5"))
        .isEqualTo(new AttributeCompare("Amount", Operator.LE, Literal.number(2.5)));
    assertThat(filter("Express = TRUE"))
        .isEqualTo(new AttributeCompare("Express", Operator.EQ, Literal.bool(true)));
    assertThat(filter("Tags NOT IN ('a')"))
        .isEqualTo(
            new Not(
                new Or(
                    List.of(
                        new AttributeCompare(
                            "Tags", Operator.EQ, Literal.text("a", OptionalLong.empty()))))));
    assertThat(filter("Tags IS NOT NULL")).isEqualTo(new AttributePresent("Tags"));
    assertThat(filter("CloseTime IS NULL"))
        .isEqualTo(new Not(new ColumnPresent(Column.CLOSE_TIME)));
    assertThat(filter("WorkflowType STARTS_WITH 'Ord'"))
        .isEqualTo(new ColumnStartsWith(Column.WORKFLOW_TYPE, "Ord"));
  }

  @Test
  void quotesAreEscapedByDoublingOrBackslash() {
    assertThat(filter("WorkflowId = 'it''s' OR WorkflowId = 'it\\'s'"))
        .isEqualTo(
            new Or(
                List.of(
                    new ColumnCompare(Column.WORKFLOW_ID, Operator.EQ, "it's"),
                    new ColumnCompare(Column.WORKFLOW_ID, Operator.EQ, "it's"))));
  }

  @Test
  void groupByExecutionStatusIsRecognised() {
    QueryParser.Parsed parsed = QueryParser.parse("WorkflowType = 'A' GROUP BY ExecutionStatus");
    assertThat(parsed.groupByStatus()).isTrue();
    assertThat(QueryParser.parse("GROUP BY ExecutionStatus").filter())
        .isEqualTo(VisibilityFilter.all());
  }

  @Test
  void mistakesAreReportedWithWhatAndWhere() {
    assertRejected(
        "WorkflowId = 'a' AND", "expected a search attribute name, got the end of the query");
    assertRejected("WorkflowId 'a'", "expected an operator after WorkflowId");
    assertRejected("WorkflowId = 'a' WorkflowId = 'b'", "unexpected 'WorkflowId' at position 18");
    assertRejected("WorkflowId = 1", "WorkflowId compares with a quoted string");
    assertRejected("HistoryLength > 'x'", "whole number");
    assertRejected("ExecutionStatus > 'Running'", "=, != and IN only");
    assertRejected("StartTime STARTS_WITH '2024'", "STARTS_WITH works on text attributes");
    assertRejected(
        "WorkflowId = 'a' GROUP BY WorkflowType", "GROUP BY supports ExecutionStatus only");
    assertRejected("WorkflowId ~ 'a'", "unexpected character '~' at position 12");
    assertRejected("`Open = 1", "not closed with `");
    assertRejected("WorkflowId IN ()", "expected a value");
  }

  @Test
  void namesTheNamespaceDoesNotKnowAndValuesOfTheWrongTypeAreRejected() {
    assertRejected(
        "Unregistered = 'x'",
        "invalid expression: column name 'Unregistered' is not a valid search attribute");
    assertRejected(
        "CustomIntField = 'abc'",
        "invalid expression: invalid value type for search attribute CustomIntField of type Int: \"abc\" (type: string)");
    assertRejected("Express = 1", "of type Bool: 1 (type: int64)");
    assertRejected("Tags = 2.5", "of type KeywordList: 2.5 (type: float64)");
    assertRejected("Due > 'soon'", "unable to parse datetime 'soon'");
    assertThat(filter("CustomIntField = 3 AND TemporalChangeVersion = 'v'"))
        .isInstanceOf(And.class);
  }

  @Test
  void nestingAndSizeAreBounded() {
    String nested =
        "(".repeat(QueryParser.MAX_DEPTH) + "WorkflowId = 'a'" + ")".repeat(QueryParser.MAX_DEPTH);
    assertThat(filter(nested)).isEqualTo(new ColumnCompare(Column.WORKFLOW_ID, Operator.EQ, "a"));
    assertRejected("(" + nested + ")", "nested more than 64 levels deep");
    assertRejected("NOT ".repeat(1000) + "WorkflowId = 'a'", "nested more than 64 levels deep");
    assertRejected("(".repeat(100_000), "nested more than 64 levels deep");

    String terms =
        String.join(" AND ", Collections.nCopies(QueryParser.MAX_TERMS, "WorkflowId = 'a'"));
    assertThat(filter(terms)).isInstanceOf(And.class);
    assertRejected(terms + " AND RunId = 'r'", "more than 500 conditions");
    String values = String.join(", ", Collections.nCopies(QueryParser.MAX_TERMS + 1, "'a'"));
    assertRejected("WorkflowId IN (" + values + ")", "more than 500 conditions");
  }

  private static void assertRejected(String query, String problem) {
    assertThatThrownBy(() -> QueryParser.parse(query, CUSTOM))
        .as(query)
        .hasMessageStartingWith("invalid query: ")
        .hasMessageContaining(problem);
  }
}
