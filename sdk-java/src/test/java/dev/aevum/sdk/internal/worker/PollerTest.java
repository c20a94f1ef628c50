package dev.aevum.sdk.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** A task whose workflow is gone (NOT_FOUND on its answer) is expected, and logged as such. */
class PollerTest {
  private static List<LogRecord> logDuring(Class<?> logging, RunnableWithException body)
      throws Exception {
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Logger logger = Logger.getLogger(logging.getName());
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(capture);
    try {
      body.run();
    } finally {
      logger.removeHandler(capture);
    }
    return records;
  }

  interface RunnableWithException {
    void run() throws Exception;
  }

  private static List<LogRecord> runOneTaskThatFailsWith(RuntimeException failure)
      throws Exception {
    CountDownLatch handled = new CountDownLatch(1);
    AtomicBoolean given = new AtomicBoolean();
    Poller<String> poller =
        new Poller<>(
            "test",
            1,
            1,
            () -> {
              if (given.compareAndSet(false, true)) {
                return Optional.of("task");
              }
              try {
                Thread.sleep(20);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return Optional.empty();
            },
            task -> {
              try {
                throw failure;
              } finally {
                handled.countDown();
              }
            });
    return logDuring(
        Poller.class,
        () -> {
          poller.start();
          assertThat(handled.await(10, TimeUnit.SECONDS)).isTrue();
          poller.shutdown();
          poller.awaitTermination(Duration.ofSeconds(10));
        });
  }

  @Test
  void aTaskWhoseWorkflowIsGoneIsLoggedInOneInfoLine() throws Exception {
    List<LogRecord> records =
        runOneTaskThatFailsWith(
            Status.NOT_FOUND
                .withDescription("workflow execution already completed")
                .asRuntimeException());

    assertThat(records)
        .anySatisfy(
            r -> {
              assertThat(r.getLevel()).isEqualTo(Level.INFO);
              assertThat(r.getMessage())
                  .contains("no longer exists")
                  .contains("workflow execution already completed");
              assertThat(r.getThrown()).isNull();
            });
    assertThat(records)
        .noneSatisfy(
            r ->
                assertThat(r.getLevel().intValue())
                    .isGreaterThanOrEqualTo(Level.WARNING.intValue()));
  }

  @Test
  void otherFailuresStillGetTheirStackTrace() throws Exception {
    List<LogRecord> records = runOneTaskThatFailsWith(new IllegalStateException("bug"));

    assertThat(records)
        .anySatisfy(
            r -> {
              assertThat(r.getLevel()).isEqualTo(Level.SEVERE);
              assertThat(r.getThrown()).isInstanceOf(IllegalStateException.class);
            });
  }
}
