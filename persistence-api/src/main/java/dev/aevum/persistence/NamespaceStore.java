package dev.aevum.persistence;

import java.util.List;
import java.util.Optional;

/** Namespaces, unique by id and by name. */
public interface NamespaceStore {

  /**
   * @throws AlreadyExistsException if the id or the name is taken
   */
  void create(StoredNamespace namespace);

  Optional<StoredNamespace> getById(String id);

  Optional<StoredNamespace> getByName(String name);

  /** All namespaces, ordered by name. */
  List<StoredNamespace> list();

  /**
   * Replaces a namespace's data; its notification version must be the stored one + 1.
   *
   * @throws ConditionFailedException if the stored version is not {@code notificationVersion - 1}
   */
  void update(StoredNamespace namespace);
}
