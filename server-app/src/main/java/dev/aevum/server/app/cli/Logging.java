package dev.aevum.server.app.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.aevum.server.app.config.LogLevel;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** The logging setup of every command: the root level, and java.util.logging routed into it. */
final class Logging {
  private Logging() {}

  static void setRootLevel(LogLevel level) {
    bridgeJavaUtilLogging();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(
        switch (level) {
          case DEBUG -> Level.DEBUG;
          case INFO -> Level.INFO;
          case WARN -> Level.WARN;
          case ERROR -> Level.ERROR;
          case OFF -> Level.OFF;
        });
  }

  /**
   * grpc-java (and the JDK) log through java.util.logging; without the bridge their records would
   * bypass our format, level and stderr target. logback.xml propagates levels back to JUL so
   * disabled records cost nothing.
   */
  static void bridgeJavaUtilLogging() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }
}
