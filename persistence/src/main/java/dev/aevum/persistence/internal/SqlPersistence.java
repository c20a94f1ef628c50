package dev.aevum.persistence.internal;

import dev.aevum.persistence.DatabaseConfig;
import dev.aevum.persistence.Persistence;

/** Placeholder until the SQL stores land. */
public final class SqlPersistence {
  private SqlPersistence() {}

  public static Persistence open(DatabaseConfig config) {
    throw new UnsupportedOperationException("SQL persistence is not written yet");
  }
}
