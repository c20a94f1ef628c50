package dev.aevum.sdk.samples;

import dev.aevum.sdk.AevumClient;
import dev.aevum.sdk.ClientOptions;
import dev.aevum.sdk.ConnectionOptions;
import dev.aevum.sdk.ServiceConnection;
import dev.aevum.sdk.WorkflowOptions;
import dev.aevum.sdk.worker.Worker;
import dev.aevum.sdk.worker.WorkerFactory;
import dev.aevum.sdk.worker.WorkerOptions;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Connects to a server, runs a worker on a fresh task queue, runs the sample's client code, shuts
 * down.
 */
final class SampleRunner {
  private SampleRunner() {}

  static String target(String[] args) {
    return args.length > 0 ? args[0] : "127.0.0.1:7233";
  }

  static <T> T run(
      String target, Consumer<Worker> register, BiFunction<AevumClient, WorkflowOptions, T> body) {
    return run(target, ClientOptions.defaults(), WorkerOptions.defaults(), register, body);
  }

  /** As {@link #run(String, Consumer, BiFunction)}, with the client's and the worker's options. */
  static <T> T run(
      String target,
      ClientOptions clientOptions,
      WorkerOptions workerOptions,
      Consumer<Worker> register,
      BiFunction<AevumClient, WorkflowOptions, T> body) {
    String taskQueue = newTaskQueue();
    return connect(
        target,
        clientOptions,
        client -> {
          WorkerFactory factory = WorkerFactory.newInstance(client);
          try {
            register.accept(factory.newWorker(taskQueue, workerOptions));
            factory.start();
            return body.apply(client, options(taskQueue));
          } finally {
            factory.close();
          }
        });
  }

  /** For samples that manage their own workers: a client connected to {@code target}. */
  static <T> T connect(String target, ClientOptions clientOptions, Function<AevumClient, T> body) {
    try (ServiceConnection connection =
        ServiceConnection.connect(ConnectionOptions.newBuilder().target(target).build())) {
      return body.apply(AevumClient.newInstance(connection, clientOptions));
    }
  }

  static String newTaskQueue() {
    return "samples-" + UUID.randomUUID();
  }

  /** Options for one more workflow on {@code taskQueue}, under a fresh id. */
  static WorkflowOptions options(String taskQueue) {
    return WorkflowOptions.newBuilder()
        .taskQueue(taskQueue)
        .workflowId("sample-" + UUID.randomUUID())
        .executionTimeout(Duration.ofMinutes(1))
        .build();
  }

  /**
   * Polls {@code condition} (a query, say) until it holds; gives up after 30 s naming {@code what}.
   */
  static void waitUntil(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("gave up waiting until " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting until " + what, e);
      }
    }
  }
}
