package dev.aevum.server.app.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code aevum} program in a child JVM, as the launcher runs it ({@code java ... Main args}),
 * with this test's class path, so tests see exit codes, stdout and stderr as an operator would.
 */
final class AevumProcess implements AutoCloseable {
  private final Process process;
  private final Path out;
  private final Path err;

  private AevumProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  static AevumProcess start(Path workDir, Map<String, String> env, String... args)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Surefire puts the full class path here; java.class.path may be a manifest-only jar.
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classPath,
                "dev.aevum.server.app.Main"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(workDir, "aevum", ".out");
    Path err = Files.createTempFile(workDir, "aevum", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("AEVUM_") && !k.startsWith("AEVUM_TEST_"));
    builder.environment().putAll(env);
    return new AevumProcess(builder.start(), out, err);
  }

  /** Waits for the process to exit. @return its exit code */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("aevum did not exit within " + timeout + "; stderr:\n" + err());
    }
    return process.exitValue();
  }

  /** Polls stdout until a line starts with {@code prefix}, and returns that line. */
  String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : out().split("\n")) {
        if (line.startsWith(prefix)) {
          return line;
        }
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            "aevum exited with "
                + process.exitValue()
                + " before printing '"
                + prefix
                + "'; stdout:\n"
                + out()
                + "\nstderr:\n"
                + err());
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "no line starting with '" + prefix + "' within " + timeout + "; stderr:\n" + err());
  }

  /** Asks the program to stop, as Ctrl-C or {@code docker stop} would (SIGTERM). */
  void terminate() {
    process.destroy();
  }

  String out() {
    return read(out);
  }

  String err() {
    return read(err);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
