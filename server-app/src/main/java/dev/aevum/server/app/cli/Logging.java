package dev.aevum.server.app.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.aevum.server.app.config.LogLevel;
import org.slf4j.LoggerFactory;

/** Sets the root log level chosen on the command line or in the configuration. */
final class Logging {
  private Logging() {}

  static void setRootLevel(LogLevel level) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(switch (level) {
      case DEBUG -> Level.DEBUG;
      case INFO -> Level.INFO;
      case WARN -> Level.WARN;
      case ERROR -> Level.ERROR;
      case OFF -> Level.OFF;
    });
  }
}
