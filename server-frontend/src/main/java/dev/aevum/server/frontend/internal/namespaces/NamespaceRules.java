package dev.aevum.server.frontend.internal.namespaces;

import dev.aevum.server.common.Cluster;
import dev.aevum.server.common.Errors;
import dev.aevum.server.frontend.internal.validation.Fields;
import io.temporal.api.enums.v1.NamespaceState;
import io.temporal.api.replication.v1.ClusterReplicationConfig;
import java.time.Duration;
import java.util.List;

/** Validation of namespace requests, following Temporal's namespace_handler.go. */
public final class NamespaceRules {
  /** Temporal's minimum retention of a local namespace (system.namespaceMinRetentionLocal). */
  public static final Duration MIN_RETENTION = Duration.ofHours(1);

  private static final String INVALID_RETENTION = "A valid retention period is not set on request.";

  private NamespaceRules() {}

  /** Temporal only checks presence and length; any other UTF-8 name is accepted. */
  public static void name(String name, int maxIdLength) {
    Fields.namespace(name, maxIdLength);
  }

  public static void retention(Duration retention) {
    if (retention.isNegative()) {
      throw Errors.invalidArgument(
          INVALID_RETENTION + " (WorkflowExecutionRetentionPeriod is negative)");
    }
    if (retention.compareTo(MIN_RETENTION) < 0) {
      throw Errors.invalidArgument(
          INVALID_RETENTION
              + " (WorkflowExecutionRetentionPeriod must be at least 1h, got "
              + retention
              + ")");
    }
  }

  public static Duration retention(com.google.protobuf.Duration retention) {
    if ((retention.getSeconds() > 0 && retention.getNanos() < 0)
        || (retention.getSeconds() < 0 && retention.getNanos() > 0)) {
      throw Errors.invalidArgument(
          INVALID_RETENTION + " (WorkflowExecutionRetentionPeriod has mixed signs)");
    }
    Duration value = Duration.ofSeconds(retention.getSeconds(), retention.getNanos());
    retention(value);
    return value;
  }

  /** This server has one cluster and no global namespaces: only the current cluster is valid. */
  public static void replication(
      String activeClusterName, List<ClusterReplicationConfig> clusters) {
    if (!activeClusterName.isEmpty() && !activeClusterName.equals(Cluster.NAME)) {
      throw Errors.invalidArgument("Invalid cluster name: " + activeClusterName);
    }
    for (ClusterReplicationConfig cluster : clusters) {
      if (!cluster.getClusterName().equals(Cluster.NAME)) {
        throw Errors.invalidArgument("Invalid cluster name: " + cluster.getClusterName());
      }
    }
  }

  /**
   * Temporal's allowed state transitions: REGISTERED -> DEPRECATED | DELETED, DEPRECATED ->
   * DELETED.
   */
  public static void stateChange(int from, NamespaceState to, int toNumber) {
    if (to == NamespaceState.UNRECOGNIZED) {
      throw Errors.invalidArgument("Invalid namespace state: " + toNumber + ".");
    }
    if (to == NamespaceState.NAMESPACE_STATE_UNSPECIFIED || to.getNumber() == from) {
      return;
    }
    boolean allowed =
        (from == NamespaceState.NAMESPACE_STATE_REGISTERED_VALUE
                && (to == NamespaceState.NAMESPACE_STATE_DEPRECATED
                    || to == NamespaceState.NAMESPACE_STATE_DELETED))
            || (from == NamespaceState.NAMESPACE_STATE_DEPRECATED_VALUE
                && to == NamespaceState.NAMESPACE_STATE_DELETED);
    if (!allowed) {
      throw Errors.invalidArgument("Invalid namespace state update.");
    }
  }
}
