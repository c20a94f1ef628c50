package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.sdk.WorkflowFailedException;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.WorkflowOptions;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.activity.LocalActivityOptions;
import dev.aevum.sdk.worker.WorkerInterceptor;
import dev.aevum.sdk.worker.WorkerOptions;
import dev.aevum.sdk.workflow.ChildWorkflowOptions;
import dev.aevum.sdk.workflow.SignalMethod;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class WorkflowOutboundInterceptorTest {
  @ActivityInterface
  public interface Upper {
    String upper(String text);
  }

  public static final class UpperImpl implements Upper {
    @Override
    public String upper(String text) {
      return text.toUpperCase();
    }
  }

  @WorkflowInterface
  public interface Echo {
    @WorkflowMethod
    String echo(String text);
  }

  public static final class EchoImpl implements Echo {
    @Override
    public String echo(String text) {
      return text + text;
    }
  }

  @WorkflowInterface
  public interface Waiter {
    @WorkflowMethod
    String waitForWord();

    @SignalMethod
    void word(String value);
  }

  public static final class WaiterImpl implements Waiter {
    private String word;

    @Override
    public String waitForWord() {
      Workflow.await(() -> word != null);
      return word;
    }

    @Override
    public void word(String value) {
      word = value;
    }
  }

  @WorkflowInterface
  public interface Caller {
    @WorkflowMethod
    String call(String waiterId);
  }

  public static final class CallerImpl implements Caller {
    @Override
    public String call(String waiterId) {
      Upper upper =
          Workflow.newActivityStub(
              Upper.class,
              ActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(10)).build());
      String shouted = upper.upper("hi");
      Workflow.sleep(Duration.ofMillis(50));
      String echoed =
          Workflow.newChildWorkflowStub(
                  Echo.class,
                  ChildWorkflowOptions.newBuilder()
                      .workflowId(Workflow.getInfo().workflowId() + "-echo")
                      .build())
              .echo(shouted);
      Workflow.signalExternalWorkflow(waiterId, "word", echoed);
      return echoed;
    }
  }

  @WorkflowInterface
  public interface Canceller {
    @WorkflowMethod
    String cancelBoth(String victimId, String protectedId);
  }

  public static final class CancellerImpl implements Canceller {
    @Override
    public String cancelBoth(String victimId, String protectedId) {
      Upper local =
          Workflow.newLocalActivityStub(
              Upper.class,
              LocalActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(5)).build());
      String shouted = local.upper("la");
      String refusal;
      try {
        Workflow.cancelExternalWorkflow(protectedId);
        refusal = "none";
      } catch (IllegalStateException e) {
        refusal = "refused";
      }
      Workflow.cancelExternalWorkflow(victimId);
      return shouted + "," + refusal;
    }
  }

  /** Records outbound calls once (not again on replay) and rewrites activity arguments. */
  static final class Outbound implements WorkerInterceptor {
    static final List<String> calls = new CopyOnWriteArrayList<>();

    private static void record(String call) {
      if (!Workflow.isReplaying()) {
        calls.add(call);
      }
    }

    @Override
    public Object interceptActivityCall(String activityType, Object[] args, Invocation next) {
      record("activity:" + activityType);
      args[0] = args[0] + "!";
      return next.proceed();
    }

    @Override
    public Object interceptChildWorkflowCall(
        String workflowType, String workflowId, Object[] args, Invocation next) {
      Object result = next.proceed();
      record("child:" + workflowType + "=" + result);
      return result;
    }

    @Override
    public Object interceptTimer(Duration duration, Invocation next) {
      record("timer:" + duration.toMillis());
      return next.proceed();
    }

    @Override
    public Object interceptLocalActivityCall(String activityType, Object[] args, Invocation next) {
      record("local:" + activityType + ":" + args[0]);
      args[0] = args[0] + "?";
      return next.proceed();
    }

    @Override
    public Object interceptCancelExternal(String workflowId, Invocation next) {
      record("cancel:" + workflowId.substring(0, workflowId.indexOf('-')));
      if (workflowId.startsWith("protected-")) {
        throw new IllegalStateException("the interceptor protects " + workflowId);
      }
      return next.proceed();
    }

    @Override
    public Object interceptSignalExternal(
        String workflowId, String signalName, Object[] args, Invocation next) {
      record("signal:" + signalName + ":" + args[0]);
      return next.proceed();
    }
  }

  @Test
  void outboundCallsFromWorkflowCodePassThroughTheInterceptor() {
    Outbound.calls.clear();
    try (TestServerHarness harness =
        new TestServerHarness(WorkerOptions.newBuilder().interceptors(new Outbound()).build())) {
      harness.worker.registerWorkflowImplementationTypes(
          CallerImpl.class, EchoImpl.class, WaiterImpl.class);
      harness.worker.registerActivitiesImplementations(new UpperImpl());
      harness.factory.start();
      String waiterId = "waiter-" + UUID.randomUUID();
      WorkflowHandle waiter =
          harness.client.start(
              Waiter.class,
              WorkflowOptions.newBuilder()
                  .taskQueue(harness.taskQueue)
                  .workflowId(waiterId)
                  .executionTimeout(Duration.ofSeconds(60))
                  .build(),
              Waiter::waitForWord);
      WorkflowHandle caller =
          harness.client.start(
              Caller.class,
              WorkflowOptions.newBuilder()
                  .taskQueue(harness.taskQueue)
                  .workflowId("caller-" + UUID.randomUUID())
                  .executionTimeout(Duration.ofSeconds(60))
                  .build(),
              c -> c.call(waiterId));

      assertThat(caller.getResult(String.class)).isEqualTo("HI!HI!");
      assertThat(waiter.getResult(String.class)).isEqualTo("HI!HI!");
      assertThat(Outbound.calls)
          .containsExactly("activity:Upper", "timer:50", "child:Echo=HI!HI!", "signal:word:HI!HI!");
    }
  }

  @Test
  void localActivityCallsAndExternalCancelsPassThroughTheInterceptor() {
    Outbound.calls.clear();
    try (TestServerHarness harness =
        new TestServerHarness(WorkerOptions.newBuilder().interceptors(new Outbound()).build())) {
      harness.worker.registerWorkflowImplementationTypes(CancellerImpl.class, WaiterImpl.class);
      harness.worker.registerActivitiesImplementations(new UpperImpl());
      harness.factory.start();
      WorkflowOptions.Builder waiterOptions =
          WorkflowOptions.newBuilder()
              .taskQueue(harness.taskQueue)
              .executionTimeout(Duration.ofSeconds(60));
      WorkflowHandle victim =
          harness.client.start(
              Waiter.class,
              waiterOptions.workflowId("victim-" + UUID.randomUUID()).build(),
              Waiter::waitForWord);
      WorkflowHandle kept =
          harness.client.start(
              Waiter.class,
              waiterOptions.workflowId("protected-" + UUID.randomUUID()).build(),
              Waiter::waitForWord);
      WorkflowHandle canceller =
          harness.client.start(
              Canceller.class,
              harness.options(),
              c -> c.cancelBoth(victim.workflowId(), kept.workflowId()));

      assertThat(canceller.getResult(String.class)).isEqualTo("LA?,refused");
      Assertions.assertThatThrownBy(() -> victim.getResult(String.class))
          .isInstanceOf(WorkflowFailedException.class);
      kept.signal("word", "still here");
      assertThat(kept.getResult(String.class)).isEqualTo("still here");
      assertThat(Outbound.calls)
          .containsExactly("local:Upper:la", "cancel:protected", "cancel:victim");
    }
  }
}
