package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.sdk.activity.ActivityInfo;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.activity.LocalActivityOptions;
import dev.aevum.sdk.failure.ActivityFailure;
import dev.aevum.sdk.failure.ApplicationFailure;
import dev.aevum.sdk.worker.WorkerInterceptor;
import dev.aevum.sdk.worker.WorkerOptions;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
      Greeter remote = Workflow.newActivityStub(Greeter.class, ActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(10)).build());
      Greeter local = Workflow.newLocalActivityStub(Greeter.class, LocalActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(5)).build());
      String failure;
      try {
        remote.greet("nobody");
        failure = "none";
      } catch (ActivityFailure e) {
        failure = ((ApplicationFailure) e.getCause()).getType();
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
        SEEN.add("activity failed " + e.getType());
        throw e;
      }
    }
  }

  @Test
  void interceptorsWrapWorkflowActivityAndLocalActivityMethods() {
    SEEN.clear();
    try (TestServerHarness harness = new TestServerHarness(WorkerOptions.newBuilder().interceptors(new Tracing()).build())) {
      harness.worker.registerWorkflowImplementationTypes(GreetingImpl.class);
      harness.worker.registerActivitiesImplementations(new GreeterImpl());
      harness.factory.start();

      String result = harness.client.start(Greeting.class, harness.options(), g -> g.run("ann")).getResult(String.class);

      assertThat(result).isEqualTo("[hello ann!/hello ann!/Nobody]");
      assertThat(SEEN).containsExactly(
          "workflow Greeting", "activity failed Nobody", "activity Greet ann", "activity Greet ann");
    }
  }
}
