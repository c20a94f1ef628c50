package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.sdk.AevumClient;
import dev.aevum.sdk.ConnectionOptions;
import dev.aevum.sdk.ServiceConnection;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.worker.WorkerFactory;
import dev.aevum.sdk.workflow.Workflow;
import io.temporal.activity.ActivityMethod;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Aevum SDK against the Aevum server, and the two SDKs working together: a workflow in one
 * calls an activity or a child workflow in the other, so payloads and failures cross both ways.
 */
class AevumSdkTest extends ServerTest {

  /** Interfaces in the Aevum SDK's annotations. */
  @dev.aevum.sdk.workflow.WorkflowInterface
  public interface AevumGreeting {
    @dev.aevum.sdk.workflow.WorkflowMethod
    String greet(String name);
  }

  @ActivityInterface
  public interface AevumShout {
    String shout(String text);
  }

  public static final class AevumGreetingImpl implements AevumGreeting {
    @Override
    public String greet(String name) {
      String queue = Workflow.getInfo().taskQueue();
      AevumShout shout =
          Workflow.newActivityStub(
              AevumShout.class,
              ActivityOptions.newBuilder()
                  .startToCloseTimeout(Duration.ofSeconds(10))
                  .taskQueue(name.startsWith("official") ? queue + "-official" : queue)
                  .build());
      return shout.shout("hello " + name);
    }
  }

  public static final class AevumShoutImpl implements AevumShout {
    @Override
    public String shout(String text) {
      return text.toUpperCase(Locale.ROOT) + " (aevum)";
    }
  }

  /** The same shapes in the official SDK's annotations. */
  @io.temporal.activity.ActivityInterface
  public interface OfficialShout {
    @ActivityMethod(name = "Shout")
    String shout(String text);
  }

  public static final class OfficialShoutImpl implements OfficialShout {
    @Override
    public String shout(String text) {
      return text.toUpperCase(Locale.ROOT) + " (official)";
    }
  }

  @WorkflowInterface
  public interface OfficialParent {
    @WorkflowMethod
    String run(String childQueue);
  }

  @WorkflowInterface
  public interface OfficialViewOfAevumGreeting {
    @WorkflowMethod(name = "AevumGreeting")
    String greet(String name);
  }

  public static final class OfficialParentImpl implements OfficialParent {
    @Override
    public String run(String childQueue) {
      return io.temporal.workflow.Workflow.newChildWorkflowStub(
              OfficialViewOfAevumGreeting.class,
              ChildWorkflowOptions.newBuilder().setTaskQueue(childQueue).build())
          .greet("from official parent");
    }
  }

  private ServiceConnection connection;
  private AevumClient aevum;
  private WorkerFactory aevumWorkers;

  @BeforeEach
  void connect() {
    connection =
        ServiceConnection.connect(ConnectionOptions.newBuilder().target(cluster.target()).build());
    aevum = AevumClient.newInstance(connection);
    aevumWorkers = WorkerFactory.newInstance(aevum);
  }

  @AfterEach
  void disconnect() {
    aevumWorkers.close();
    connection.close();
  }

  @Test
  void aevumSdkRunsAWorkflowWithAnActivity() {
    String queue = unique("aevum-sdk");
    var worker = aevumWorkers.newWorker(queue);
    worker.registerWorkflowImplementationTypes(AevumGreetingImpl.class);
    worker.registerActivitiesImplementations(new AevumShoutImpl());
    aevumWorkers.start();
    AevumGreeting greeting =
        aevum.newWorkflowStub(
            AevumGreeting.class,
            dev.aevum.sdk.WorkflowOptions.newBuilder()
                .taskQueue(queue)
                .workflowId(unique("aevum"))
                .build());
    assertThat(greeting.greet("aevum")).isEqualTo("HELLO AEVUM (aevum)");
  }

  @Test
  void aevumWorkflowCallsAnActivityOfTheOfficialSdk() {
    String queue = unique("mixed");
    aevumWorkers.newWorker(queue).registerWorkflowImplementationTypes(AevumGreetingImpl.class);
    aevumWorkers.start();
    worker(queue + "-official").registerActivitiesImplementations(new OfficialShoutImpl());
    startWorkers();
    AevumGreeting greeting =
        aevum.newWorkflowStub(
            AevumGreeting.class,
            dev.aevum.sdk.WorkflowOptions.newBuilder()
                .taskQueue(queue)
                .workflowId(unique("mixed"))
                .build());
    assertThat(greeting.greet("official world")).isEqualTo("HELLO OFFICIAL WORLD (official)");
  }

  @Test
  void officialWorkflowStartsAChildOfTheAevumSdk() {
    String queue = unique("mixed-child");
    var aevumWorker = aevumWorkers.newWorker(queue + "-aevum");
    aevumWorker.registerWorkflowImplementationTypes(AevumGreetingImpl.class);
    aevumWorker.registerActivitiesImplementations(new AevumShoutImpl());
    aevumWorkers.start();
    worker(queue).registerWorkflowImplementationTypes(OfficialParentImpl.class);
    startWorkers();
    OfficialParent parent =
        client.newWorkflowStub(
            OfficialParent.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(queue)
                .setWorkflowId(unique("parent"))
                .build());
    assertThat(parent.run(queue + "-aevum")).isEqualTo("HELLO FROM OFFICIAL PARENT (aevum)");
  }
}
