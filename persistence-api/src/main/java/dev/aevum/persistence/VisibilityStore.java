package dev.aevum.persistence;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Listing and counting runs by visibility filter. Rows are written by {@link ExecutionStore} in the
 * run's own transactions (see {@link ExecutionWrite#visibility()}), so what a client was told is
 * started or closed is listed as such.
 */
public interface VisibilityStore {

  /** Where a page ends; listings are ordered by start time, newest first, then run id. */
  record Cursor(long startTimeMs, String runId) {
    public Cursor {
      Objects.requireNonNull(runId, "runId");
    }
  }

  /**
   * @param infos serialized temporal.api.workflow.v1.WorkflowExecutionInfo, in listing order
   */
  record Page(List<byte[]> infos, Optional<Cursor> next) {
    public Page {
      infos = List.copyOf(infos);
      Objects.requireNonNull(next, "next");
    }
  }

  /** Up to {@code pageSize} matching runs after {@code after}. */
  Page list(String namespaceId, VisibilityFilter filter, int pageSize, Optional<Cursor> after);

  long count(String namespaceId, VisibilityFilter filter);

  /** Matching runs counted per WorkflowExecutionStatus number; statuses with none are absent. */
  Map<Integer, Long> countByStatus(String namespaceId, VisibilityFilter filter);
}
