package dev.aevum.benchmark;

import com.google.protobuf.Timestamp;
import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.server.app.AevumServer;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs many small workflows (one activity each) through the official Temporal Java SDK and reports
 * throughput and end-to-end latency. Against an in-process Aevum server by default, or any server
 * that speaks Temporal's API with {@code --target host:port}.
 *
 * <pre>
 *   java -cp ... dev.aevum.benchmark.Benchmark --workflows 2000 --concurrency 50 [--store sqlite|memory|JDBC_URL] [--target host:port]
 * </pre>
 */
public final class Benchmark {

  @ActivityInterface
  public interface Step {
    String step(String input);
  }

  public static final class StepImpl implements Step {
    @Override
    public String step(String input) {
      return input + "!";
    }
  }

  @WorkflowInterface
  public interface Flow {
    @WorkflowMethod
    String run(String input);
  }

  public static final class FlowImpl implements Flow {
    private final Step step =
        Workflow.newActivityStub(
            Step.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

    @Override
    public String run(String input) {
      return step.step(input);
    }
  }

  /** What a run measured. Latencies are end to end, start to result, in milliseconds. */
  public record Result(
      int workflows, int failed, Duration elapsed, double p50Ms, double p95Ms, double p99Ms) {
    public double perSecond() {
      return workflows / Math.max(0.001, elapsed.toNanos() / 1e9);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d workflows (%d failed) in %d ms: %.1f workflows/s, latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms",
          workflows,
          failed,
          elapsed.toMillis(),
          perSecond(),
          p50Ms,
          p95Ms,
          p99Ms);
    }

    /**
     * One line that {@link #parse} reads back (the compare driver reads it from the load process).
     */
    String toLine() {
      return String.format(
          Locale.ROOT,
          "RESULT %d %d %d %.3f %.3f %.3f",
          workflows,
          failed,
          elapsed.toNanos(),
          p50Ms,
          p95Ms,
          p99Ms);
    }

    static Result parse(String line) {
      String[] f = line.trim().split(" ");
      if (f.length != 7 || !f[0].equals("RESULT")) {
        throw new IllegalArgumentException("not a result line: " + line);
      }
      return new Result(
          Integer.parseInt(f[1]),
          Integer.parseInt(f[2]),
          Duration.ofNanos(Long.parseLong(f[3])),
          Double.parseDouble(f[4]),
          Double.parseDouble(f[5]),
          Double.parseDouble(f[6]));
    }
  }

