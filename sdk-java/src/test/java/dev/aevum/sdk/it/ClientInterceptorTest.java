package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.sdk.AevumClient;
import dev.aevum.sdk.ClientInterceptor;
import dev.aevum.sdk.ClientOptions;
import dev.aevum.sdk.WorkflowFailedException;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.WorkflowIdConflictPolicy;
import dev.aevum.sdk.WorkflowOptions;
import dev.aevum.sdk.workflow.QueryMethod;
import dev.aevum.sdk.workflow.SignalMethod;
import dev.aevum.sdk.workflow.UpdateMethod;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class ClientInterceptorTest {
  @WorkflowInterface
  public interface Counter {
    @WorkflowMethod
    int run(int start);

    @SignalMethod
    void add(int amount);

    @QueryMethod
    int value();

    @UpdateMethod
    int addAndGet(int amount);
  }

  public static final class CounterImpl implements Counter {
    private int value;

    @Override
    public int run(int start) {
      value += start;
      Workflow.await(() -> false);
      return value;
    }

    @Override
    public void add(int amount) {
      value += amount;
    }

    @Override
    public int value() {
      return value;
    }

    @Override
    public int addAndGet(int amount) {
      value += amount;
      return value;
    }
  }

  /** Records each call and, to show arguments pass through it, doubles signal arguments. */
  static final class Recording implements ClientInterceptor {
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final String name;

    Recording(String name) {
      this.name = name;
    }

    @Override
    public Object interceptStart(
        String workflowType, String workflowId, Object[] args, Invocation next) {
      calls.add(name + ":start:" + workflowType + ":" + args[0]);
      return next.proceed();
    }

    @Override
    public Object interceptSignal(
        String workflowId, String signalName, Object[] args, Invocation next) {
      calls.add(name + ":signal:" + signalName);
      return next.proceed();
    }

    @Override
    public Object interceptQuery(
        String workflowId, String queryType, Object[] args, Invocation next) {
      Object answer = next.proceed();
      calls.add(name + ":query:" + queryType + "=" + answer);
      return answer;
    }

    @Override
    public Object interceptUpdate(
        String workflowId, String updateName, Object[] args, Invocation next) {
      calls.add(name + ":update:" + updateName);
      return next.proceed();
    }

    @Override
    public Object interceptCancel(String workflowId, String reason, Invocation next) {
      calls.add(name + ":cancel:" + reason);
      return next.proceed();
    }

    @Override
    public Object interceptTerminate(String workflowId, String reason, Invocation next) {
      calls.add(name + ":terminate:" + reason);
      return next.proceed();
    }
  }

  @Test
  void everyClientCallPassesThroughTheInterceptorsInOrder() {
    try (TestServerHarness harness = new TestServerHarness()) {
      harness.worker.registerWorkflowImplementationTypes(CounterImpl.class);
      harness.factory.start();
      Recording outer = new Recording("outer");
      Recording inner = new Recording("inner");
      AevumClient client =
          AevumClient.newInstance(
              harness.connection,
              ClientOptions.newBuilder()
                  .namespace(harness.client.options().namespace())
                  .interceptors(
                      outer,
                      inner,
                      new ClientInterceptor() {
                        @Override
                        public Object interceptSignal(
                            String workflowId, String signalName, Object[] args, Invocation next) {
                          args[0] = (Integer) args[0] * 2;
                          return next.proceed();
                        }
                      })
                  .build());
      WorkflowOptions options =
          WorkflowOptions.newBuilder()
              .taskQueue(harness.taskQueue)
              .workflowId("intercepted-" + UUID.randomUUID())
              .executionTimeout(Duration.ofSeconds(60))
              .build();

      WorkflowHandle handle = client.start(Counter.class, options, c -> c.run(1));
      handle.signal(Counter.class, c -> c.add(5));
      int updated = handle.update(Counter.class, c -> c.addAndGet(100));
      int queried = handle.query(Counter.class, Counter::value);
      handle.terminate("enough");

      assertThat(updated).isEqualTo(111);
      assertThat(queried).isEqualTo(111);
      assertThat(outer.calls)
          .containsExactly(
              "outer:start:Counter:1",
              "outer:signal:add",
              "outer:update:addAndGet",
              "outer:query:value=111",
              "outer:terminate:enough");
      assertThat(inner.calls).hasSize(5);
      Assertions.assertThatThrownBy(() -> handle.getResult(Integer.class))
          .isInstanceOf(WorkflowFailedException.class);
    }
  }

  @Test
  void cancelPassesThroughTheInterceptor() {
    try (TestServerHarness harness = new TestServerHarness()) {
      harness.worker.registerWorkflowImplementationTypes(CounterImpl.class);
      harness.factory.start();
      Recording recording = new Recording("r");
      AevumClient client =
          AevumClient.newInstance(
              harness.connection,
              ClientOptions.newBuilder()
                  .namespace(harness.client.options().namespace())
                  .interceptors(recording)
                  .build());
      WorkflowHandle handle =
          client.start(
              Counter.class,
              WorkflowOptions.newBuilder()
                  .taskQueue(harness.taskQueue)
                  .workflowId("cancel-" + UUID.randomUUID())
                  .executionTimeout(Duration.ofSeconds(60))
                  .build(),
              c -> c.run(0));
      handle.cancel("stop");
      Assertions.assertThatThrownBy(() -> handle.getResult(Integer.class))
          .isInstanceOf(WorkflowFailedException.class);
      assertThat(recording.calls).containsExactly("r:start:Counter:0", "r:cancel:stop");
    }
  }

  /** Records the combined calls, and rewrites arguments to show the call sends what it is given. */
  static final class WithStart implements ClientInterceptor {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public Object interceptSignalWithStart(
        String workflowType,
        String workflowId,
        Object[] startArgs,
        String signalName,
        Object[] signalArgs,
        Invocation next) {
      calls.add(
          "signalWithStart:"
              + workflowType
              + ":"
              + startArgs[0]
              + ":"
              + signalName
              + ":"
              + signalArgs[0]);
      startArgs[0] = (Integer) startArgs[0] + 1000;
      signalArgs[0] = (Integer) signalArgs[0] * 10;
      return next.proceed();
    }

    @Override
    public Object interceptUpdateWithStart(
        String workflowType,
        String workflowId,
        Object[] startArgs,
        String updateName,
        Object[] updateArgs,
        Invocation next) {
      calls.add(
          "updateWithStart:"
              + workflowType
              + ":"
              + startArgs[0]
              + ":"
              + updateName
              + ":"
              + updateArgs[0]);
      if ((Integer) updateArgs[0] < 0) {
        throw new IllegalArgumentException("negative amounts are refused by the client");
      }
      updateArgs[0] = (Integer) updateArgs[0] * 10;
      return next.proceed();
    }

    @Override
    public Object interceptStart(
        String workflowType, String workflowId, Object[] args, Invocation next) {
      calls.add("start"); // must not happen: the combined calls are not plain starts
      return next.proceed();
    }
  }

  private static AevumClient clientWith(TestServerHarness harness, ClientInterceptor interceptor) {
    return AevumClient.newInstance(
        harness.connection,
        ClientOptions.newBuilder()
            .namespace(harness.client.options().namespace())
            .interceptors(interceptor)
            .build());
  }

  @Test
  void signalWithStartPassesThroughTheInterceptorWhichCanRewriteBothArguments() {
    try (TestServerHarness harness = new TestServerHarness()) {
      harness.worker.registerWorkflowImplementationTypes(CounterImpl.class);
      harness.factory.start();
      WithStart recording = new WithStart();
      AevumClient client = clientWith(harness, recording);

      WorkflowHandle handle =
          client.signalWithStart(Counter.class, harness.options(), c -> c.run(1), c -> c.add(2));

      // Started with 1001, signaled with 20.
      assertThat(handle.query(Counter.class, Counter::value)).isEqualTo(1021);
      assertThat(recording.calls).containsExactly("signalWithStart:Counter:1:add:2");
      handle.terminate("done");
    }
  }

  @Test
  void updateWithStartPassesThroughTheInterceptorWhichCanRewriteOrRefuseIt() {
    try (TestServerHarness harness = new TestServerHarness()) {
      harness.worker.registerWorkflowImplementationTypes(CounterImpl.class);
      harness.factory.start();
      WithStart recording = new WithStart();
      AevumClient client = clientWith(harness, recording);
      WorkflowOptions options =
          WorkflowOptions.newBuilder()
              .taskQueue(harness.taskQueue)
              .workflowId("uws-" + UUID.randomUUID())
              .idConflictPolicy(WorkflowIdConflictPolicy.USE_EXISTING)
              .executionTimeout(Duration.ofSeconds(60))
              .build();

      Assertions.assertThatThrownBy(
              () ->
                  client.executeUpdateWithStart(
                      Counter.class, options, c -> c.run(1), c -> c.addAndGet(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("refused by the client");
      int value =
          client.executeUpdateWithStart(Counter.class, options, c -> c.run(1), c -> c.addAndGet(5));

      assertThat(value).isEqualTo(51); // started with 1, updated with 5 * 10
      assertThat(recording.calls)
          .containsExactly(
              "updateWithStart:Counter:1:addAndGet:-1", "updateWithStart:Counter:1:addAndGet:5");
      // The refused call never reached the server: only one run exists, started by the second call.
      assertThat(client.handle(options.workflowId().orElseThrow()).fetchHistory().getEventsList())
          .filteredOn(
              e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
          .hasSize(1);
      client.handle(options.workflowId().orElseThrow()).terminate("done");
    }
  }
}
