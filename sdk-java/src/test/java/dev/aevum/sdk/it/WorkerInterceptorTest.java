package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.WorkflowUpdateException;
import dev.aevum.sdk.activity.ActivityInfo;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.activity.LocalActivityOptions;
import dev.aevum.sdk.converter.EncodedValues;
import dev.aevum.sdk.failure.ActivityFailure;
import dev.aevum.sdk.failure.ApplicationFailure;
import dev.aevum.sdk.worker.WorkerInterceptor;
import dev.aevum.sdk.worker.WorkerOptions;
import dev.aevum.sdk.worker.WorkflowReplayer;
import dev.aevum.sdk.workflow.DynamicUpdateHandler;
import dev.aevum.sdk.workflow.NonDeterministicException;
import dev.aevum.sdk.workflow.QueryMethod;
import dev.aevum.sdk.workflow.SignalMethod;
import dev.aevum.sdk.workflow.UpdateMethod;
import dev.aevum.sdk.workflow.UpdateValidatorMethod;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class WorkerInterceptorTest {
  static final List<String> SEEN = new CopyOnWriteArrayList<>();

  @ActivityInterface
  public interface Greeter {
    String greet(String name);
  }

  public static final class GreeterImpl implements Greeter {
    @Override
    public String greet(String name) {
      if (name.equals("nobody")) {
        throw ApplicationFailure.newNonRetryableFailure("no one to greet", "Nobody");
      }
      return "hello " + name;
    }
  }

  @WorkflowInterface
  public interface Greeting {
    @WorkflowMethod
    String run(String name);
  }

  public static final class GreetingImpl implements Greeting {
    @Override
    public String run(String name) {
      Greeter remote =
          Workflow.newActivityStub(
              Greeter.class,
              ActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(10)).build());
      Greeter local =
          Workflow.newLocalActivityStub(
              Greeter.class,
              LocalActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(5)).build());
      String failure;
      try {
        remote.greet("nobody");
        failure = "none";
      } catch (ActivityFailure e) {
        failure = ((ApplicationFailure) e.getCause()).type();
      }
      return remote.greet(name) + "/" + local.greet(name) + "/" + failure;
    }
  }

  /** Records calls and decorates results, to prove it wraps both kinds of methods. */
  static final class Tracing implements WorkerInterceptor {
    @Override
    public Object interceptWorkflow(String workflowType, Object[] args, Invocation next) {
      if (!Workflow.isReplaying()) {
        SEEN.add("workflow " + workflowType);
      }
      return "[" + next.proceed() + "]";
    }

    @Override
    public Object interceptActivity(ActivityInfo info, Object[] args, Invocation next) {
      try {
        Object result = next.proceed();
        SEEN.add("activity " + info.activityType() + " " + args[0]);
        return result + "!";
      } catch (ApplicationFailure e) {
        SEEN.add("activity failed " + e.type());
        throw e;
      }
    }
  }

  @Test
  void interceptorsWrapWorkflowActivityAndLocalActivityMethods() {
    SEEN.clear();
    try (TestServerHarness harness =
        new TestServerHarness(WorkerOptions.newBuilder().interceptors(new Tracing()).build())) {
      harness.worker.registerWorkflowImplementationTypes(GreetingImpl.class);
      harness.worker.registerActivitiesImplementations(new GreeterImpl());
      harness.factory.start();

      String result =
          harness
              .client
              .start(Greeting.class, harness.options(), g -> g.run("ann"))
              .getResult(String.class);

      assertThat(result).isEqualTo("[hello ann!/hello ann!/Nobody]");
      assertThat(SEEN)
          .containsExactly(
              "workflow Greeting",
              "activity failed Nobody",
              "activity Greet ann",
              "activity Greet ann");
    }
  }

  @WorkflowInterface
  public interface Journal {
    @WorkflowMethod
    String run();

    @SignalMethod
    void note(String text);

    @QueryMethod
    String entries();

    @UpdateMethod
    int append(String text);

    @UpdateValidatorMethod(updateName = "append")
    void checkAppend(String text);
  }

  /** Keeps entries from declared and dynamic handlers; ends on the note "stop". */
  public static final class JournalImpl implements Journal {
    private final List<String> entries = new ArrayList<>();

    @Override
    public String run() {
      Workflow.registerDynamicSignalHandler(
          (name, args) -> entries.add(name + ":" + args.get(0, String.class)));
      Workflow.registerDynamicQueryHandler((name, args) -> "dynamic " + name);
      Workflow.registerDynamicUpdateHandler(
          new DynamicUpdateHandler() {
            @Override
            public Object handle(String updateName, EncodedValues args) {
              entries.add(updateName + ":" + args.get(0, String.class));
              return entries.size();
            }
          });
      // Only the interceptor upper-cases notes: a replay without it never gets past this line.
      Workflow.await(() -> entries.contains("STOP"));
      return String.join(",", entries);
    }

    @Override
    public void note(String text) {
      entries.add(text);
    }

    @Override
    public String entries() {
      return String.join(",", entries);
    }

    @Override
    public int append(String text) {
      entries.add(text);
      return entries.size();
    }

    @Override
    public void checkAppend(String text) {
      if (text.isEmpty()) {
        throw new IllegalArgumentException("empty entries are not appended");
      }
    }
  }

  /**
   * Records inbound handler calls, rewrites declared arguments, decorates answers and refuses
   * "secret".
   */
  static final class Inbound implements WorkerInterceptor {
    static final List<String> calls = new CopyOnWriteArrayList<>();

    private static String shown(Object arg) {
      return arg instanceof EncodedValues v
          ? "encoded(" + v.get(0, String.class) + ")"
          : String.valueOf(arg);
    }

    @Override
    public Object interceptSignalHandler(String signalName, Object[] args, Invocation next) {
      if (!Workflow.isReplaying()) {
        calls.add("signal " + signalName + " " + shown(args[0]));
      }
      if (args[0] instanceof String text) {
        args[0] = text.toUpperCase();
      }
      return next.proceed();
    }

    @Override
    public Object interceptQueryHandler(String queryType, Object[] args, Invocation next) {
      calls.add("query " + queryType);
      return "<" + next.proceed() + ">";
    }

    @Override
    public Object interceptUpdateValidator(String updateName, Object[] args, Invocation next) {
      calls.add("validate " + updateName + " " + shown(args[0]));
      if ("secret".equals(args[0])) {
        throw new IllegalArgumentException("the interceptor refuses secrets");
      }
      return next.proceed();
    }

    @Override
    public Object interceptUpdateHandler(String updateName, Object[] args, Invocation next) {
      if (!Workflow.isReplaying()) {
        calls.add("update " + updateName + " " + shown(args[0]));
      }
      if (args[0] instanceof String text) {
        args[0] = text + "+";
      }
      return next.proceed();
    }
  }

  @Test
  void inboundHandlersPassThroughTheInterceptorsIncludingDynamicOnes() {
    Inbound.calls.clear();
    WorkerOptions options = WorkerOptions.newBuilder().interceptors(new Inbound()).build();
    try (TestServerHarness harness = new TestServerHarness(options)) {
      harness.worker.registerWorkflowImplementationTypes(JournalImpl.class);
      harness.factory.start();
      WorkflowHandle handle = harness.client.start(Journal.class, harness.options(), Journal::run);

      handle.signal("note", "a");
      handle.signal("mystery", "x");
      int size = handle.update("append", Integer.class, "b");
      Assertions.assertThatThrownBy(() -> handle.update("append", Integer.class, "secret"))
          .isInstanceOf(WorkflowUpdateException.class)
          .hasRootCauseMessage("the interceptor refuses secrets");
      Assertions.assertThatThrownBy(() -> handle.update("append", Integer.class, ""))
          .isInstanceOf(WorkflowUpdateException.class)
          .hasRootCauseMessage("empty entries are not appended");
      int dynamicSize = handle.update("extra", Integer.class, "c");
      String declared = handle.query("entries", String.class);
      String dynamic = handle.query("other", String.class);
      handle.signal("note", "stop");
      String result = handle.getResult(String.class);

      assertThat(size).isEqualTo(3);
      assertThat(dynamicSize).isEqualTo(4);
      assertThat(declared).isEqualTo("<A,mystery:x,b+,extra:c>");
      assertThat(dynamic).isEqualTo("<dynamic other>");
      assertThat(result).isEqualTo("A,mystery:x,b+,extra:c,STOP");
      assertThat(Inbound.calls)
          .containsExactly(
              "signal note a",
              "signal mystery encoded(x)",
              "validate append b",
              "update append b",
              "validate append secret",
              "validate append ",
              "validate extra encoded(c)",
              "update extra encoded(c)",
              "query entries",
              "query other",
              "signal note stop");

      // The replayer applies the same interceptors; without them the notes stay lower case and the
      // run diverges.
      var history = handle.fetchHistory();
      Assertions.assertThatCode(() -> WorkflowReplayer.replay(history, options, JournalImpl.class))
          .doesNotThrowAnyException();
      Assertions.assertThatThrownBy(() -> WorkflowReplayer.replay(history, JournalImpl.class))
          .isInstanceOf(NonDeterministicException.class);
    }
  }
}
