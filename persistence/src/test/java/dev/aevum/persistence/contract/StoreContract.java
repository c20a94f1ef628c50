package dev.aevum.persistence.contract;

import dev.aevum.persistence.Persistence;
import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.persistence.sql.SqlPersistence;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of the store contract suites: a fresh, migrated database per test. */
abstract class StoreContract {
  @TempDir Path tempDir;

  protected Persistence persistence;

  /** The meters {@link #persistence} reports to. */
  protected final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** The database the suite runs against; called once per test. */
  protected abstract DatabaseConfig database(Path tempDir);

  @BeforeEach
  void openStore() {
    persistence = SqlPersistence.open(database(tempDir), registry);
    persistence.migrate();
  }

  @AfterEach
  void closeStore() {
    if (persistence != null) {
      persistence.close();
    }
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
