package dev.aevum.sdk.samples;

import dev.aevum.sdk.AevumClient;
import dev.aevum.sdk.ConnectionOptions;
import dev.aevum.sdk.ServiceConnection;
import dev.aevum.sdk.WorkflowOptions;
import dev.aevum.sdk.worker.Worker;
import dev.aevum.sdk.worker.WorkerFactory;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/** Connects to a server, runs a worker on a fresh task queue, runs the sample's client code, shuts down. */
final class SampleRunner {
  private SampleRunner() {}

  static String target(String[] args) {
    return args.length > 0 ? args[0] : "127.0.0.1:7233";
  }

  static <T> T run(String target, Consumer<Worker> register, BiFunction<AevumClient, WorkflowOptions, T> body) {
    String taskQueue = "samples-" + UUID.randomUUID();
    try (ServiceConnection connection = ServiceConnection.connect(ConnectionOptions.newBuilder().target(target).build())) {
      AevumClient client = AevumClient.newInstance(connection);
      WorkerFactory factory = WorkerFactory.newInstance(client);
      try {
        register.accept(factory.newWorker(taskQueue));
        factory.start();
        WorkflowOptions options = WorkflowOptions.newBuilder()
            .taskQueue(taskQueue)
            .workflowId("sample-" + UUID.randomUUID())
            .executionTimeout(Duration.ofMinutes(1))
            .build();
        return body.apply(client, options);
      } finally {
        factory.close();
      }
    }
  }
}
