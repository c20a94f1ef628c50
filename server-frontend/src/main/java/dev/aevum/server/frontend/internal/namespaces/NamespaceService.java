package dev.aevum.server.frontend.internal.namespaces;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.aevum.persistence.AlreadyExistsException;
import dev.aevum.persistence.ConditionFailedException;
import dev.aevum.persistence.NamespaceStore;
import dev.aevum.persistence.StoredNamespace;
import dev.aevum.proto.persistence.NamespaceRecord;
import dev.aevum.server.common.Errors;
import dev.aevum.server.frontend.FrontendSettings;
import dev.aevum.server.frontend.Namespaces;
import io.temporal.api.namespace.v1.BadBinaries;
import io.temporal.api.namespace.v1.NamespaceConfig;
import io.temporal.api.namespace.v1.UpdateNamespaceInfo;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceResponse;
import io.temporal.api.workflowservice.v1.ListNamespacesRequest;
import io.temporal.api.workflowservice.v1.ListNamespacesResponse;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceResponse;
import io.temporal.api.workflowservice.v1.UpdateNamespaceRequest;
import io.temporal.api.workflowservice.v1.UpdateNamespaceResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The namespace CRUD calls, served directly from the namespace store. */
public final class NamespaceService {
  /** Temporal's ListNamespaces page size when the caller gives none. */
  static final int DEFAULT_PAGE_SIZE = 100;

  /** Attempts of an update racing with other writers before giving up with UNAVAILABLE. */
  static final int UPDATE_ATTEMPTS = 5;

  private final NamespaceStore store;
  private final Namespaces registry;
  private final FrontendSettings settings;
  private final Clock clock;
  private final NamespaceViews views;

  public NamespaceService(
      NamespaceStore store, Namespaces registry, FrontendSettings settings, Clock clock) {
    this.store = store;
    this.registry = registry;
    this.settings = settings;
    this.clock = clock;
    this.views = new NamespaceViews(settings.blobSizeLimitError());
  }

  public RegisterNamespaceResponse register(RegisterNamespaceRequest request) {
    NamespaceRules.name(request.getNamespace(), settings.maxIdLength());
    if (request.getIsGlobalNamespace()) {
      throw Errors.invalidArgument("Cannot register global namespace when not enabled");
    }
    Duration retention = NamespaceRules.retention(request.getWorkflowExecutionRetentionPeriod());
    NamespaceRules.replication(request.getActiveClusterName(), request.getClustersList());
    if (store.getByName(request.getNamespace()).isPresent()) {
      throw Errors.namespaceAlreadyExists(request.getNamespace());
    }
    NamespaceRecord record =
        NamespaceRecords.newRecord(
            request.getNamespace(),
            request.getDescription(),
            request.getOwnerEmail(),
            request.getDataMap(),
            retention,
            clock.instant());
    try {
      store.create(NamespaceRecords.toStored(record, 1));
    } catch (AlreadyExistsException e) {
      throw Errors.namespaceAlreadyExists(request.getNamespace());
    }
    return RegisterNamespaceResponse.getDefaultInstance();
  }

  public DescribeNamespaceResponse describe(DescribeNamespaceRequest request) {
    String name = request.getNamespace();
    String id = request.getId();
    if (!name.isEmpty() && !id.isEmpty()) {
      throw Errors.invalidArgument(
          "GetNamespace operation failed.  Both ID and Name specified in request.");
    }
    if (name.isEmpty() && id.isEmpty()) {
      throw Errors.invalidArgument("GetNamespace operation failed.  Both ID and Name are empty.");
    }
    Optional<StoredNamespace> stored = name.isEmpty() ? store.getById(id) : store.getByName(name);
    StoredNamespace found =
        stored.orElseThrow(() -> Errors.namespaceNotFound(name.isEmpty() ? id : name));
    return views.describe(NamespaceRecords.parse(found));
  }

  public ListNamespacesResponse list(ListNamespacesRequest request) {
    if (request.getPageSize() < 0) {
      throw Errors.invalidArgument(
          "PageSize must not be negative, got " + request.getPageSize() + ".");
    }
    int pageSize = request.getPageSize() == 0 ? DEFAULT_PAGE_SIZE : request.getPageSize();
    // The token is the name of the last namespace of the previous page; the store lists by name.
    String after = request.getNextPageToken().toString(StandardCharsets.UTF_8);
    boolean includeDeleted = request.getNamespaceFilter().getIncludeDeleted();
    List<StoredNamespace> all = store.list();
    ListNamespacesResponse.Builder response = ListNamespacesResponse.newBuilder();
    String last = null;
    boolean more = false;
    for (StoredNamespace stored : all) {
      if (!after.isEmpty() && stored.name().compareTo(after) <= 0) {
        continue;
      }
      NamespaceRecord record = NamespaceRecords.parse(stored);
      if (!includeDeleted && !NamespaceRecords.isUsable(record)) {
        continue;
      }
      if (response.getNamespacesCount() == pageSize) {
        more = true;
        break;
      }
      response.addNamespaces(views.describe(record));
      last = stored.name();
    }
    if (more) {
      response.setNextPageToken(ByteString.copyFromUtf8(last));
    }
    return response.build();
  }

