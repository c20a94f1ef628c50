package dev.aevum.benchmark;

import dev.aevum.persistence.DatabaseConfig;
import dev.aevum.server.app.AevumServer;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
    private final Step step = Workflow.newActivityStub(Step.class,
        ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

    @Override
    public String run(String input) {
      return step.step(input);
    }
  }

  /** What a run measured. */
  public record Result(int workflows, int failed, Duration elapsed, long p50Ms, long p99Ms) {
    public double perSecond() {
      return workflows / Math.max(0.001, elapsed.toMillis() / 1000.0);
    }

    @Override
    public String toString() {
      return String.format("%d workflows (%d failed) in %d ms: %.1f workflows/s, latency p50 %d ms, p99 %d ms",
          workflows, failed, elapsed.toMillis(), perSecond(), p50Ms, p99Ms);
    }
  }

  /** Options of one run. */
  public record Options(int workflows, int concurrency, String store, Optional<String> target) {
    static Options parse(String[] args) {
      int workflows = 1000;
      int concurrency = 20;
      String store = "memory";
      Optional<String> target = Optional.empty();
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : "";
        switch (args[i]) {
          case "--workflows" -> { workflows = Integer.parseInt(value); i++; }
          case "--concurrency" -> { concurrency = Integer.parseInt(value); i++; }
          case "--store" -> { store = value; i++; }
          case "--target" -> { target = Optional.of(value); i++; }
          default -> throw new IllegalArgumentException("unknown option " + args[i]
              + "; use --workflows N --concurrency N --store memory|sqlite|JDBC_URL --target host:port");
        }
      }
      return new Options(workflows, concurrency, store, target);
    }
  }

  public static void main(String[] args) throws Exception {
    System.out.println(run(Options.parse(args)));
    System.exit(0);
  }

  public static Result run(Options options) throws Exception {
    AevumServer server = null;
    String target;
    if (options.target().isPresent()) {
      target = options.target().get();
    } else {
      server = AevumServer.builder()
          .database(database(options.store()))
          .migrateOnStart(true)
          .port(0)
          .numHistoryShards(4)
          .namespaces(List.of("default"))
          .build();
      server.start();
      target = server.target();
    }
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
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
      List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
      List<CompletableFuture<Boolean>> runs = new ArrayList<>();
      long begin = System.nanoTime();
      for (int i = 0; i < options.workflows(); i++) {
        String id = taskQueue + "-" + i;
        runs.add(CompletableFuture.supplyAsync(() -> {
          long start = System.nanoTime();
          Flow flow = client.newWorkflowStub(Flow.class,
              WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(id).build());
          boolean ok = (id + "!").equals(flow.run(id));
          latencies.add((System.nanoTime() - start) / 1_000_000);
          return ok;
        }, starters).exceptionally(e -> false));
      }
      int failed = 0;
      for (CompletableFuture<Boolean> run : runs) {
        failed += run.get() ? 0 : 1;
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      return new Result(options.workflows(), failed, elapsed, percentile(sorted, 50), percentile(sorted, 99));
    } finally {
      starters.shutdownNow();
      factory.shutdownNow();
      stubs.shutdownNow();
      if (server != null) {
        server.close();
      }
    }
  }

  private static DatabaseConfig database(String store) throws java.io.IOException {
    return switch (store) {
      case "memory" -> DatabaseConfig.sqliteInMemory();
      case "sqlite" -> DatabaseConfig.sqliteFile(
          java.nio.file.Files.createTempDirectory("aevum-benchmark").resolve("aevum.db").toString());
      default -> DatabaseConfig.postgres(store, System.getenv().getOrDefault("AEVUM_DB_USER", "postgres"),
          System.getenv().getOrDefault("AEVUM_DB_PASSWORD", ""));
    };
  }

  private static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
