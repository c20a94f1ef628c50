package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.persistence.testing.TestDatabases;
import dev.aevum.server.app.Main;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs the server process while workflows wait on timers, restarts it on the same store and
 * checks that every acknowledged workflow still completes.
 */
@Timeout(180)
class CrashRecoveryTest {
  private static final int WORKFLOWS = 20;

  @TempDir Path tempDir;

  @ActivityInterface
  public interface Echo {
    String echo(String value);
  }

  public static class EchoImpl implements Echo {
    @Override
    public String echo(String value) {
      return value + " done";
    }
  }

  @WorkflowInterface
  public interface Sleeper {
    @WorkflowMethod
    String sleepThenEcho(String value);
  }

  public static class SleeperImpl implements Sleeper {
    @Override
    public String sleepThenEcho(String value) {
      Workflow.sleep(Duration.ofSeconds(4));
      return Workflow.newActivityStub(
              Echo.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build())
          .echo(value);
    }
  }

  @WorkflowInterface
  public interface Family {
    @WorkflowMethod
    String gather(String value);

    @SignalMethod
    void deliver(String message);
  }

  public static class FamilyImpl implements Family {
    private String message;

    @Override
    public String gather(String value) {
      Sleeper child = Workflow.newChildWorkflowStub(Sleeper.class);
      Promise<String> result = Async.function(child::sleepThenEcho, value);
      Workflow.await(() -> message != null);
      return message + " + " + result.get();
    }

    @Override
    public void deliver(String message) {
      this.message = message;
    }
  }

  @WorkflowInterface
  public interface Ledger {
    @WorkflowMethod
    int run();

    @UpdateMethod
    int post(int amount);
  }

  public static class LedgerImpl implements Ledger {
    private int balance;
    private int posts;

    @Override
    public int run() {
      Workflow.await(() -> posts >= 1);
      return balance;
    }

    @Override
    public int post(int amount) {
      // Accepted at once, completed only after a durable timer: the kill falls in between.
      Workflow.sleep(Duration.ofSeconds(3));
      balance += amount;
      posts++;
      return balance;
    }
  }

  @ActivityInterface
  public interface Gate {
    String pass(String value);
  }

  /** Blocks every attempt until the test opens the gate, so a kill falls while activities run. */
  public static class GateImpl implements Gate {
    static final AtomicInteger running = new AtomicInteger();
    static volatile CountDownLatch open = new CountDownLatch(1);

    @Override
    public String pass(String value) {
      running.incrementAndGet();
      try {
        open.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return value + " passed";
    }
  }

  @WorkflowInterface
  public interface Passage {
    @WorkflowMethod
    String pass(String value);
  }

  public static class PassageImpl implements Passage {
    @Override
    public String pass(String value) {
      return Workflow.newActivityStub(
              Gate.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(60)).build())
          .pass(value);
    }
  }

  /** The server as a child process, killed without warning. */
  private static final class ServerProcess {
    private final Process process;