  public UpdateNamespaceResponse update(UpdateNamespaceRequest request) {
    NamespaceRules.name(request.getNamespace(), settings.maxIdLength());
    if (request.getPromoteNamespace()) {
      throw Errors.invalidArgument(
          "global namespace is not enabled on this cluster, cannot update global "
              + "namespace or promote local namespace: "
              + request.getNamespace());
    }
    if (request.hasReplicationConfig()) {
      NamespaceRules.replication(
          request.getReplicationConfig().getActiveClusterName(),
          request.getReplicationConfig().getClustersList());
    }
    if (request.getConfig().getCustomSearchAttributeAliasesCount() > 0) {
      throw Errors.invalidArgument(
          "Config.CustomSearchAttributeAliases: Aevum does not rename search attributes;"
              + " register them under their own names with OperatorService.AddSearchAttributes.");
    }
    NamespaceRecord updated =
        modify(request.getNamespace(), current -> apply(current, request, clock.instant()));
    return UpdateNamespaceResponse.newBuilder()
        .setNamespaceInfo(views.info(updated))
        .setConfig(views.config(updated))
        .setReplicationConfig(views.replication(updated))
        .setFailoverVersion(updated.getFailoverVersion())
        .setIsGlobalNamespace(updated.getIsGlobal())
        .build();
  }

  /**
   * Applies {@code change} to the stored record of {@code namespace} and stores the result unless
   * it is unchanged, retrying when another writer got in between. Returns the record as stored.
   */
  public NamespaceRecord modify(String namespace, UnaryOperator<NamespaceRecord> change) {
    for (int attempt = 1; ; attempt++) {
      StoredNamespace stored =
          store.getByName(namespace).orElseThrow(() -> Errors.namespaceNotFound(namespace));
      NamespaceRecord current = NamespaceRecords.parse(stored);
      NamespaceRecord updated = change.apply(current);
      if (updated.equals(current)) {
        return current;
      }
      try {
        store.update(NamespaceRecords.toStored(updated, stored.notificationVersion() + 1));
      } catch (ConditionFailedException e) {
        if (attempt < UPDATE_ATTEMPTS) {
          continue;
        }
        throw Errors.unavailable("Namespace " + namespace + " was changed concurrently, retry.");
      }
      registry.invalidate(updated.getName());
      return updated;
    }
  }

  /**
   * The record after the update; like Temporal, empty strings mean "leave as is" and data is
   * merged.
   */
  private static NamespaceRecord apply(
      NamespaceRecord current, UpdateNamespaceRequest request, Instant now) {
    NamespaceRecord.Builder next = current.toBuilder();
    if (request.hasUpdateInfo()) {
      UpdateNamespaceInfo info = request.getUpdateInfo();
      if (!info.getDescription().isEmpty()) {
        next.setDescription(info.getDescription());
      }
      if (!info.getOwnerEmail().isEmpty()) {
        next.setOwnerEmail(info.getOwnerEmail());
      }
      next.putAllData(info.getDataMap());
      NamespaceRules.stateChange(current.getState(), info.getState(), info.getStateValue());
      if (info.getStateValue() != 0) {
        next.setState(info.getStateValue());
      }
    }
    if (request.hasConfig()) {
      NamespaceConfig config = request.getConfig();
      if (config.hasWorkflowExecutionRetentionTtl()) {
        next.setRetentionMs(
            NamespaceRules.retention(config.getWorkflowExecutionRetentionTtl()).toMillis());
      }
      if (config.hasBadBinaries()) {
        BadBinaries.Builder merged = NamespaceViews.badBinaries(current).toBuilder();
        Timestamp created =
            Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
        for (var entry : config.getBadBinaries().getBinariesMap().entrySet()) {
          merged.putBinaries(
              entry.getKey(), entry.getValue().toBuilder().setCreateTime(created).build());
        }
        next.setBadBinaries(merged.build().toByteString());
      }
    }
    if (!request.getDeleteBadBinary().isEmpty()) {
      BadBinaries.Builder binaries = NamespaceViews.badBinaries(next.build()).toBuilder();
      if (!binaries.containsBinaries(request.getDeleteBadBinary())) {
        throw Errors.invalidArgument(
            "Bad binary checksum " + request.getDeleteBadBinary() + " doesn't exists.");
      }
      binaries.removeBinaries(request.getDeleteBadBinary());
      next.setBadBinaries(binaries.build().toByteString());
    }
    return next.build();
  }
}
