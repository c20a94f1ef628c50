package dev.aevum.server.app.cli;

import dev.aevum.server.app.AevumServer;
import java.io.PrintWriter;
import java.util.function.Function;

/** Runs a started server until the JVM is asked to stop (Ctrl-C, SIGTERM). */
final class ServerRunner {
  private ServerRunner() {}

  /** Starts the server, prints the ready line, and returns when it has stopped. */
  static int runUntilStopped(
      AevumServer server, PrintWriter out, Function<AevumServer, String> readyLine)
      throws InterruptedException {
    Thread hook = new Thread(server::close, "aevum-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      server.start();
    } catch (RuntimeException e) {
      removeHook(hook);
      throw e;
    }
    out.println(readyLine.apply(server));
    out.flush();
    server.awaitTermination();
    return 0;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // nothing to undo
    }
  }
}
