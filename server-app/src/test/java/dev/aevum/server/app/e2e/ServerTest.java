package dev.aevum.server.app.e2e;

import dev.aevum.server.history.HistorySettings;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Base of the server tests: each test class runs once per store against a whole server started for
 * it, driven through the public API by the official Temporal Java SDK.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Store.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
abstract class ServerTest {
  @Parameter Store store;

  TestCluster cluster;
  WorkflowClient client;
  private WorkerFactory factory;

  @BeforeParameterizedClassInvocation
  void startCluster() {
    cluster = TestCluster.start(store.fresh(getClass().getSimpleName()), historySettings());
    client = cluster.client();
  }

  @AfterParameterizedClassInvocation
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void stopWorkers() {
    if (factory != null) {
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
      factory = null;
    }
  }

  /**
   * The history settings of this class's server; Temporal's defaults unless a test needs small
   * limits.
   */
  HistorySettings historySettings() {
    return HistorySettings.defaults();
  }

  /** A started worker on a fresh task queue. */
  Worker worker(String taskQueue) {
    if (factory == null) {
      factory = WorkerFactory.newInstance(client);
    }
    Worker worker = factory.newWorker(taskQueue);
    return worker;
  }

  void startWorkers() {
    factory.start();
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  /** Polls {@code condition} until it holds or the deadline passes. */
  static void eventually(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
