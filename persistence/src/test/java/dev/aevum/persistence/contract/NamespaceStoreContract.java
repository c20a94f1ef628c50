package dev.aevum.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.persistence.AlreadyExistsException;
import dev.aevum.persistence.ConditionFailedException;
import dev.aevum.persistence.NamespaceStore;
import dev.aevum.persistence.StoredNamespace;
import org.junit.jupiter.api.Test;

abstract class NamespaceStoreContract extends StoreContract {

  private NamespaceStore namespaces() {
    return persistence.namespaces();
  }

  @Test
  void createdNamespaceIsFoundByIdAndName() {
    namespaces().create(new StoredNamespace("id-1", "default", bytes("v1"), 1));
    StoredNamespace byId = namespaces().getById("id-1").orElseThrow();
    assertThat(byId.name()).isEqualTo("default");
    assertThat(text(byId.data())).isEqualTo("v1");
    assertThat(byId.notificationVersion()).isEqualTo(1);
    assertThat(namespaces().getByName("default").orElseThrow().id()).isEqualTo("id-1");
    assertThat(namespaces().getById("nope")).isEmpty();
    assertThat(namespaces().getByName("nope")).isEmpty();
  }

  @Test
  void duplicateIdOrNameIsRejected() {
    namespaces().create(new StoredNamespace("id-1", "a", bytes("x"), 1));
    assertThatThrownBy(() -> namespaces().create(new StoredNamespace("id-1", "b", bytes("y"), 1)))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining("id-1");
    assertThatThrownBy(() -> namespaces().create(new StoredNamespace("id-2", "a", bytes("y"), 1)))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining("a");
    assertThat(namespaces().list()).extracting(StoredNamespace::id).containsExactly("id-1");
  }

  @Test
  void listIsOrderedByName() {
    namespaces().create(new StoredNamespace("1", "zeta", bytes(""), 1));
    namespaces().create(new StoredNamespace("2", "alpha", bytes(""), 1));
    namespaces().create(new StoredNamespace("3", "mid", bytes(""), 1));
    assertThat(namespaces().list())
        .extracting(StoredNamespace::name)
        .containsExactly("alpha", "mid", "zeta");
  }

  @Test
  void updateNeedsTheNextVersion() {
    namespaces().create(new StoredNamespace("id", "ns", bytes("v1"), 1));
    namespaces().update(new StoredNamespace("id", "ns", bytes("v2"), 2));
    assertThatThrownBy(
            () -> namespaces().update(new StoredNamespace("id", "ns", bytes("stale"), 2)))
        .isInstanceOf(ConditionFailedException.class);
    assertThatThrownBy(
            () -> namespaces().update(new StoredNamespace("missing", "m", bytes("x"), 2)))
        .isInstanceOf(ConditionFailedException.class);
    StoredNamespace stored = namespaces().getById("id").orElseThrow();
    assertThat(text(stored.data())).isEqualTo("v2");
    assertThat(stored.notificationVersion()).isEqualTo(2);
  }

  @Test
  void argumentsAreValidated() {
    assertThatThrownBy(() -> namespaces().create(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namespace");
    assertThatThrownBy(() -> namespaces().create(new StoredNamespace("", "n", bytes(""), 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namespace.id");
    assertThatThrownBy(() -> namespaces().getByName(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
  }
}
