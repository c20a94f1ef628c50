package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.sdk.worker.WorkerOptions;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class WorkflowLoggerTest {
  @WorkflowInterface
  public interface Steps {
    @WorkflowMethod
    void run();
  }

  public static final class StepsImpl implements Steps {
    private static final System.Logger LOG = Workflow.getLogger(StepsImpl.class);

    @Override
    public void run() {
      LOG.log(System.Logger.Level.INFO, "before sleep");
      Workflow.sleep(Duration.ofMillis(10));
      LOG.log(System.Logger.Level.INFO, "after sleep");
    }
  }

  @Test
  void replayedCodeDoesNotLogAgain() {
    List<String> messages = new CopyOnWriteArrayList<>();
    Logger julLogger = Logger.getLogger(StepsImpl.class.getName());
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            messages.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    julLogger.addHandler(capture);
    // No cache: the second workflow task replays the first, which must stay silent.
    try (TestServerHarness harness =
        new TestServerHarness(WorkerOptions.newBuilder().workflowCacheSize(0).build())) {
      harness.worker.registerWorkflowImplementationTypes(StepsImpl.class);
      harness.factory.start();

      harness.client.start(Steps.class, harness.options(), Steps::run).getResult(Void.class);

      assertThat(messages).containsExactly("before sleep", "after sleep");
    } finally {
      julLogger.removeHandler(capture);
    }
  }
}