  /**
   * Options of one run.
   *
   * @param warmup workflows run (and not measured) before the measured ones
   * @param handshake after the warm-up, print {@code WARM} and wait for a line on stdin, then print
   *     the measured result as a {@code RESULT} line; the compare driver samples CPU and database
   *     counters in between
   * @param timeline after the run, print on stderr where the workflows' time went: the mean gap
   *     before each history event (server clock), from the client's start call to the first event
   *     and from the last event to the result reaching the client
   */
  public record Options(
      int workflows,
      int concurrency,
      String store,
      Optional<String> target,
      int warmup,
      boolean handshake,
      boolean timeline) {
    public Options(int workflows, int concurrency, String store, Optional<String> target) {
      this(workflows, concurrency, store, target, 0, false, false);
    }

    static Options parse(String[] args) {
      int workflows = 1000;
      int concurrency = 20;
      int warmup = 0;
      boolean handshake = false;
      boolean timeline = false;
      String store = "memory";
      Optional<String> target = Optional.empty();
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
          case "--store" -> {
            store = value;
            i++;
          }
          case "--target" -> {
            target = Optional.of(value);
            i++;
          }
          case "--handshake" -> handshake = true;
          case "--timeline" -> timeline = true;
          default ->
              throw new IllegalArgumentException(
                  "unknown option "
                      + args[i]
                      + "; use --workflows N --concurrency N --warmup N --store memory|sqlite|JDBC_URL --target host:port [--timeline]");
        }
      }
      return new Options(workflows, concurrency, store, target, warmup, handshake, timeline);
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Result result = run(options);
    System.out.println(options.handshake() ? result.toLine() : result.toString());
    System.exit(0);
  }

  public static Result run(Options options) throws Exception {
    AevumServer server = null;
    String target;
    if (options.target().isPresent()) {
      target = options.target().get();
    } else {
      server =
          AevumServer.builder()
              .database(database(options.store()))
              .migrateOnStart(true)
              .port(0)
              .numHistoryShards(4)
              .namespaces(List.of("default"))
              .build();
      server.start();
      target = server.target();
    }
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    WorkflowClient client = WorkflowClient.newInstance(stubs);
    WorkerFactory factory = WorkerFactory.newInstance(client);
    String taskQueue = "benchmark-" + UUID.randomUUID();
    var worker = factory.newWorker(taskQueue);
    worker.registerWorkflowImplementationTypes(FlowImpl.class);
    worker.registerActivitiesImplementations(new StepImpl());
    factory.start();
    ExecutorService starters = Executors.newFixedThreadPool(options.concurrency());
    try {
      if (options.warmup() > 0) {
        drive(
            client, taskQueue, taskQueue + "-warmup", options.warmup(), starters, new HashMap<>());
      }
      if (options.handshake()) {
        System.out.println("WARM");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      }
      Map<String, long[]> spans = new ConcurrentHashMap<>();
      Result result = drive(client, taskQueue, taskQueue, options.workflows(), starters, spans);
      if (options.timeline()) {
        printTimeline(client, spans);
      }
      return result;
    } finally {
      starters.shutdownNow();
      factory.shutdownNow();
      stubs.shutdownNow();
      if (server != null) {
        server.close();
      }
    }
  }

  /** Runs {@code count} workflows, as many at a time as {@code starters} has threads. */
  private static Result drive(
      WorkflowClient client,
      String taskQueue,
      String idPrefix,
      int count,
      ExecutorService starters,
      Map<String, long[]> spans)
      throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<Boolean>> runs = new ArrayList<>();
    long begin = System.nanoTime();
    for (int i = 0; i < count; i++) {
      String id = idPrefix + "-" + i;
      runs.add(
          CompletableFuture.supplyAsync(
                  () -> {
                    long start = System.nanoTime();
                    long startMicros = nowMicros();
                    Flow flow =
                        client.newWorkflowStub(
                            Flow.class,
                            WorkflowOptions.newBuilder()
                                .setTaskQueue(taskQueue)
                                .setWorkflowId(id)
                                .build());
                    boolean ok = (id + "!").equals(flow.run(id));
                    latencies.add(System.nanoTime() - start);
                    spans.put(id, new long[] {startMicros, nowMicros()});
                    return ok;
                  },
                  starters)
              .exceptionally(e -> false));
    }
    int failed = 0;
    for (CompletableFuture<Boolean> run : runs) {
      failed += run.get() ? 0 : 1;
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return new Result(
        count,
        failed,
        elapsed,
        percentileMs(sorted, 50),
        percentileMs(sorted, 95),
        percentileMs(sorted, 99));
  }

  /**
   * Prints the mean gap before each history event of the measured workflows (up to 200 of them),
   * from the client's start call to the first event and from the last event to the result.
   */
  private static void printTimeline(WorkflowClient client, Map<String, long[]> spans) {
    List<String> names = new ArrayList<>();
    List<double[]> gaps = new ArrayList<>(); // per row: sum of gaps, count
    spans.entrySet().stream()
        .limit(200)
        .forEach(
            span -> {
              List<HistoryEvent> events = client.fetchHistory(span.getKey()).getEvents();
              long previous = span.getValue()[0];
              for (int i = 0; i <= events.size(); i++) {
                String name =
                    i < events.size()
                        ? events.get(i).getEventType().name().replace("EVENT_TYPE_", "")
                        : "result at the client";
                long at =
                    i < events.size() ? toMicros(events.get(i).getEventTime()) : span.getValue()[1];
                if (names.size() <= i) {
                  names.add(name);
                  gaps.add(new double[2]);
                }
                if (names.get(i).equals(name)) {
                  gaps.get(i)[0] += at - previous;
                  gaps.get(i)[1]++;
                }
                previous = at;
              }
            });
    for (int i = 0; i < names.size(); i++) {
      System.err.printf(
          Locale.ROOT,
          "timeline %-40s +%7.2f ms (mean of %d)%n",
          names.get(i),
          gaps.get(i)[0] / Math.max(1, gaps.get(i)[1]) / 1e3,
          (long) gaps.get(i)[1]);
    }
  }

  private static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  private static long toMicros(Timestamp t) {
    return t.getSeconds() * 1_000_000L + t.getNanos() / 1_000;
  }

  private static DatabaseConfig database(String store) throws IOException {
    return switch (store) {
      case "memory" -> DatabaseConfig.sqliteInMemory();
      case "sqlite" ->
          DatabaseConfig.sqliteFile(
              Files.createTempDirectory("aevum-benchmark").resolve("aevum.db").toString());
      default ->
          DatabaseConfig.postgres(
              store,
              System.getenv().getOrDefault("AEVUM_DB_USER", "postgres"),
              System.getenv().getOrDefault("AEVUM_DB_PASSWORD", ""));
    };
  }

  private static double percentileMs(List<Long> sortedNanos, int p) {
    if (sortedNanos.isEmpty()) {
      return 0;
    }
    int index =
        Math.max(
            0,
            Math.min(sortedNanos.size() - 1, (int) Math.ceil(p / 100.0 * sortedNanos.size()) - 1));
    return sortedNanos.get(index) / 1e6;
  }
}
