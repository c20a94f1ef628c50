package dev.aevum.benchmark;

import dev.aevum.server.app.Main;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Side by side: Temporal's in-memory test server, {@code aevum server start} on PostgreSQL and
 * {@code aevum server start-dev}, each in its own JVM, driven one after the other by the same load
 * generator ({@link Benchmark}, the official Java SDK as client and worker) in another JVM. For
 * each it prints throughput, latency percentiles, the server process's CPU per workflow (from
 * {@code /proc}), and for PostgreSQL its transactions ({@code pg_stat_database}) and the CPU of all
 * its processes per workflow, plus the ratios to the reference. Linux only ({@code /proc}).
 *
 * <pre>
 *   benchmark/compare --workflows 1500 --concurrency 50 [--warmup 300] [--servers reference,postgres,dev]
 *       [--pg-url jdbc:postgresql://127.0.0.1:5432/postgres] [--pg-user postgres] [--pg-password '']
 * </pre>
 */
public final class Compare {
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final String CLASS_PATH = System.getProperty("java.class.path");
  private static final List<String> JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g");

  /** What {@code ./aevum server start-dev} adds to the JVM's options (see the launcher). */
  static final List<String> DEV_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

  /** The servers compared. */
  enum Server {
    REFERENCE("Temporal test server (temporal-test-server 1.38, in memory)"),
    POSTGRES("aevum server start (PostgreSQL)"),
    DEV("aevum server start-dev (in-memory SQLite)");

    final String label;

    Server(String label) {
      this.label = label;
    }
  }

  record Options(
      int workflows,
      int concurrency,
      int warmup,
      Set<Server> servers,
      String pgUrl,
      String pgUser,
      String pgPassword) {
    static Options parse(String[] args) {
      int workflows = 1500;
      int concurrency = 50;
      int warmup = 300;
      Set<Server> servers = EnumSet.allOf(Server.class);
      String pgUrl = "jdbc:postgresql://127.0.0.1:5432/postgres";
      String pgUser = "postgres";
      String pgPassword = "";
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : "";
        switch (args[i]) {
          case "--workflows" -> {
            workflows = Integer.parseInt(value);
            i++;
          }
          case "--concurrency" -> {
            concurrency = Integer.parseInt(value);
            i++;
          }
          case "--warmup" -> {
            warmup = Integer.parseInt(value);
            i++;
          }
          case "--servers" -> {
            servers = EnumSet.noneOf(Server.class);
            for (String name : value.split(",")) {
              servers.add(Server.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            }
            i++;
          }
          case "--pg-url" -> {
            pgUrl = value;
            i++;
          }
          case "--pg-user" -> {
            pgUser = value;
            i++;
          }
          case "--pg-password" -> {
            pgPassword = value;
            i++;
          }
          default ->
              throw new IllegalArgumentException(
                  "unknown option "
                      + args[i]
                      + "; use --workflows N"
                      + " --concurrency N --warmup N --servers reference,postgres,dev --pg-url URL --pg-user U --pg-password P");
        }
      }
      return new Options(workflows, concurrency, warmup, servers, pgUrl, pgUser, pgPassword);
    }
  }

  /** What one server's measured run cost. */
  record Row(
      Server server,
      Benchmark.Result result,
      double serverCpuMs,
      OptionalDouble postgresCpuMs,
      OptionalDouble postgresTransactions) {
    double perWorkflow(double total) {
      return total / result.workflows();
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    List<Row> rows = new ArrayList<>();
    for (Server server : options.servers()) {
      System.err.println("compare: " + server.label + " ...");
      Row row = measure(server, options);
      System.err.println("compare:   " + row.result());
      rows.add(row);
    }
    System.out.println(table(options, rows));
    System.exit(0);
  }

  private static Row measure(Server server, Options options) throws Exception {
    int port = freePort();
    Optional<String> database = Optional.empty();
    List<String> command = new ArrayList<>(List.of(JAVA));
    command.addAll(JVM_OPTIONS);
    command.addAll(List.of("-cp", CLASS_PATH));
    Map<String, String> env = new LinkedHashMap<>();
    switch (server) {
      case REFERENCE ->
          command.addAll(List.of("io.temporal.testserver.TestServer", Integer.toString(port)));
      case DEV -> {
        command.addAll(command.indexOf("-cp"), DEV_JVM_OPTIONS);
        command.addAll(
            List.of(
                Main.class.getName(),
                "server",
                "start-dev",
                "--ip",
                "127.0.0.1",
                "--port",
                Integer.toString(port)));
      }
      case POSTGRES -> {
        database = Optional.of("aevum_bench_" + Long.toString(System.currentTimeMillis(), 36));
        createDatabase(options, database.get());
        env.put("AEVUM_DB_URL", jdbcUrlFor(options.pgUrl(), database.get()));
        env.put("AEVUM_DB_USER", options.pgUser());
        env.put("AEVUM_DB_PASSWORD", options.pgPassword());
        env.put("AEVUM_BOOTSTRAP_NAMESPACES", "default");
        env.put("AEVUM_LOG_LEVEL", "warn");
        migrate(env);
        command.addAll(
            List.of(
                Main.class.getName(),
                "server",
                "start",
                "--ip",
                "127.0.0.1",
                "--port",
                Integer.toString(port)));
      }
      default -> throw new IllegalStateException();
    }
    Path log =
        Files.createTempFile("aevum-compare-" + server.name().toLowerCase(Locale.ROOT), ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      awaitReady("127.0.0.1:" + port, process, log);
      return drive(server, options, "127.0.0.1:" + port, process.pid(), database);
    } finally {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      if (database.isPresent()) {
        dropDatabase(options, database.get());
      }
      Files.deleteIfExists(log);
    }
  }

  private static Row drive(
      Server server, Options options, String target, long serverPid, Optional<String> database)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(JAVA));
    command.addAll(JVM_OPTIONS);
    command.addAll(
        List.of(
            "-cp",
            CLASS_PATH,
            Benchmark.class.getName(),
            "--target",
            target,
            "--workflows",
            Integer.toString(options.workflows()),
            "--concurrency",
            Integer.toString(options.concurrency()),
            "--warmup",
            Integer.toString(options.warmup()),
            "--handshake"));
    Process load =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(load.getInputStream(), StandardCharsets.UTF_8));
        Writer in = new OutputStreamWriter(load.getOutputStream(), StandardCharsets.UTF_8)) {
      expect(out, "WARM");
      quietPause(); // let the database flush its statistics of the warm-up
      OptionalDouble transactionsBefore = transactions(options, database);
      double serverCpuBefore = cpuMillis(serverPid);
      OptionalDouble postgresCpuBefore =
          database.isPresent() ? OptionalDouble.of(postgresCpuMillis()) : OptionalDouble.empty();
      in.write("GO\n");
      in.flush();
      String line = expect(out, "RESULT");
      double serverCpu = cpuMillis(serverPid) - serverCpuBefore;
      OptionalDouble postgresCpu =
          database.isPresent()
              ? OptionalDouble.of(postgresCpuMillis() - postgresCpuBefore.getAsDouble())
              : OptionalDouble.empty();
      quietPause();
      OptionalDouble transactionsAfter = transactions(options, database);
      OptionalDouble transactions =
          transactionsAfter.isPresent()
              ? OptionalDouble.of(
                  transactionsAfter.getAsDouble() - transactionsBefore.getAsDouble())
              : OptionalDouble.empty();
      return new Row(server, Benchmark.Result.parse(line), serverCpu, postgresCpu, transactions);
    } finally {
      load.destroyForcibly();
    }
  }

  private static String expect(BufferedReader out, String prefix) throws IOException {
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    throw new IOException("the load generator exited before printing " + prefix);
  }

  /** PostgreSQL reports a backend's statistics up to a second after its transactions. */
  private static void quietPause() throws InterruptedException {
    Thread.sleep(1500);
  }

  static String table(Options options, List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%d workflows (one activity each) at concurrency %d after %d warm-up,"
                + " official Java SDK 1.38 as client and worker in its own JVM, each server in its own JVM (%s;"
                + " start-dev also %s, as its launcher runs it)%n%n",
            options.workflows(),
            options.concurrency(),
            options.warmup(),
            String.join(" ", JVM_OPTIONS),
            String.join(" ", DEV_JVM_OPTIONS)));
    out.append(
        "| server | workflows/s | p50 / p95 / p99 ms | server CPU ms/wf | PostgreSQL CPU ms/wf"
            + " | PostgreSQL transactions/wf | failed |\n");
    out.append("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (Row row : rows) {
      Benchmark.Result r = row.result();
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.1f / %.1f / %.1f | %.2f | %s | %s | %d |%n",
              row.server().label,
              r.perSecond(),
              r.p50Ms(),
              r.p95Ms(),
              r.p99Ms(),
              row.perWorkflow(row.serverCpuMs()),
              format(row.postgresCpuMs(), row),
              format(row.postgresTransactions(), row),
              r.failed()));
    }
    Optional<Row> reference = rows.stream().filter(r -> r.server() == Server.REFERENCE).findFirst();
    if (reference.isPresent()) {
      Row ref = reference.get();
      double refCpu = ref.perWorkflow(ref.serverCpuMs());
      out.append("\n");
      for (Row row : rows) {
        if (row == ref) {
          continue;
        }
        double cpu = row.perWorkflow(row.serverCpuMs() + row.postgresCpuMs().orElse(0));
        out.append(
            String.format(
                Locale.ROOT,
                "%s vs reference: throughput %.2fx, CPU per workflow (server%s) %.2fx%n",
                row.server().label,
                row.result().perSecond() / ref.result().perSecond(),
                row.postgresCpuMs().isPresent() ? " + PostgreSQL" : "",
                cpu / refCpu));
      }
    }
    return out.toString();
  }

  private static String format(OptionalDouble total, Row row) {
    return total.isPresent()
        ? String.format(Locale.ROOT, "%.2f", row.perWorkflow(total.getAsDouble()))
        : "—";
  }

  // ---- processes and counters -------------------------------------------------------------

  private static void awaitReady(String target, Process process, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    try {
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "the server exited with " + process.exitValue() + ": " + Files.readString(log));
        }
        try {
          WorkflowServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(1, TimeUnit.SECONDS)
              .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
          return;
        } catch (StatusRuntimeException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "the server at " + target + " did not answer in 90 s", e);
          }
          Thread.sleep(200);
        }
      }
    } finally {
      channel.shutdownNow();
    }
  }

  private static void migrate(Map<String, String> env) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(JAVA, "-cp", CLASS_PATH, Main.class.getName(), "migrate")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(env);
    int exit = builder.start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException("aevum migrate failed with " + exit);
    }
  }

  /** The CPU time (user + system) a process has used, from {@code /proc/PID/stat}. */
  static double cpuMillis(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
    return ticks * 1000.0 / CLOCK_TICKS;
  }

  /** The kernel reports CPU time in clock ticks; USER_HZ is 100 on every mainstream Linux. */
  private static final double CLOCK_TICKS = 100;

  /** CPU time of every PostgreSQL process on this machine: backends and background workers. */
  private static double postgresCpuMillis() throws IOException {
    double total = 0;
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path dir :
          processes
              .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
              .toList()) {
        try {
          String stat = Files.readString(dir.resolve("stat"));
          if (stat.contains("(postgres)")) {
            total += cpuMillis(Long.parseLong(dir.getFileName().toString()));
          }
        } catch (IOException | RuntimeException gone) {
          // the process ended meanwhile
        }
      }
    }
    return total;
  }

  private static OptionalDouble transactions(Options options, Optional<String> database)
      throws SQLException {
    if (database.isEmpty()) {
      return OptionalDouble.empty();
    }
    try (Connection c =
            DriverManager.getConnection(options.pgUrl(), options.pgUser(), options.pgPassword());
        PreparedStatement s =
            c.prepareStatement(
                "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = ?")) {
      s.setString(1, database.get());
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? OptionalDouble.of(r.getLong(1)) : OptionalDouble.empty();
      }
    }
  }

  private static void createDatabase(Options options, String name) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(options.pgUrl(), options.pgUser(), options.pgPassword());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
  }

  private static void dropDatabase(Options options, String name) {
    try (Connection c =
            DriverManager.getConnection(options.pgUrl(), options.pgUser(), options.pgPassword());
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      System.err.println("compare: could not drop " + name + ": " + e.getMessage());
    }
  }

  static String jdbcUrlFor(String adminUrl, String database) {
    int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
    String base = slash < 0 ? adminUrl + "/" : adminUrl.substring(0, slash + 1);
    int query = adminUrl.indexOf('?');
    return base + database + (query < 0 ? "" : adminUrl.substring(query));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private Compare() {}
}
