package dev.aevum.persistence.sql.internal;

import dev.aevum.persistence.sql.DatabaseConfig;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** The few places where PostgreSQL and SQLite SQL differ. Everything else is portable SQL. */
enum SqlDialect {
  POSTGRESQL("postgresql", " FOR UPDATE", " FOR SHARE"),
  // SQLite has no row locks; its single connection is used by one caller at a time instead.
  SQLITE("sqlite", "", "");

  private final String migrationFolder;
  private final String forUpdate;
  private final String forShare;

  SqlDialect(String migrationFolder, String forUpdate, String forShare) {
    this.migrationFolder = migrationFolder;
    this.forUpdate = forUpdate;
    this.forShare = forShare;
  }

  static SqlDialect of(DatabaseConfig.Dialect dialect) {
    return switch (dialect) {
      case POSTGRESQL -> POSTGRESQL;
      case SQLITE -> SQLITE;
    };
  }

  /** Suffix of a SELECT that locks the rows it reads against concurrent writers. */
  String forUpdate() {
    return forUpdate;
  }

  /** Suffix of a SELECT that keeps the rows it reads from changing until commit. */
  String forShare() {
    return forShare;
  }

  String migrationLocation() {
    return "classpath:db/migration/" + migrationFolder;
  }

  boolean isUniqueViolation(SQLException e) {
    if (this == POSTGRESQL) {
      return "23505".equals(e.getSQLState());
    }
    if (e instanceof SQLiteException sqlite) {
      SQLiteErrorCode code = sqlite.getResultCode();
      return code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
          || code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE;
    }
    return false;
  }
}
