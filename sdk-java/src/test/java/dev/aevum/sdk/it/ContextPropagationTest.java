package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.sdk.AevumClient;
import dev.aevum.sdk.ClientOptions;
import dev.aevum.sdk.ContextPropagator;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.activity.LocalActivityOptions;
import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.worker.Worker;
import dev.aevum.sdk.worker.WorkerFactory;
import dev.aevum.sdk.workflow.Async;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.common.v1.Payload;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextPropagationTest {
  static final ThreadLocal<String> TENANT = new ThreadLocal<>();

  static final class TenantPropagator implements ContextPropagator {
    @Override
    public String name() {
      return "tenant";
    }

    @Override
    public Object currentContext() {
      return TENANT.get();
    }

    @Override
    public void setCurrentContext(Object context) {
      if (context == null) {
        TENANT.remove();
      } else {
        TENANT.set((String) context);
      }
    }

    @Override
    public Map<String, Payload> serializeContext(Object context) {
      return context == null
          ? Map.of()
          : Map.of("tenant", DataConverter.defaultInstance().toPayload(context));
    }

    @Override
    public Object deserializeContext(Map<String, Payload> header) {
      Payload p = header.get("tenant");
      return p == null
          ? null
          : DataConverter.defaultInstance().fromPayload(p, String.class, String.class);
    }
  }

  @ActivityInterface
  public interface WhoAmI {
    String tenant();
  }

  public static final class WhoAmIImpl implements WhoAmI {
    @Override
    public String tenant() {
      return String.valueOf(TENANT.get());
    }
  }

  @WorkflowInterface
  public interface Child {
    @WorkflowMethod
    String tenant();
  }

  public static final class ChildImpl implements Child {
    @Override
    public String tenant() {
      return String.valueOf(TENANT.get());
    }
  }

  @WorkflowInterface
  public interface Parent {
    @WorkflowMethod
    String tenants();
  }

  public static final class ParentImpl implements Parent {
    @Override
    public String tenants() {
      WhoAmI remote =
          Workflow.newActivityStub(
              WhoAmI.class,
              ActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(10)).build());
      WhoAmI local =
          Workflow.newLocalActivityStub(
              WhoAmI.class,
              LocalActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(5)).build());
      String inAsync = Async.function(() -> String.valueOf(TENANT.get())).get();
      return String.join(
          "|",
          String.valueOf(TENANT.get()),
          remote.tenant(),
          local.tenant(),
          Workflow.newChildWorkflowStub(Child.class).tenant(),
          inAsync);
    }
  }

  @Test
  void contextTravelsFromClientToWorkflowActivitiesAndChildren() {
    try (TestServerHarness harness = new TestServerHarness()) {
      AevumClient client =
          AevumClient.newInstance(
              harness.connection,
              ClientOptions.newBuilder()
                  .contextPropagators(List.of(new TenantPropagator()))
                  .build());
      WorkerFactory factory = WorkerFactory.newInstance(client);
      try {
        Worker worker = factory.newWorker(harness.taskQueue);
        worker.registerWorkflowImplementationTypes(ParentImpl.class, ChildImpl.class);
        worker.registerActivitiesImplementations(new WhoAmIImpl());
        factory.start();

        TENANT.set("acme");
        WorkflowHandle handle;
        try {
          handle = client.start(Parent.class, harness.options(), Parent::tenants);
        } finally {
          TENANT.remove();
        }

        assertThat(handle.getResult(String.class)).isEqualTo("acme|acme|acme|acme|acme");
      } finally {
        factory.close();
      }
    }
  }
}
