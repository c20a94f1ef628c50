package dev.aevum.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.persistence.Persistence;
import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.persistence.sql.SqlPersistence;
import dev.aevum.persistence.testing.TestDatabases;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a process that is writing to an SQLite file and checks that every write it
 * acknowledged is still there after reopening.
 */
class SqliteKillDurabilityTest {
  private static final int ACKS_BEFORE_KILL = 200;

  @TempDir Path tempDir;

  @Test
  void acknowledgedWritesSurviveSigkill() throws Exception {
    DatabaseConfig config = TestDatabases.sqliteFile(tempDir);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process writer =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                Writer.class.getName(),
                tempDir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<String> acked = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acked.size() < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
        if (line.startsWith("acked ")) {
          acked.add(line.substring("acked ".length()));
        }
      }
      writer.destroyForcibly(); // SIGKILL: no shutdown hooks, no close()
      assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      writer.destroyForcibly();
    }
    assertThat(acked).hasSize(ACKS_BEFORE_KILL);

    try (Persistence reopened = SqlPersistence.open(config)) {
      reopened.validateSchema();
      for (String key : acked) {
        assertThat(reopened.clusterMetadata().get(key)).as(key).contains("value-" + key);
      }
    }
  }

  /** The process that gets killed: writes forever, printing each key once its write returned. */
  public static final class Writer {
    public static void main(String[] args) {
      Persistence persistence = SqlPersistence.open(TestDatabases.sqliteFile(Path.of(args[0])));
      persistence.migrate();
      for (long i = 0; ; i++) {
        String key = "key-" + i;
        persistence.clusterMetadata().putIfAbsent(key, "value-" + key);
        System.out.println("acked " + key);
        System.out.flush();
      }
    }
  }
}
