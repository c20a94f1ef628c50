package dev.aevum.server.app.e2e;

import dev.aevum.persistence.sql.DatabaseConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL server of the test's own (initdb in a temporary directory, a free loopback port), so
 * that a test can stop and start it without disturbing the shared one other tests use. Needs the
 * PostgreSQL server binaries ({@code /usr/lib/postgresql/N/bin}); when running as root the server
 * runs as the {@code postgres} user, because PostgreSQL refuses to run as root. Without the
 * binaries the test is skipped, or fails when {@code AEVUM_REQUIRE_POSTGRES=1}.
 */
final class PrivatePostgres implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgresUser;

  private PrivatePostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  static PrivatePostgres create() throws IOException, InterruptedException {
    Optional<Path> bin = binaries();
    if (bin.isEmpty()) {
      String reason = "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin";
      if ("1".equals(System.getenv("AEVUM_REQUIRE_POSTGRES"))) {
        Assertions.fail(reason + "; AEVUM_REQUIRE_POSTGRES=1 forbids skipping");
      }
      Assumptions.abort(reason);
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("aevum-private-pg-");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    PrivatePostgres pg = new PrivatePostgres(bin.get(), dir, port, root);
    if (root) {
      pg.run(false, "chown", "postgres", dir.toString());
      pg.run(false, "chmod", "700", dir.toString());
    }
    pg.run(
        true,
        bin.get().resolve("initdb").toString(),
        "-D",
        pg.data().toString(),
        "-A",
        "trust",
        "-U",
        "postgres",
        "--no-sync");
    pg.start();
    return pg;
  }

  private static Optional<Path> binaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(
              b ->
                  Files.isExecutable(b.resolve("pg_ctl"))
                      && Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(Path::toString));
    }
  }

  private Path data() {
    return dir.resolve("data");
  }

  int port() {
    return port;
  }

  /**
   * A database config for the {@code postgres} database of this server, reached at {@code jdbcUrl}.
   */
  static DatabaseConfig config(String jdbcUrl) {
    return new DatabaseConfig(DatabaseConfig.Dialect.POSTGRESQL, jdbcUrl, "postgres", "", 5);
  }

  /** A JDBC URL for the {@code postgres} database. */
  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  void start() throws IOException, InterruptedException {
    run(
        true,
        bin.resolve("pg_ctl").toString(),
        "-D",
        data().toString(),
        "-w",
        "-t",
        "60",
        "-l",
        dir.resolve("server.log").toString(),
        "-o",
        "-p "
            + port
            + " -c listen_addresses=127.0.0.1 -k "
            + dir
            + " -c fsync=on -c synchronous_commit=on",
        "start");
  }

  /** Stops the server the way a crash would: no checkpoint, every connection cut at once. */
  void crash() throws IOException, InterruptedException {
    run(
        true,
        bin.resolve("pg_ctl").toString(),
        "-D",
        data().toString(),
        "-m",
        "immediate",
        "-w",
        "stop");
  }

  private void run(boolean asServerUser, String... command)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asServerUser && asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    Path log = Files.createTempFile("aevum-private-pg-cmd-", ".log");
    try {
      Process process =
          new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", full) + " did not finish in 90 s");
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            String.join(" ", full)
                + " failed with "
                + process.exitValue()
                + ": "
                + Files.readString(log));
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      crash();
    } catch (IOException e) {
      // already stopped
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
