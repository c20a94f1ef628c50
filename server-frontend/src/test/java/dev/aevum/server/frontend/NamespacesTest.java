package dev.aevum.server.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.persistence.Persistence;
import dev.aevum.persistence.StoredNamespace;
import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.persistence.sql.SqlPersistence;
import dev.aevum.proto.persistence.NamespaceRecord;
import dev.aevum.server.common.ServiceException;
import io.grpc.Status;
import io.temporal.api.enums.v1.NamespaceState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The namespace registry: read-through, cached for the refresh interval, then read again. */
class NamespacesTest {
  private Persistence persistence;
  private MutableClock clock;
  private Namespaces namespaces;

  static final class MutableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @BeforeEach
  void open() {
    persistence = SqlPersistence.open(DatabaseConfig.sqliteInMemory());
    persistence.migrate();
    clock = new MutableClock();
    namespaces = Namespaces.create(persistence, Duration.ofSeconds(2), clock);
  }

  @AfterEach
  void close() {
    persistence.close();
  }

  /** Changes the stored namespace behind the registry's back, as another frontend would. */
  private void describeAs(String name, String description) throws Exception {
    StoredNamespace stored = persistence.namespaces().getByName(name).orElseThrow();
    NamespaceRecord record =
        NamespaceRecord.parseFrom(stored.data()).toBuilder().setDescription(description).build();
    persistence
        .namespaces()
        .update(
            new StoredNamespace(
                stored.id(), name, record.toByteArray(), stored.notificationVersion() + 1));
  }

  @Test
  void resolvesNamesAndIdsOfStoredNamespaces() {
    String id = Namespaces.ensureExists(persistence, "default", Duration.ofDays(1), clock);

    assertThat(namespaces.idOf("default")).isEqualTo(id);
    assertThat(namespaces.byId(id).getName()).isEqualTo("default");
  }

  @Test
  void cachedEntryIsTrustedForTheIntervalThenReadAgain() throws Exception {
    Namespaces.ensureExists(persistence, "cached", Duration.ofDays(1), clock);
    assertThat(namespaces.byName("cached").getDescription()).isEmpty();

    describeAs("cached", "changed elsewhere");
    clock.advance(Duration.ofMillis(1999));
    assertThat(namespaces.byName("cached").getDescription()).isEmpty();

    clock.advance(Duration.ofMillis(1));
    assertThat(namespaces.byName("cached").getDescription()).isEqualTo("changed elsewhere");
  }

  @Test
  void invalidateForcesARead() throws Exception {
    Namespaces.ensureExists(persistence, "mine", Duration.ofDays(1), clock);
    namespaces.byName("mine");
    describeAs("mine", "updated here");

    namespaces.invalidate("mine");

    assertThat(namespaces.byName("mine").getDescription()).isEqualTo("updated here");
  }

  @Test
  void unknownAndDeletedNamespacesAreNotFound() throws Exception {
    assertThatThrownBy(() -> namespaces.idOf("unknown"))
        .isInstanceOfSatisfying(
            ServiceException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND))
        .hasMessage("Namespace unknown is not found.");

    Namespaces.ensureExists(persistence, "old", Duration.ofDays(1), clock);
    StoredNamespace stored = persistence.namespaces().getByName("old").orElseThrow();
    NamespaceRecord deleted =
        NamespaceRecord.parseFrom(stored.data()).toBuilder()
            .setState(NamespaceState.NAMESPACE_STATE_DELETED_VALUE)
            .build();
    persistence
        .namespaces()
        .update(new StoredNamespace(stored.id(), "old", deleted.toByteArray(), 2));

    assertThatThrownBy(() -> namespaces.idOf("old")).isInstanceOf(ServiceException.class);
  }

  @Test
  void ensureExistsRejectsBadValues() {
    assertThatThrownBy(() -> Namespaces.ensureExists(persistence, "", Duration.ofDays(1), clock))
        .hasMessage("Namespace is not set on request.");
    assertThatThrownBy(
            () -> Namespaces.ensureExists(persistence, "short", Duration.ofMinutes(5), clock))
        .hasMessageContaining("WorkflowExecutionRetentionPeriod must be at least 1h");
  }
}
