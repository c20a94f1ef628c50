package dev.aevum.persistence.sql.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.aevum.persistence.ClusterMetadataStore;
import dev.aevum.persistence.ExecutionStore;
import dev.aevum.persistence.NamespaceStore;
import dev.aevum.persistence.Persistence;
import dev.aevum.persistence.PersistenceException;
import dev.aevum.persistence.ShardStore;
import dev.aevum.persistence.TaskQueueStore;
import dev.aevum.persistence.VisibilityStore;
import dev.aevum.persistence.sql.DatabaseConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

/** The SQL-backed {@link Persistence}: one Hikari pool shared by all stores. */
public final class SqlStores implements Persistence {
  private final HikariDataSource pool;
  private final Connection keepAlive; // holds an in-memory SQLite database open; null otherwise
  private final Db db;
  private final SqlDialect dialect;
  private final DatabaseConfig config;
  private HikariDataSource probe; // PostgreSQL only, made on first use
  private final Schema schema;
  private final ClusterMetadataStore clusterMetadata;
  private final ShardStore shards;
  private final ExecutionStore executions;
  private final NamespaceStore namespaces;
  private final TaskQueueStore taskQueues;
  private final VisibilityStore visibility;

  private SqlStores(
      DatabaseConfig config,
      HikariDataSource pool,
      Connection keepAlive,
      SqlDialect dialect,
      MeterRegistry registry) {
    this.pool = pool;
    this.keepAlive = keepAlive;
    this.db = new Db(pool, dialect, dialect == SqlDialect.SQLITE, new DbMeters(registry));
    this.dialect = dialect;
    this.config = config;
    this.schema = new Schema(() -> new HikariDataSource(migrationPool(config, dialect)), dialect);
    this.clusterMetadata = new SqlClusterMetadataStore(db);
    this.shards = new SqlShardStore(db);
    this.executions = new SqlExecutionStore(db);
    this.namespaces = new SqlNamespaceStore(db);
    this.taskQueues = new SqlTaskQueueStore(db);
    this.visibility = new SqlVisibilityStore(db);
  }

