package dev.aevum.server.frontend;

import dev.aevum.persistence.AlreadyExistsException;
import dev.aevum.persistence.NamespaceStore;
import dev.aevum.persistence.Persistence;
import dev.aevum.proto.persistence.NamespaceRecord;
import dev.aevum.server.common.Errors;
import dev.aevum.server.frontend.internal.namespaces.NamespaceRecords;
import dev.aevum.server.frontend.internal.namespaces.NamespaceRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The namespace registry: resolves namespace names and ids for every call. Entries are cached and
 * trusted for a short interval, then read again, so a namespace registered or updated through
 * another frontend is seen within that interval. Misses read through to the store. Thread-safe.
 */
public final class Namespaces {
  private final NamespaceStore store;
  private final Duration refreshInterval;
  private final Clock clock;
  private final Map<String, Cached> byName = new ConcurrentHashMap<>();
  private final Map<String, Cached> byId = new ConcurrentHashMap<>();

  private record Cached(NamespaceRecord record, Instant loadedAt) {}

  private Namespaces(NamespaceStore store, Duration refreshInterval, Clock clock) {
    this.store = store;
    this.refreshInterval = refreshInterval;
    this.clock = clock;
  }

  public static Namespaces create(Persistence persistence, Duration refreshInterval, Clock clock) {
    Objects.requireNonNull(persistence, "persistence");
    Objects.requireNonNull(refreshInterval, "refreshInterval");
    Objects.requireNonNull(clock, "clock");
    return new Namespaces(persistence.namespaces(), refreshInterval, clock);
  }

  /**
   * Creates the namespace when it does not exist (for the dev server's {@code default} and {@code
   * --namespace} values). Idempotent, also when several processes race.
   *
   * @return the namespace id
   * @throws dev.aevum.server.common.ServiceException INVALID_ARGUMENT for a bad name or a retention
   *     below 1 hour
   */
  public static String ensureExists(
      Persistence persistence, String name, Duration retention, Clock clock) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(retention, "retention");
    NamespaceRules.name(name, FrontendSettings.defaults().maxIdLength());
    NamespaceRules.retention(retention);
    NamespaceStore store = persistence.namespaces();
    var existing = store.getByName(name);
    if (existing.isPresent()) {
      return existing.get().id();
    }
    NamespaceRecord record =
        NamespaceRecords.newRecord(name, "", "", Map.of(), retention, clock.instant());
    try {
      store.create(NamespaceRecords.toStored(record, 1));
      return record.getId();
    } catch (AlreadyExistsException e) {
      // Another process created it between our read and our write.
      return store.getByName(name).orElseThrow(() -> e).id();
    }
  }

  /**
   * The usable namespace with this name. @throws ServiceException NOT_FOUND with
   * NamespaceNotFoundFailure
   */
  public NamespaceRecord byName(String name) {
    Cached cached = byName.get(name);
    if (cached != null && fresh(cached)) {
      return usable(cached.record(), name);
    }
    Optional<NamespaceRecord> loaded = store.getByName(name).map(NamespaceRecords::parse);
    if (loaded.isEmpty()) {
      forget(cached);
      throw Errors.namespaceNotFound(name);
    }
    remember(loaded.get());
    return usable(loaded.get(), name);
  }

  /**
   * The usable namespace with this id. @throws ServiceException NOT_FOUND with
   * NamespaceNotFoundFailure
   */
  public NamespaceRecord byId(String id) {
    Cached cached = byId.get(id);
    if (cached != null && fresh(cached)) {
      return usable(cached.record(), id);
    }
    Optional<NamespaceRecord> loaded = store.getById(id).map(NamespaceRecords::parse);
    if (loaded.isEmpty()) {
      forget(cached);
      throw Errors.namespaceNotFound(id);
    }
    remember(loaded.get());
    return usable(loaded.get(), id);
  }

  /** The id of the usable namespace with this name. */
  public String idOf(String name) {
    return byName(name).getId();
  }

  /** Drops what is cached about this namespace, e.g. after this process changed it. */
  public void invalidate(String name) {
    forget(byName.get(name));
  }

  private boolean fresh(Cached cached) {
    return clock.instant().isBefore(cached.loadedAt().plus(refreshInterval));
  }

  private void remember(NamespaceRecord record) {
    Cached cached = new Cached(record, clock.instant());
    byName.put(record.getName(), cached);
    byId.put(record.getId(), cached);
  }

  private void forget(Cached cached) {
    if (cached != null) {
      byName.remove(cached.record().getName(), cached);
      byId.remove(cached.record().getId(), cached);
    }
  }

  private static NamespaceRecord usable(NamespaceRecord record, String asked) {
    if (!NamespaceRecords.isUsable(record)) {
      throw Errors.namespaceNotFound(asked);
    }
    return record;
  }
}
