package dev.aevum.sdk.samples;

import dev.aevum.sdk.AevumClient;
import dev.aevum.sdk.ClientOptions;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.worker.WorkerFactory;
import dev.aevum.sdk.worker.WorkerOptions;
import dev.aevum.sdk.workflow.QueryMethod;
import dev.aevum.sdk.workflow.SignalMethod;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;

/**
 * Changing workflow code while executions are running: a shipment used to notify by email and now
 * notifies by SMS. {@code Workflow.getVersion} keeps the execution that already emailed on the old
 * path when the new code replays it, and sends new executions down the new one.
 */
public final class VersioningSample {
  @ActivityInterface
  public interface Notifier {
    String email(String order);

    String sms(String order);
  }

  public static final class NotifierImpl implements Notifier {
    @Override
    public String email(String order) {
      return "emailed";
    }

    @Override
    public String sms(String order) {
      return "texted";
    }
  }

  @WorkflowInterface
  public interface Shipment {
    @WorkflowMethod
    String ship(String order);

    @SignalMethod
    void delivered();

    @QueryMethod
    boolean notified();
  }

  private static Notifier notifier() {
    return Workflow.newActivityStub(
        Notifier.class,
        ActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(10)).build());
  }

  /** The code as first deployed. */
  public static final class ShipmentV1 implements Shipment {
    private boolean notified;
    private boolean delivered;

    @Override
    public String ship(String order) {
      String notice = notifier().email(order);
      notified = true;
      Workflow.await(() -> delivered);
      return notice + ", delivered";
    }

    @Override
    public void delivered() {
      delivered = true;
    }

    @Override
    public boolean notified() {
      return notified;
    }
  }

  /** The changed code, deployed under the same workflow type. */
  public static final class ShipmentV2 implements Shipment {
    private boolean notified;
    private boolean delivered;

    @Override
    public String ship(String order) {
      // Executions whose history has no marker for this change ran the old code: keep emailing
      // them.
      int version = Workflow.getVersion("notify-by-sms", Workflow.DEFAULT_VERSION, 1);
      String notice =
          version == Workflow.DEFAULT_VERSION ? notifier().email(order) : notifier().sms(order);
      notified = true;
      Workflow.await(() -> delivered);
      return notice + ", delivered";
    }

    @Override
    public void delivered() {
      delivered = true;
    }

    @Override
    public boolean notified() {
      return notified;
    }
  }

  /** Runs the sample against the server at {@code target} and returns what it printed. */
  public static String run(String target) {
    String taskQueue = SampleRunner.newTaskQueue();
    return SampleRunner.connect(
        target,
        ClientOptions.defaults(),
        client -> {
          // No cache on the old worker, so no sticky task queue: after it stops, the next task of
          // the
          // running execution goes straight to the new worker on the normal queue.
          WorkflowHandle old;
          try (WorkerFactory v1 =
              startWorker(
                  client,
                  taskQueue,
                  WorkerOptions.newBuilder().workflowCacheSize(0).build(),
                  ShipmentV1.class)) {
            old =
                client.start(
                    Shipment.class, SampleRunner.options(taskQueue), s -> s.ship("order-1"));
            SampleRunner.waitUntil(
                "order-1 is notified", () -> old.query(Shipment.class, Shipment::notified));
          }
          try (WorkerFactory v2 =
              startWorker(client, taskQueue, WorkerOptions.defaults(), ShipmentV2.class)) {
            WorkflowHandle fresh =
                client.start(
                    Shipment.class, SampleRunner.options(taskQueue), s -> s.ship("order-2"));
            old.signal(Shipment.class, Shipment::delivered);
            fresh.signal(Shipment.class, Shipment::delivered);
            return "order-1 "
                + old.getResult(String.class)
                + "; order-2 "
                + fresh.getResult(String.class);
          }
        });
  }

  private static WorkerFactory startWorker(
      AevumClient client, String taskQueue, WorkerOptions options, Class<?> shipment) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    factory
        .newWorker(taskQueue, options)
        .registerWorkflowImplementationTypes(shipment)
        .registerActivitiesImplementations(new NotifierImpl());
    factory.start();
    return factory;
  }

  public static void main(String[] args) {
    System.out.println(run(SampleRunner.target(args)));
  }
}
