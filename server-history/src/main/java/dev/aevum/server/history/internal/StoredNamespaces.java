package dev.aevum.server.history.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aevum.persistence.NamespaceStore;
import dev.aevum.persistence.PersistenceException;
import dev.aevum.persistence.StoredNamespace;
import dev.aevum.proto.persistence.NamespaceRecord;
import dev.aevum.server.history.internal.commands.CommandNamespaces;
import io.temporal.api.enums.v1.IndexedValueType;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Namespaces as commands need them, read from the store each time: only commands that name another
 * namespace or write custom search attributes ask, and the store is then always current
 * (AddSearchAttributes takes effect for the next command).
 */
public final class StoredNamespaces implements CommandNamespaces {
  private final NamespaceStore store;

  public StoredNamespaces(NamespaceStore store) {
    this.store = store;
  }

  @Override
  public Optional<String> idOf(String name) {
    return store.getByName(name).map(StoredNamespace::id);
  }

  @Override
  public Map<String, IndexedValueType> customSearchAttributes(String namespaceId) {
    Map<String, IndexedValueType> types = new TreeMap<>();
    store
        .getById(namespaceId)
        .ifPresent(
            stored -> {
              try {
                NamespaceRecord.parseFrom(stored.data())
                    .getCustomSearchAttributesMap()
                    .forEach(
                        (name, number) -> {
                          IndexedValueType type = IndexedValueType.forNumber(number);
                          if (type != null) {
                            types.put(name, type);
                          }
                        });
              } catch (InvalidProtocolBufferException e) {
                throw new PersistenceException(
                    "namespace " + stored.name() + " holds an unreadable record", e);
              }
            });
    return types;
  }
}
