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
import java.util.function.Supplier;

/**
 * Runs Temporal's official in-memory test server on a local port (real time, no time skipping) and
 * an Aevum client and worker factory pointed at it.
 *
 * <p>With the system property {@value #SERVER_PROPERTY} naming a class (public no-argument
 * constructor, {@code Supplier<String>} of the target, {@code AutoCloseable}), the same tests run
 * against that server instead: server-app uses it to run this suite against the Aevum server.
 */
public final class TestServerHarness implements AutoCloseable {
  public final String taskQueue = "tq-" + UUID.randomUUID();
  public static final String SERVER_PROPERTY = "aevum.sdk.tests.server";

  private final AutoCloseable server;

  /** The server's address, host:port, for code that opens its own connection (the samples). */
  public final String target;

  public final ServiceConnection connection;
  public final AevumClient client;
  public final WorkerFactory factory;
  public final Worker worker;

  public TestServerHarness() {
    this(WorkerOptions.defaults());
  }

  public TestServerHarness(WorkerOptions workerOptions) {
    String other = System.getProperty(SERVER_PROPERTY, "");
    if (other.isEmpty()) {
      int port = freePort();
      server = TestServer.createPortBoundServer(port);
      target = "127.0.0.1:" + port;
    } else {
      Object started = startOther(other);
      server = (AutoCloseable) started;
      @SuppressWarnings("unchecked")
      Supplier<String> targetOf = (Supplier<String>) started;
      target = targetOf.get();
    }
    connection = ServiceConnection.connect(ConnectionOptions.newBuilder().target(target).build());
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

  private static Object startOther(String className) {
    try {
      return Class.forName(className).getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot start the test server " + className, e);
    }
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
    try {
      server.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the test server", e);
    }
  }
}
