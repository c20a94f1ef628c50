package dev.aevum.sdk.it;

import dev.aevum.sdk.AevumClient;
import dev.aevum.sdk.ConnectionOptions;
import dev.aevum.sdk.ServiceConnection;
import dev.aevum.sdk.WorkflowOptions;
import dev.aevum.sdk.worker.Worker;
import dev.aevum.sdk.worker.WorkerFactory;
import dev.aevum.sdk.worker.WorkerOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;

/**
 * Runs Temporal's official in-memory test server on a local port (real time, no time skipping)
 * and an Aevum client and worker factory pointed at it.
 */
public final class TestServerHarness implements AutoCloseable {
  public final String taskQueue = "tq-" + UUID.randomUUID();
  public final TestServer.PortBoundTestServer server;
  public final ServiceConnection connection;
  public final AevumClient client;
  public final WorkerFactory factory;
  public final Worker worker;

  public TestServerHarness() {
    this(WorkerOptions.defaults());
  }

  public TestServerHarness(WorkerOptions workerOptions) {
    int port = freePort();
    server = TestServer.createPortBoundServer(port);
    connection = ServiceConnection.connect(ConnectionOptions.newBuilder().target("127.0.0.1:" + port).build());
    client = AevumClient.newInstance(connection);
    factory = WorkerFactory.newInstance(client);
    worker = factory.newWorker(taskQueue, workerOptions);
  }

  public WorkflowOptions options() {
    return WorkflowOptions.newBuilder()
        .taskQueue(taskQueue)
        .workflowId("wf-" + UUID.randomUUID())
        .executionTimeout(Duration.ofSeconds(60))
        .build();
  }

  private static int freePort() {
    // The test server does not report the port it bound, so pick a free one first.
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    factory.close();
    connection.close();
    server.close();
  }
}
