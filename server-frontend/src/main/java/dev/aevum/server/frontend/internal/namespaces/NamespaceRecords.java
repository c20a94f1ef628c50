package dev.aevum.server.frontend.internal.namespaces;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aevum.persistence.PersistenceException;
import dev.aevum.persistence.StoredNamespace;
import dev.aevum.proto.persistence.NamespaceRecord;
import dev.aevum.server.common.Cluster;
import io.temporal.api.enums.v1.ArchivalState;
import io.temporal.api.enums.v1.NamespaceState;
import io.temporal.api.namespace.v1.BadBinaries;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Building and (de)serializing the persisted namespace record. */
public final class NamespaceRecords {
  private NamespaceRecords() {}

  /** A fresh local namespace, as Temporal registers one on a single-cluster server. */
  public static NamespaceRecord newRecord(
      String name,
      String description,
      String ownerEmail,
      Map<String, String> data,
      Duration retention,
      Instant now) {
    return NamespaceRecord.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setName(name)
        .setState(NamespaceState.NAMESPACE_STATE_REGISTERED_VALUE)
        .setDescription(description)
        .setOwnerEmail(ownerEmail)
        .putAllData(data)
        .setRetentionMs(retention.toMillis())
        .setCreatedTimeMs(now.toEpochMilli())
        .setIsGlobal(false)
        .setActiveClusterName(Cluster.NAME)
        .setFailoverVersion(0)
        .setBadBinaries(BadBinaries.getDefaultInstance().toByteString())
        .setHistoryArchivalState(ArchivalState.ARCHIVAL_STATE_DISABLED_VALUE)
        .setVisibilityArchivalState(ArchivalState.ARCHIVAL_STATE_DISABLED_VALUE)
        .build();
  }

  public static NamespaceRecord parse(StoredNamespace stored) {
    try {
      return NamespaceRecord.parseFrom(stored.data());
    } catch (InvalidProtocolBufferException e) {
      throw new PersistenceException(
          "namespace " + stored.name() + " holds an unreadable record", e);
    }
  }

  public static StoredNamespace toStored(NamespaceRecord record, long notificationVersion) {
    return new StoredNamespace(
        record.getId(), record.getName(), record.toByteArray(), notificationVersion);
  }

  /** Deleted namespaces exist in the store but no call may use them. */
  public static boolean isUsable(NamespaceRecord record) {
    return record.getState() != NamespaceState.NAMESPACE_STATE_DELETED_VALUE;
  }
}
