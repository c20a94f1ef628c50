package dev.aevum.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.persistence.ConditionFailedException;
import dev.aevum.persistence.CreateExecutionRequest;
import dev.aevum.persistence.CurrentExecution;
import dev.aevum.persistence.ExecutionRecord;
import dev.aevum.persistence.ExecutionWrite;
import dev.aevum.persistence.UpdateExecutionRequest;
import dev.aevum.persistence.VisibilityAttribute;
import dev.aevum.persistence.VisibilityFilter;
import dev.aevum.persistence.VisibilityFilter.AttributeCompare;
import dev.aevum.persistence.VisibilityFilter.AttributePresent;
import dev.aevum.persistence.VisibilityFilter.AttributeStartsWith;
import dev.aevum.persistence.VisibilityFilter.Column;
import dev.aevum.persistence.VisibilityFilter.ColumnCompare;
import dev.aevum.persistence.VisibilityFilter.ColumnIn;
import dev.aevum.persistence.VisibilityFilter.ColumnPresent;
import dev.aevum.persistence.VisibilityFilter.ColumnStartsWith;
import dev.aevum.persistence.VisibilityFilter.Literal;
import dev.aevum.persistence.VisibilityFilter.Not;
import dev.aevum.persistence.VisibilityFilter.Operator;
import dev.aevum.persistence.VisibilityFilter.Or;
import dev.aevum.persistence.VisibilityRecord;
import dev.aevum.persistence.VisibilityStore;
import dev.aevum.persistence.VisibilityStore.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class VisibilityStoreContract extends StoreContract {
  private static final int SHARD = 1;
  private static final String NS = "ns-id";
  private static final int RUNNING = 1;
  private static final int COMPLETED = 2;
  private static final int FAILED = 3;

  private long range;

  private VisibilityStore store() {
    return persistence.visibility();
  }

  @BeforeEach
  void acquireShard() {
    range = persistence.shards().acquire(SHARD);
  }

  private static VisibilityRecord row(
      String ns,
      String workflowId,
      String type,
      int status,
      long startMs,
      List<VisibilityAttribute> attributes) {
    return new VisibilityRecord(
        ns,
        "run-" + workflowId,
        workflowId,
        type,
        "queue",
        status,
        startMs,
        startMs,
        status == RUNNING ? OptionalLong.empty() : OptionalLong.of(startMs + 500),
        7,
        bytes("info of " + workflowId),
        attributes);
  }

  private void start(VisibilityRecord v) {
    ExecutionRecord run =
        new ExecutionRecord(
            v.namespaceId(),
            v.workflowId(),
            v.runId(),
            3,
            1,
            ExecutionRecord.STATE_RUNNING,
            RUNNING,
            bytes("state"));
    persistence
        .executions()
        .createExecution(
            new CreateExecutionRequest(
                SHARD,
                range,
                Optional.empty(),
                new ExecutionWrite(run, List.of(), List.of(), Optional.of(v)),
                new CurrentExecution(
                    v.runId(), "req", ExecutionRecord.STATE_RUNNING, RUNNING, v.startTimeMs())));
  }

  private void update(VisibilityRecord v, long version) {
    ExecutionRecord run =
        new ExecutionRecord(
            v.namespaceId(),
            v.workflowId(),
            v.runId(),
            9,
            version,
            ExecutionRecord.STATE_CLOSED,
            v.status(),
            bytes("state"));
    persistence
        .executions()
        .updateExecution(
            new UpdateExecutionRequest(
                SHARD,
                range,
                new ExecutionWrite(run, List.of(), List.of(), Optional.of(v)),
                Optional.empty(),
                Optional.empty()));
  }

  private List<String> list(VisibilityFilter filter) {
    List<String> out = new ArrayList<>();
    Optional<VisibilityStore.Cursor> after = Optional.empty();
    do {
      Page page = store().list(NS, filter, 100, after);
      page.infos().forEach(info -> out.add(text(info).substring("info of ".length())));
      after = page.next();
    } while (after.isPresent());
    return out;
  }

  /** Three runs of two types with a few custom attributes each, started at 1000, 2000 and 3000. */
  private void threeRuns() {
    start(
        row(
            NS,
            "order-1",
            "Order",
            RUNNING,
            1000,
            List.of(
                VisibilityAttribute.text("Customer", "Keyword", "acme"),
                VisibilityAttribute.number("Amount", "Int", 50),
                VisibilityAttribute.text("Tags", "KeywordList", "red"),
                VisibilityAttribute.text("Tags", "KeywordList", "blue"))));
    start(
        row(
            NS,
            "order-2",
            "Order",
            RUNNING,
            2000,
            List.of(
                VisibilityAttribute.text("Customer", "Keyword", "globex"),
                VisibilityAttribute.number("Amount", "Double", 150.5),
                VisibilityAttribute.number("Express", "Bool", 1),
                VisibilityAttribute.number("Due", "Datetime", 1_700_000_000_000.0))));
    start(row(NS, "invoice-1", "Invoice", RUNNING, 3000, List.of()));
    update(
        row(
            NS,
            "order-2",
            "Order",
            COMPLETED,
            2000,
            List.of(
                VisibilityAttribute.text("Customer", "Keyword", "globex"),
                VisibilityAttribute.number("Amount", "Double", 150.5),
                VisibilityAttribute.number("Express", "Bool", 1),
                VisibilityAttribute.number("Due", "Datetime", 1_700_000_000_000.0))),
        2);
  }

  @Test
  void listsEveryRunNewestFirstAndCountsThem() {
    threeRuns();
    assertThat(list(VisibilityFilter.all())).containsExactly("invoice-1", "order-2", "order-1");
    assertThat(store().count(NS, VisibilityFilter.all())).isEqualTo(3);
    assertThat(store().countByStatus(NS, VisibilityFilter.all()))
        .isEqualTo(Map.of(RUNNING, 2L, COMPLETED, 1L));
  }

  @Test
  void filtersOnStandardColumns() {
    threeRuns();
    assertThat(list(new ColumnCompare(Column.WORKFLOW_TYPE, Operator.EQ, "Order")))
        .containsExactly("order-2", "order-1");
    assertThat(list(new ColumnCompare(Column.STATUS, Operator.EQ, (long) COMPLETED)))
        .containsExactly("order-2");
    assertThat(list(new ColumnIn(Column.STATUS, List.of((long) FAILED, (long) RUNNING))))
        .containsExactly("invoice-1", "order-1");
    assertThat(
            list(
                new VisibilityFilter.And(
                    List.of(
                        new ColumnCompare(Column.START_TIME, Operator.GE, 1500L),
                        new ColumnCompare(Column.START_TIME, Operator.LT, 3000L)))))
        .containsExactly("order-2");
    assertThat(list(new ColumnStartsWith(Column.WORKFLOW_ID, "order-")))
        .containsExactly("order-2", "order-1");
    assertThat(list(new ColumnStartsWith(Column.WORKFLOW_ID, "ORDER-"))).isEmpty();
    assertThat(list(new ColumnPresent(Column.CLOSE_TIME))).containsExactly("order-2");
    assertThat(list(new Not(new ColumnPresent(Column.CLOSE_TIME))))
        .containsExactly("invoice-1", "order-1");
    assertThat(
            list(
                new Or(
                    List.of(
                        new ColumnCompare(Column.WORKFLOW_ID, Operator.EQ, "invoice-1"),
                        new ColumnCompare(Column.RUN_ID, Operator.EQ, "run-order-1")))))
        .containsExactly("invoice-1", "order-1");
  }

  @Test
  void filtersOnCustomAttributesOfEveryKind() {
    threeRuns();
    assertThat(
            list(
                new AttributeCompare(
                    "Customer", Operator.EQ, Literal.text("acme", OptionalLong.empty()))))
        .containsExactly("order-1");
    assertThat(
            list(
                new AttributeCompare(
                    "Tags", Operator.EQ, Literal.text("blue", OptionalLong.empty()))))
        .containsExactly("order-1");
    assertThat(list(new AttributeCompare("Amount", Operator.GT, Literal.number(100))))
        .containsExactly("order-2");
    assertThat(list(new AttributeCompare("Amount", Operator.LE, Literal.number(50))))
        .containsExactly("order-1");
    assertThat(list(new AttributeCompare("Express", Operator.EQ, Literal.bool(true))))
        .containsExactly("order-2");
    assertThat(
            list(
                new AttributeCompare(
                    "Due",
                    Operator.GT,
                    Literal.text("2023-01-01T00:00:00Z", OptionalLong.of(1_672_531_200_000L)))))
        .containsExactly("order-2");
    assertThat(list(new AttributeStartsWith("Customer", "glo"))).containsExactly("order-2");
    assertThat(list(new AttributePresent("Customer"))).containsExactly("order-2", "order-1");
    assertThat(list(new Not(new AttributePresent("Customer")))).containsExactly("invoice-1");
    assertThat(store().count(NS, new AttributeCompare("Amount", Operator.GE, Literal.number(0))))
        .isEqualTo(2);
  }

  @Test
  void manyAttributeConditionsInOneAndAreAnsweredCorrectly() {
    threeRuns();
    // Every kind of attribute condition, repeated past the ones PostgreSQL may join.
    List<VisibilityFilter> parts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      parts.add(
          new AttributeCompare(
              "Customer", Operator.NE, Literal.text("nobody", OptionalLong.empty())));
      parts.add(new AttributeStartsWith("Customer", "ac"));
      parts.add(new AttributePresent("Tags"));
    }
    assertThat(list(new VisibilityFilter.And(parts))).containsExactly("order-1");
    parts.add(new Not(new AttributePresent("Customer")));
    assertThat(store().count(NS, new VisibilityFilter.And(parts))).isZero();
  }

  @Test
  void pagesFollowEachOtherWithoutGapsOrRepeats() {
    for (int i = 0; i < 7; i++) {
      // two runs per start time, so the cursor must break ties by run id
      start(row(NS, "wf-" + i, "Paged", RUNNING, 1000 + (i / 2), List.of()));
    }
    List<String> seen = new ArrayList<>();
    Optional<VisibilityStore.Cursor> after = Optional.empty();
    int pages = 0;
    do {
      Page page = store().list(NS, VisibilityFilter.all(), 3, after);
      assertThat(page.infos().size()).isLessThanOrEqualTo(3);
      page.infos().forEach(info -> seen.add(text(info)));
      after = page.next();
      pages++;
    } while (after.isPresent());
    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(7).doesNotHaveDuplicates();
  }

  @Test
  void namespacesAreSeparate() {
    threeRuns();
    start(row("other-ns", "order-9", "Order", RUNNING, 5000, List.of()));
    assertThat(list(VisibilityFilter.all())).doesNotContain("order-9");
    assertThat(store().count("other-ns", VisibilityFilter.all())).isEqualTo(1);
  }

  @Test
  void attributesAreReplacedOnUpdateAndRemovedWithTheRun() {
    start(
        row(
            NS,
            "wf",
            "T",
            RUNNING,
            1000,
            List.of(VisibilityAttribute.text("Stage", "Keyword", "draft"))));
    update(
        row(
            NS,
            "wf",
            "T",
            COMPLETED,
            1000,
            List.of(VisibilityAttribute.text("Stage", "Keyword", "done"))),
        2);
    assertThat(
            list(
                new AttributeCompare(
                    "Stage", Operator.EQ, Literal.text("draft", OptionalLong.empty()))))
        .isEmpty();
    assertThat(
            list(
                new AttributeCompare(
                    "Stage", Operator.EQ, Literal.text("done", OptionalLong.empty()))))
        .containsExactly("wf");
    persistence.executions().deleteExecution(SHARD, range, NS, "wf", "run-wf", NS);
    assertThat(list(VisibilityFilter.all())).isEmpty();
    assertThat(store().count(NS, new AttributePresent("Stage"))).isZero();
  }

  @Test
  void aFailedWriteLeavesTheVisibilityRowAsItWas() {
    start(row(NS, "wf", "T", RUNNING, 1000, List.of()));
    assertThatThrownBy(() -> update(row(NS, "wf", "T", COMPLETED, 1000, List.of()), 5))
        .isInstanceOf(ConditionFailedException.class);
    assertThat(store().countByStatus(NS, VisibilityFilter.all())).isEqualTo(Map.of(RUNNING, 1L));
  }

  @Test
  void badArgumentsAreRejectedNamingTheParameter() {
    assertThatThrownBy(() -> store().list(NS, VisibilityFilter.all(), 0, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pageSize");
    assertThatThrownBy(() -> store().count("", VisibilityFilter.all()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namespaceId");
    assertThatThrownBy(() -> new ColumnCompare(Column.START_TIME, Operator.EQ, "yesterday"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("START_TIME");
  }
}
