package dev.aevum.persistence.sql.internal;

import dev.aevum.persistence.AlreadyExistsException;
import dev.aevum.persistence.ConditionFailedException;
import dev.aevum.persistence.NamespaceStore;
import dev.aevum.persistence.StoredNamespace;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class SqlNamespaceStore implements NamespaceStore {
  private static final String COLUMNS =
      "SELECT id, name, data, notification_version FROM namespaces";

  private final Db db;

  SqlNamespaceStore(Db db) {
    this.db = db;
  }

  @Override
  public void create(StoredNamespace namespace) {
    validate(namespace);
    db.write(
        "namespace_create",
        "create namespace " + namespace.name(),
        c -> {
          // Checked first so the message says which key clashes; the unique keys still decide
          // races.
          try (PreparedStatement s =
              c.prepareStatement("SELECT id, name FROM namespaces WHERE id = ? OR name = ?")) {
            s.setString(1, namespace.id());
            s.setString(2, namespace.name());
            try (ResultSet r = s.executeQuery()) {
              if (r.next()) {
                throw new AlreadyExistsException(
                    r.getString(1).equals(namespace.id())
                        ? "namespace id " + namespace.id() + " already exists"
                        : "namespace name " + namespace.name() + " already exists");
              }
            }
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO namespaces (id, name, data, notification_version) VALUES (?, ?, ?, ?)")) {
            s.setString(1, namespace.id());
            s.setString(2, namespace.name());
            s.setBytes(3, namespace.data());
            s.setLong(4, namespace.notificationVersion());
            s.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<StoredNamespace> getById(String id) {
    Args.text(id, "id");
    return db.read(
        "namespace_read",
        "read namespace id " + id,
        c -> {
          try (PreparedStatement s = c.prepareStatement(COLUMNS + " WHERE id = ?")) {
            s.setString(1, id);
            return readAll(s).stream().findFirst();
          }
        });
  }

  @Override
  public Optional<StoredNamespace> getByName(String name) {
    Args.text(name, "name");
    return db.read(
        "namespace_read",
        "read namespace " + name,
        c -> {
          try (PreparedStatement s = c.prepareStatement(COLUMNS + " WHERE name = ?")) {
            s.setString(1, name);
            return readAll(s).stream().findFirst();
          }
        });
  }

  @Override
  public List<StoredNamespace> list() {
    return db.read(
        "namespace_list",
        "list namespaces",
        c -> {
          try (PreparedStatement s = c.prepareStatement(COLUMNS + " ORDER BY name")) {
            return readAll(s);
          }
        });
  }

  @Override
  public void update(StoredNamespace namespace) {
    validate(namespace);
    long expected = namespace.notificationVersion() - 1;
    db.write(
        "namespace_update",
        "update namespace " + namespace.name(),
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE namespaces SET name = ?, data = ?, notification_version = ?"
                      + " WHERE id = ? AND notification_version = ?")) {
            s.setString(1, namespace.name());
            s.setBytes(2, namespace.data());
            s.setLong(3, namespace.notificationVersion());
            s.setString(4, namespace.id());
            s.setLong(5, expected);
            if (s.executeUpdate() != 1) {
              throw new ConditionFailedException(
                  "namespace "
                      + namespace.id()
                      + " is missing or not at notification version "
                      + expected);
            }
          }
          return null;
        });
  }

  private static void validate(StoredNamespace namespace) {
    Args.notNull(namespace, "namespace");
    Args.text(namespace.id(), "namespace.id");
    Args.text(namespace.name(), "namespace.name");
    Args.positive(namespace.notificationVersion(), "namespace.notificationVersion");
  }

  private static List<StoredNamespace> readAll(PreparedStatement s) throws SQLException {
    List<StoredNamespace> result = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        result.add(
            new StoredNamespace(r.getString(1), r.getString(2), r.getBytes(3), r.getLong(4)));
      }
    }
    return result;
  }
}
