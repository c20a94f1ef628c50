package dev.aevum.server.app.e2e;

import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.server.app.AevumServer;
import java.util.List;
import java.util.function.Supplier;

/**
 * An Aevum server for the SDK's own integration tests (see the sdk-on-aevum surefire execution):
 * SQLite in memory, a free port, namespace {@code default}.
 */
public final class AevumForSdkTests implements Supplier<String>, AutoCloseable {
  private final AevumServer server;

  public AevumForSdkTests() {
    server =
        AevumServer.builder()
            .database(DatabaseConfig.sqliteInMemory())
            .migrateOnStart(true)
            .port(0)
            .numHistoryShards(2)
            .namespaces(List.of(TestCluster.NAMESPACE))
            .build();
    server.start();
  }

  @Override
  public String get() {
    return server.target();
  }

  @Override
  public void close() {
    server.close();
  }
}
