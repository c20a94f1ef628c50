package dev.aevum.server.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.aevum.server.app.config.LogLevel;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingTest {
  @Test
  void javaUtilLoggingReachesOurLogging() {
    Logging.setRootLevel(LogLevel.WARN);
    Logger grpcLogger = (Logger) LoggerFactory.getLogger("io.grpc.internal.SerializingExecutor");
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    grpcLogger.addAppender(captured);
    try {
      java.util.logging.Logger.getLogger("io.grpc.internal.SerializingExecutor")
          .log(Level.SEVERE, "Exception while executing runnable");
      assertThat(captured.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .containsExactly("Exception while executing runnable");
      assertThat(captured.list.get(0).getLevel()).isEqualTo(ch.qos.logback.classic.Level.ERROR);
    } finally {
      grpcLogger.detachAppender(captured);
    }
  }
}