    ServerProcess(List<String> args, Map<String, String> env) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> command =
          new ArrayList<>(
              List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
      command.addAll(args);
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
      builder.environment().putAll(env);
      process = builder.start();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> ready =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  String line;
                  while ((line = out.readLine()) != null) {
                    if (line.contains("ready on")) {
                      return line;
                    }
                  }
                  return null;
                } catch (IOException e) {
                  return null;
                }
              });
      try {
        String line = ready.get(60, TimeUnit.SECONDS);
        if (line == null) {
          throw new IllegalStateException(
              "server exited with " + process.waitFor() + " before it was ready");
        }
      } catch (Exception e) {
        process.destroyForcibly();
        throw new IllegalStateException("server did not become ready", e);
      }
    }

    void kill() throws InterruptedException {
      process.destroyForcibly(); // SIGKILL on Linux
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void sqliteFileSurvivesKill() throws Exception {
    int port = freePort();
    List<String> args =
        List.of(
            "server",
            "start-dev",
            "--port",
            String.valueOf(port),
            "--db-filename",
            tempDir.resolve("crash.db").toString());
    crashAndRecover(port, () -> new ServerProcess(args, Map.of()));
  }

  @Test
  void postgresSurvivesKill() throws Exception {
    DatabaseConfig database = TestDatabases.freshPostgres("crash");
    int port = freePort();
    Map<String, String> env =
        Map.of(
            "AEVUM_DB_URL", database.jdbcUrl(),
            "AEVUM_DB_USER", database.user(),
            "AEVUM_DB_PASSWORD", database.password(),
            "AEVUM_BOOTSTRAP_NAMESPACES", "default");
    ProcessBuilder migration =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "migrate")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    migration.environment().putAll(env);
    assertThat(migration.start().waitFor()).isZero();
    List<String> args =
        List.of("server", "start", "--port", String.valueOf(port), "--ip", "127.0.0.1");
    crashAndRecover(port, () -> new ServerProcess(args, env));
  }

  private interface Starter {
    ServerProcess start() throws IOException;
  }

  private void crashAndRecover(int port, Starter starter) throws Exception {
    ServerProcess server = starter.start();
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    WorkerFactory factory = WorkerFactory.newInstance(client);
    String taskQueue = "crash-" + System.nanoTime();
    var worker = factory.newWorker(taskQueue);
    worker.registerWorkflowImplementationTypes(
        SleeperImpl.class, FamilyImpl.class, LedgerImpl.class, PassageImpl.class);
    worker.registerActivitiesImplementations(new EchoImpl(), new GateImpl());
    factory.start();
    try {
      List<String> acknowledged = new ArrayList<>();
      for (int i = 0; i < WORKFLOWS; i++) {
        String id = taskQueue + "-wf-" + i;
        Sleeper stub =
            client.newWorkflowStub(
                Sleeper.class,
                WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(id).build());
        WorkflowClient.start(stub::sleepThenEcho, "value " + i);
        acknowledged.add(id);
      }
      // Kill while every workflow waits on its timer: the timers must be recovered from the store.
      for (String id : acknowledged) {
        ServerTest.eventually(
            Duration.ofSeconds(30),
            () ->
                client.fetchHistory(id).getEvents().stream()
                    .anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED));
      }
      server.kill();
      server = starter.start();
      for (int i = 0; i < acknowledged.size(); i++) {
        String result =
            client
                .newUntypedWorkflowStub(acknowledged.get(i))
                .getResult(60, TimeUnit.SECONDS, String.class);
        assertThat(result).isEqualTo("value " + i + " done");
      }

      // Signals acknowledged and children started just before a kill are not lost either.
      List<String> families = new ArrayList<>();
      for (int i = 0; i < WORKFLOWS / 2; i++) {
        String id = taskQueue + "-family-" + i;
        Family family =
            client.newWorkflowStub(
                Family.class,
                WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(id).build());
        WorkflowClient.start(family::gather, "child " + i);
        families.add(id);
      }
      for (String id : families) {
        ServerTest.eventually(
            Duration.ofSeconds(30),
            () ->
                client.fetchHistory(id).getEvents().stream()
                    .anyMatch(
                        e ->
                            e.getEventType()
                                == EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED));
        client.newWorkflowStub(Family.class, id).deliver("signal for " + id);
      }
      server.kill();
      server = starter.start();
      for (int i = 0; i < families.size(); i++) {
        String result =
            client
                .newUntypedWorkflowStub(families.get(i))
                .getResult(60, TimeUnit.SECONDS, String.class);
        assertThat(result).isEqualTo("signal for " + families.get(i) + " + child " + i + " done");
      }

      // An update accepted before the kill completes after it, and its caller gets the outcome.
      String ledgerId = taskQueue + "-ledger";
      Ledger ledger =
          client.newWorkflowStub(
              Ledger.class,
              WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(ledgerId).build());
      WorkflowClient.start(ledger::run);
      var handle =
          client
              .newUntypedWorkflowStub(ledgerId)
              .startUpdate(
                  UpdateOptions.newBuilder(Integer.class)
                      .setUpdateName("post")
                      .setUpdateId("post-1")
                      .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
                      .build(),
                  42);
      server.kill();
      server = starter.start();
      assertThat(handle.getResultAsync(60, TimeUnit.SECONDS).get(60, TimeUnit.SECONDS))
          .isEqualTo(42);
      assertThat(
              client
                  .newUntypedWorkflowStub(ledgerId)
                  .getResult(60, TimeUnit.SECONDS, Integer.class))
          .isEqualTo(42);

      // Activities handed to the worker eagerly (with the workflow task's completion) are running
      // when the server dies; their completions land after the restart.
      GateImpl.running.set(0);
      GateImpl.open = new CountDownLatch(1);
      List<String> passages = new ArrayList<>();
      for (int i = 0; i < WORKFLOWS / 2; i++) {
        String id = taskQueue + "-passage-" + i;
        Passage passage =
            client.newWorkflowStub(
                Passage.class,
                WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(id).build());
        WorkflowClient.start(passage::pass, "gate " + i);
        passages.add(id);
      }
      ServerTest.eventually(
          Duration.ofSeconds(30), () -> GateImpl.running.get() == passages.size());
      server.kill();
      server = starter.start();
      GateImpl.open.countDown();
      for (int i = 0; i < passages.size(); i++) {
        String result =
            client
                .newUntypedWorkflowStub(passages.get(i))
                .getResult(60, TimeUnit.SECONDS, String.class);
        assertThat(result).isEqualTo("gate " + i + " passed");
        assertThat(
                client.fetchHistory(passages.get(i)).getEvents().stream()
                    .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
                    .map(e -> e.getActivityTaskStartedEventAttributes().getRequestId()))
            .singleElement()
            .asString()
            .startsWith("eager-");
      }
    } finally {
      GateImpl.open.countDown();
      factory.shutdownNow();
      stubs.shutdownNow();
      server.kill();
    }
  }
}
