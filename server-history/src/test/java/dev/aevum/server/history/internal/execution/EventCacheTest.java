package dev.aevum.server.history.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCacheTest {
  private static final RunKey RUN = new RunKey("ns", "wf", "run");

  private static List<HistoryEvent> events(long first, long last) {
    List<HistoryEvent> events = new ArrayList<>();
    for (long id = first; id <= last; id++) {
      events.add(
          HistoryEvent.newBuilder()
              .setEventId(id)
              .setEventType(EventType.EVENT_TYPE_MARKER_RECORDED)
              .build());
    }
    return events;
  }

  @Test
  void aWholeHistoryIsServedInItsBatches() {
    EventCache cache = new EventCache(1 << 20);
    cache.appended(RUN, events(1, 3));
    cache.appended(RUN, events(4, 4));
    cache.appended(RUN, events(5, 7));

    assertThat(cache.read(RUN, 1, 8).orElseThrow())
        .extracting(EventCache.Batch::firstEventId)
        .containsExactly(1L, 4L, 5L);
    assertThat(cache.read(RUN, 4, 6).orElseThrow())
        .extracting(EventCache.Batch::firstEventId)
        .containsExactly(4L, 5L);
    assertThat(cache.read(RUN, 1, 9)).isEmpty(); // beyond what this host committed
  }

  @Test
  void onlyHistoriesKnownFromTheirFirstEventAreKept() {
    EventCache cache = new EventCache(1 << 20);
    cache.appended(RUN, events(5, 6)); // a run loaded from the store: its start is not here
    assertThat(cache.read(RUN, 5, 7)).isEmpty();

    cache.appended(RUN, events(1, 2));
    cache.appended(RUN, events(4, 4)); // a gap: the entry cannot be trusted any more
    assertThat(cache.read(RUN, 1, 2)).isEmpty();
  }

  @Test
  void theByteBudgetEvictsTheLeastRecentlyUsedRuns() {
    long oneRun = events(1, 10).stream().mapToLong(HistoryEvent::getSerializedSize).sum();
    EventCache cache = new EventCache(oneRun * 16); // a run may use a sixteenth
    for (int i = 0; i < 40; i++) {
      cache.appended(new RunKey("ns", "wf-" + i, "run"), events(1, 10));
    }
    assertThat(cache.bytes()).isLessThanOrEqualTo(oneRun * 16);
    assertThat(cache.read(new RunKey("ns", "wf-0", "run"), 1, 11)).isEmpty();
    assertThat(cache.read(new RunKey("ns", "wf-39", "run"), 1, 11)).isPresent();
  }

  @Test
  void forgettingDropsTheRun() {
    EventCache cache = new EventCache(1 << 20);
    cache.appended(RUN, events(1, 3));
    cache.forget(RUN);
    assertThat(cache.read(RUN, 1, 4)).isEmpty();
    assertThat(cache.bytes()).isZero();
  }
}
