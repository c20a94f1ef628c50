package dev.aevum.server.frontend.internal.visibility;

import dev.aevum.server.common.EnumNames;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.util.Locale;
import java.util.Optional;

/**
 * Workflow statuses as Temporal names them in queries and count groups: "Running",
 * "ContinuedAsNew".
 */
final class StatusNames {
  private static final String PREFIX = "WORKFLOW_EXECUTION_STATUS_";

  private StatusNames() {}

  /** "Running" for 1; the number itself for a status this API version does not know. */
  static String name(int status) {
    WorkflowExecutionStatus s = WorkflowExecutionStatus.forNumber(status);
    if (s == null || s == WorkflowExecutionStatus.UNRECOGNIZED) {
      return Integer.toString(status);
    }
    return EnumNames.of(s, PREFIX);
  }

  /** The status a query names: "Running", "continued_as_new" or the full enum name. */
  static Optional<WorkflowExecutionStatus> parse(String text) {
    String wanted = text.replace("_", "").toUpperCase(Locale.ROOT);
    for (WorkflowExecutionStatus s : WorkflowExecutionStatus.values()) {
      if (s == WorkflowExecutionStatus.UNRECOGNIZED || s.getNumber() == 0) {
        continue;
      }
      if (text.equals(s.name())
          || wanted.equals(s.name().substring(PREFIX.length()).replace("_", ""))) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
