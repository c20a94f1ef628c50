package dev.aevum.server.history.internal.commands;

import io.temporal.api.enums.v1.IndexedValueType;
import java.util.Map;
import java.util.Optional;

/**
 * What command handling needs to know of namespaces: ids of targets, and search attribute
 * registries.
 */
public interface CommandNamespaces {
  /** The id of the namespace named {@code name}, if it exists. */
  Optional<String> idOf(String name);

  /**
   * The custom search attributes registered in the namespace (not the ones every namespace has).
   */
  Map<String, IndexedValueType> customSearchAttributes(String namespaceId);
}
