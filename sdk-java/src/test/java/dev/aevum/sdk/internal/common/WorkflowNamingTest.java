package dev.aevum.sdk.internal.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.sdk.workflow.QueryMethod;
import dev.aevum.sdk.workflow.SignalMethod;
import dev.aevum.sdk.workflow.UpdateMethod;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;
import io.temporal.common.metadata.POJOWorkflowMethodMetadata;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Workflow types and signal, query and update names must be the ones Temporal's Java SDK uses, so
 * clients and workers of either SDK understand each other. Each case declares the same interfaces
 * with Temporal's annotations and with Aevum's and compares what each SDK derives.
 */
class WorkflowNamingTest {
  private static Map<String, String> temporalNames(Class<?> iface) {
    POJOWorkflowInterfaceMetadata metadata = POJOWorkflowInterfaceMetadata.newInstance(iface);
    Map<String, String> names = new TreeMap<>();
    names.put("workflow type", metadata.getWorkflowType().orElse(""));
    for (POJOWorkflowMethodMetadata m : metadata.getMethodsMetadata()) {
      switch (m.getType()) {
        case SIGNAL -> names.put("signal " + m.getWorkflowMethod().getName(), m.getName());
        case QUERY -> names.put("query " + m.getWorkflowMethod().getName(), m.getName());
        case UPDATE -> names.put("update " + m.getWorkflowMethod().getName(), m.getName());
        default -> {}
      }
    }
    return names;
  }

  private static Map<String, String> aevumNames(Class<?> iface) {
    Map<String, String> names = new TreeMap<>();
    names.put("workflow type", Names.workflowType(iface));
    Names.signalMethods(iface).forEach((name, m) -> names.put("signal " + m.getName(), name));
    Names.queryMethods(iface).forEach((name, m) -> names.put("query " + m.getName(), name));
    Names.updateMethods(iface).forEach((name, m) -> names.put("update " + m.getName(), name));
    return names;
  }

  private static void sameNames(Class<?> temporal, Class<?> aevum) {
    assertThat(aevumNames(aevum)).isEqualTo(temporalNames(temporal));
  }

  /** The interfaces with Temporal's annotations. */
  static final class Temporal {
    @io.temporal.workflow.WorkflowInterface
    public interface Account {
      @io.temporal.workflow.WorkflowMethod
      void run();

      @io.temporal.workflow.SignalMethod
      void approve();

      @io.temporal.workflow.SignalMethod(name = "reject-it")
      void reject();

      @io.temporal.workflow.QueryMethod
      int balance();

      @io.temporal.workflow.QueryMethod(name = "owner-name")
      String owner();

      @io.temporal.workflow.UpdateMethod
      int deposit(int amount);

      @io.temporal.workflow.UpdateMethod(name = "withdraw-it")
      int withdraw(int amount);
    }

    @io.temporal.workflow.WorkflowInterface
    public interface Named {
      @io.temporal.workflow.WorkflowMethod(name = "OrderFlow")
      void run();
    }

    public interface Cancellable {
      @io.temporal.workflow.SignalMethod
      void cancel();

      @io.temporal.workflow.QueryMethod
      String progress();
    }

    @io.temporal.workflow.WorkflowInterface
    public interface Job extends Cancellable {
      @io.temporal.workflow.WorkflowMethod
      void run();
    }
  }

  /** Extra cases, Temporal side. */
  static final class TemporalMore {
    @io.temporal.workflow.WorkflowInterface
    public interface BaseFlow {
      @io.temporal.workflow.WorkflowMethod
      void run();
    }

    @io.temporal.workflow.WorkflowInterface
    public interface SubFlow extends BaseFlow {
      @io.temporal.workflow.SignalMethod
      void ping();
    }

    public interface Runner {
      @io.temporal.workflow.WorkflowMethod
      void run();
    }

    @io.temporal.workflow.WorkflowInterface
    public interface Batch extends Runner {}
  }

  /** Extra cases, Aevum side. */
  static final class AevumMore {
    @WorkflowInterface
    public interface BaseFlow {
      @WorkflowMethod
      void run();
    }

    @WorkflowInterface
    public interface SubFlow extends BaseFlow {
      @SignalMethod
      void ping();
    }

    public interface Runner {
      @WorkflowMethod
      void run();
    }

    @WorkflowInterface
    public interface Batch extends Runner {}
  }

  /** The same interfaces with Aevum's annotations (same simple names, so default types compare). */
  static final class Aevum {
    @WorkflowInterface
    public interface Account {
      @WorkflowMethod
      void run();

      @SignalMethod
      void approve();

      @SignalMethod(name = "reject-it")
      void reject();

      @QueryMethod
      int balance();

      @QueryMethod(name = "owner-name")
      String owner();

      @UpdateMethod
      int deposit(int amount);

      @UpdateMethod(name = "withdraw-it")
      int withdraw(int amount);
    }

    @WorkflowInterface
    public interface Named {
      @WorkflowMethod(name = "OrderFlow")
      void run();
    }

    public interface Cancellable {
      @SignalMethod
      void cancel();

      @QueryMethod
      String progress();
    }

    @WorkflowInterface
    public interface Job extends Cancellable {
      @WorkflowMethod
      void run();
    }
  }

  // ---- defaults and explicit names

  @Test
  void defaultNamesAreTheInterfaceAndMethodNamesAndExplicitOnesWin() {
    sameNames(Temporal.Account.class, Aevum.Account.class);
    assertThat(aevumNames(Aevum.Account.class))
        .containsEntry("workflow type", "Account")
        .containsEntry("signal approve", "approve")
        .containsEntry("signal reject", "reject-it");
  }

  @Test
  void anExplicitWorkflowTypeWins() {
    sameNames(Temporal.Named.class, Aevum.Named.class);
  }

  // ---- handlers inherited from an interface that is not annotated

  @Test
  void inheritedHandlersKeepTheirNamesAndTheTypeIsTheAnnotatedInterfaces() {
    sameNames(Temporal.Job.class, Aevum.Job.class);
  }

  /** The type is the declaring interface's name, not the one the stub was made from. */
  @Test
  void aWorkflowMethodInheritedFromAnotherWorkflowInterface() {
    sameNames(TemporalMore.SubFlow.class, AevumMore.SubFlow.class);
  }

  @Test
  void aWorkflowMethodOfAnUnannotatedParentIsNamedAfterTheAnnotatedChild() {
    sameNames(TemporalMore.Batch.class, AevumMore.Batch.class);
  }
}
