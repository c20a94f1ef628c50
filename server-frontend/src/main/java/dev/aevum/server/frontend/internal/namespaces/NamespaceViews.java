package dev.aevum.server.frontend.internal.namespaces;

import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.aevum.persistence.PersistenceException;
import dev.aevum.proto.persistence.NamespaceRecord;
import io.temporal.api.enums.v1.ArchivalState;
import io.temporal.api.enums.v1.NamespaceState;
import io.temporal.api.enums.v1.ReplicationState;
import io.temporal.api.namespace.v1.BadBinaries;
import io.temporal.api.namespace.v1.NamespaceConfig;
import io.temporal.api.namespace.v1.NamespaceInfo;
import io.temporal.api.replication.v1.ClusterReplicationConfig;
import io.temporal.api.replication.v1.NamespaceReplicationConfig;
import io.temporal.api.workflowservice.v1.DescribeNamespaceResponse;

/** The public view of a stored namespace, filled like Temporal's namespace handler fills it. */
final class NamespaceViews {
  private final long blobSizeLimitError;

  NamespaceViews(long blobSizeLimitError) {
    this.blobSizeLimitError = blobSizeLimitError;
  }

  DescribeNamespaceResponse describe(NamespaceRecord record) {
    return DescribeNamespaceResponse.newBuilder()
        .setNamespaceInfo(info(record))
        .setConfig(config(record))
        .setReplicationConfig(replication(record))
        .setFailoverVersion(record.getFailoverVersion())
        .setIsGlobalNamespace(record.getIsGlobal())
        .build();
  }

  NamespaceInfo info(NamespaceRecord record) {
    return NamespaceInfo.newBuilder()
        .setName(record.getName())
        .setState(
            NamespaceState.forNumber(record.getState()) == null
                ? NamespaceState.NAMESPACE_STATE_UNSPECIFIED
                : NamespaceState.forNumber(record.getState()))
        .setDescription(record.getDescription())
        .setOwnerEmail(record.getOwnerEmail())
        .putAllData(record.getDataMap())
        .setId(record.getId())
        // Honest capabilities: Aevum has none of these optional features yet.
        .setCapabilities(NamespaceInfo.Capabilities.getDefaultInstance())
        .setLimits(
            NamespaceInfo.Limits.newBuilder()
                .setBlobSizeLimitError(blobSizeLimitError)
                .setMemoSizeLimitError(blobSizeLimitError))
        .setSupportsSchedules(false)
        .build();
  }

  NamespaceConfig config(NamespaceRecord record) {
    return NamespaceConfig.newBuilder()
        .setWorkflowExecutionRetentionTtl(duration(record.getRetentionMs()))
        .setBadBinaries(badBinaries(record))
        .setHistoryArchivalState(archival(record.getHistoryArchivalState()))
        .setHistoryArchivalUri(record.getHistoryArchivalUri())
        .setVisibilityArchivalState(archival(record.getVisibilityArchivalState()))
        .setVisibilityArchivalUri(record.getVisibilityArchivalUri())
        .putAllCustomSearchAttributeAliases(record.getCustomSearchAttributeAliasesMap())
        .build();
  }

  NamespaceReplicationConfig replication(NamespaceRecord record) {
    return NamespaceReplicationConfig.newBuilder()
        .setActiveClusterName(record.getActiveClusterName())
        .addClusters(
            ClusterReplicationConfig.newBuilder().setClusterName(record.getActiveClusterName()))
        .setState(ReplicationState.REPLICATION_STATE_NORMAL)
        .build();
  }

  static BadBinaries badBinaries(NamespaceRecord record) {
    try {
      return BadBinaries.parseFrom(record.getBadBinaries());
    } catch (InvalidProtocolBufferException e) {
      throw new PersistenceException(
          "namespace " + record.getName() + " holds unreadable bad binaries", e);
    }
  }

  private static ArchivalState archival(int value) {
    ArchivalState state = ArchivalState.forNumber(value);
    return state == null || state == ArchivalState.ARCHIVAL_STATE_UNSPECIFIED
        ? ArchivalState.ARCHIVAL_STATE_DISABLED
        : state;
  }

  private static Duration duration(long millis) {
    return Duration.newBuilder()
        .setSeconds(millis / 1000)
        .setNanos((int) (millis % 1000) * 1_000_000)
        .build();
  }
}
