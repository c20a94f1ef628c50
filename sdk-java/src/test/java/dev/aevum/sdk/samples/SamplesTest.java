package dev.aevum.sdk.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs each sample against Temporal's in-memory test server, as a user would against a real one. */
class SamplesTest {
  private static TestServer.PortBoundTestServer server;
  private static String target;

  @BeforeAll
  static void startServer() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    server = TestServer.createPortBoundServer(port);
    target = "127.0.0.1:" + port;
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void parallelActivities() {
    assertThat(ParallelActivitiesSample.run(target)).isEqualTo("total 110");
  }

  @Test
  void cancellation() {
    assertThat(CancellationSample.run(target)).isEqualTo("booking CanceledFailure");
  }

  @Test
  void childWorkflows() {
    assertThat(ChildWorkflowSample.run(target)).isEqualTo("bonjour, hola");
  }

  @Test
  void updates() {
    assertThat(UpdateSample.run(target)).isEqualTo("total 12, negative rejected");
  }
}