  public static Persistence open(DatabaseConfig config, MeterRegistry registry) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(registry, "registry");
    SqlDialect dialect = SqlDialect.of(config.dialect());
    if (dialect == SqlDialect.SQLITE) {
      rejectPrivateMemory(config);
    }
    Connection keepAlive = null;
    try {
      if (dialect == SqlDialect.SQLITE && !isInMemory(config)) {
        createParentDirectory(config);
      }
      if (dialect == SqlDialect.SQLITE && isInMemory(config)) {
        // A shared-cache in-memory database disappears with its last connection; this one
        // outlives any connection the pool may recycle.
        keepAlive = DriverManager.getConnection(config.jdbcUrl());
      }
      HikariConfig hikari = dialect == SqlDialect.SQLITE ? sqlite(config) : postgres(config);
      return new SqlStores(config, new HikariDataSource(hikari), keepAlive, dialect, registry);
    } catch (SQLException | IOException | RuntimeException e) {
      closeQuietly(keepAlive);
      throw new PersistenceException("cannot open " + config + ": " + e.getMessage(), e);
    }
  }

  /** SQLite creates a missing file but not its directory; a fresh dev setup should just work. */
  private static void createParentDirectory(DatabaseConfig config) throws IOException {
    String prefix = "jdbc:sqlite:";
    String path =
        config.jdbcUrl().startsWith(prefix) ? config.jdbcUrl().substring(prefix.length()) : "";
    if (path.isEmpty() || path.startsWith("file:") || path.contains("?")) {
      return; // a URI: leave it to SQLite
    }
    Path parent = Path.of(path).toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }

  private static boolean isInMemory(DatabaseConfig config) {
    String url = config.jdbcUrl();
    return url.contains("mode=memory");
  }

  private static void rejectPrivateMemory(DatabaseConfig config) {
    String url = config.jdbcUrl();
    if (url.equals("jdbc:sqlite:")
        || url.contains(":memory:")
        || (url.contains("mode=memory") && !url.contains("cache=shared"))) {
      // Each connection would see its own empty database (the migrations' one included).
      throw new IllegalArgumentException(
          "jdbcUrl "
              + url
              + " is a private in-memory SQLite database;"
              + " use DatabaseConfig.sqliteInMemory() for a shared one");
    }
  }

  /** The short-lived pool Flyway runs on: same settings as the stores' pool, a few connections. */
  private static HikariConfig migrationPool(DatabaseConfig config, SqlDialect dialect) {
    HikariConfig hikari = dialect == SqlDialect.SQLITE ? sqlite(config) : postgres(config);
    hikari.setPoolName(hikari.getPoolName() + "-migration");
    hikari.setMaximumPoolSize(3);
    hikari.setMinimumIdle(0);
    return hikari;
  }

  private static HikariConfig postgres(DatabaseConfig config) {
    HikariConfig hikari = common(config, "aevum-postgresql");
    hikari.setMaximumPoolSize(config.maxPoolSize());
    hikari.setMinimumIdle(Math.min(2, config.maxPoolSize()));
    return hikari;
  }

  private static HikariConfig sqlite(DatabaseConfig config) {
    HikariConfig hikari = common(config, "aevum-sqlite");
    // One connection, one writer: SQLite serialises writers anyway, and the Db lock keeps
    // callers from queueing inside the pool.
    hikari.setMaximumPoolSize(1);
    hikari.setMinimumIdle(1);
    hikari.setMaxLifetime(0); // never retire it
    hikari.addDataSourceProperty("busy_timeout", "10000");
    // Take the write lock at BEGIN so two processes on one file never deadlock upgrading locks.
    hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
    if (!isInMemory(config)) {
      // WAL with a sync on every commit: an acknowledged write survives a crash.
      hikari.addDataSourceProperty("journal_mode", "WAL");
      hikari.addDataSourceProperty("synchronous", "FULL");
    }
    return hikari;
  }

  private static HikariConfig common(DatabaseConfig config, String poolName) {
    HikariConfig hikari = new HikariConfig();
    hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
    hikari.setPoolName(poolName);
    hikari.setJdbcUrl(config.jdbcUrl());
    if (!config.user().isEmpty()) {
      hikari.setUsername(config.user());
    }
    if (!config.password().isEmpty()) {
      hikari.setPassword(config.password());
    }
    hikari.setAutoCommit(true);
    return hikari;
  }

  @Override
  public String migrate() {
    return db.exclusive(schema::migrate);
  }

  @Override
  public void validateSchema() {
    db.exclusive(
        () -> {
          schema.validate();
          return null;
        });
  }

  @Override
  public boolean writesInParallel() {
    return dialect != SqlDialect.SQLITE;
  }

  @Override
  public boolean isReachable(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
    if (dialect == SqlDialect.SQLITE) {
      try {
        return db.read("probe", "probe", c -> c.isValid(seconds));
      } catch (RuntimeException e) {
        return false;
      }
    }
    try (Connection c = probe(timeout).getConnection()) {
      return c.isValid(seconds);
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  /** One connection of its own, so that a probe never queues behind the stores' callers. */
  private synchronized HikariDataSource probe(Duration timeout) {
    if (probe == null) {
      HikariConfig hikari =
          common(
              config.withConnectionTimeout(
                  timeout.toMillis() < 250 ? Duration.ofMillis(250) : timeout),
              "aevum-postgresql-probe");
      hikari.setMaximumPoolSize(1);
      hikari.setMinimumIdle(0);
      hikari.setInitializationFailTimeout(-1); // the database may be down right now: connect later
      hikari.addDataSourceProperty(
          "connectTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
      hikari.addDataSourceProperty(
          "socketTimeout", Long.toString(Math.max(1, timeout.toSeconds()) + 1));
      probe = new HikariDataSource(hikari);
    }
    return probe;
  }

  @Override
  public ClusterMetadataStore clusterMetadata() {
    return clusterMetadata;
  }

  @Override
  public ShardStore shards() {
    return shards;
  }

  @Override
  public ExecutionStore executions() {
    return executions;
  }

  @Override
  public NamespaceStore namespaces() {
    return namespaces;
  }

  @Override
  public TaskQueueStore taskQueues() {
    return taskQueues;
  }

  @Override
  public VisibilityStore visibility() {
    return visibility;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (probe != null) {
        probe.close();
      }
    }
    pool.close();
    closeQuietly(keepAlive);
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing at shutdown; nothing useful to do
      }
    }
  }
}
