package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.sdk.UpdateHandle;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.WorkflowUpdateException;
import dev.aevum.sdk.WorkflowUpdateTimeoutException;
import dev.aevum.sdk.failure.ApplicationFailure;
import dev.aevum.sdk.worker.WorkerOptions;
import dev.aevum.sdk.worker.WorkflowReplayer;
import dev.aevum.sdk.workflow.SignalMethod;
import dev.aevum.sdk.workflow.UpdateMethod;
import dev.aevum.sdk.workflow.UpdateValidatorMethod;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class UpdateTest {
  @WorkflowInterface
  public interface Cart {
    @WorkflowMethod
    String run();

    @UpdateMethod
    int add(String item);

    @UpdateValidatorMethod(updateName = "add")
    void validateAdd(String item);

    @UpdateMethod(name = "explode")
    void fail();

    @UpdateMethod
    void checkout();

    @UpdateMethod
    String hold();

    @SignalMethod
    void release();
  }

  public static final class CartImpl implements Cart {
    private final List<String> items = new ArrayList<>();
    private boolean done;

    @Override
    public String run() {
      Workflow.await(() -> done);
      return String.join(",", items);
    }

    @Override
    public int add(String item) {
      Workflow.sleep(Duration.ofMillis(10)); // handlers may block; the result comes in a later task
      items.add(item);
      return items.size();
    }

    @Override
    public void validateAdd(String item) {
      if (item.isEmpty()) {
        throw new IllegalArgumentException("item must not be empty");
      }
    }

    @Override
    public void fail() {
      throw ApplicationFailure.newFailure("cart exploded", "Boom");
    }

    @Override
    public void checkout() {
      done = true;
    }

    private boolean released;

    @Override
    public String hold() {
      Workflow.await(() -> released);
      return "released";
    }

    @Override
    public void release() {
      released = true;
    }
  }

  @Test
  void updatesRunHandlersRejectInvalidRequestsAndReplay() {
    runScenario(WorkerOptions.newBuilder().workflowCacheSize(0).build());
  }

  @Test
  void updatesWorkWithTheStickyCache() {
    runScenario(WorkerOptions.defaults());
  }

  @Test
  void startUpdateReturnsOnceAcceptedAndTheHandleWaitsForTheResult() {
    try (TestServerHarness harness = new TestServerHarness()) {
      harness.worker.registerWorkflowImplementationTypes(CartImpl.class);
      harness.factory.start();
      WorkflowHandle handle = harness.client.start(Cart.class, harness.options(), Cart::run);

      UpdateHandle<String> held = handle.startUpdate(Cart.class, Cart::hold);
      CompletableFuture<String> later = held.getResultAsync();
      assertThatThrownBy(() -> handle.startUpdate("add", Integer.class, ""))
          .isInstanceOf(WorkflowUpdateException.class)
          .hasMessageContaining("item must not be empty");
      assertThatThrownBy(() -> held.getResult(Duration.ofMillis(300)))
          .isInstanceOf(WorkflowUpdateTimeoutException.class)
          .hasMessageContaining("did not finish within PT0.3S");
      assertThat(later).isNotDone();
      handle.signal(Cart.class, Cart::release);

      assertThat(later).succeedsWithin(Duration.ofSeconds(30)).isEqualTo("released");
      assertThat(held.getResult(Duration.ofSeconds(30))).isEqualTo("released");
      assertThat(held.getResult()).isEqualTo("released");
      handle.update(
          Cart.class,
          c -> {
            c.checkout();
            return null;
          });
      assertThat(handle.getResult(String.class)).isEmpty();
    }
  }

  @Test
  void aTypedStubOfARunningWorkflowRunsItsUpdates() {
    try (TestServerHarness harness = new TestServerHarness()) {
      harness.worker.registerWorkflowImplementationTypes(CartImpl.class);
      harness.factory.start();
      WorkflowHandle handle = harness.client.start(Cart.class, harness.options(), Cart::run);
      Cart cart = harness.client.newWorkflowStub(Cart.class, handle.workflowId());

      assertThat(cart.add("apple")).isEqualTo(1); // a plain int: no overload to choose
      assertThat(cart.add("pear")).isEqualTo(2);
      assertThatThrownBy(() -> cart.add(""))
          .isInstanceOf(WorkflowUpdateException.class)
          .hasMessageContaining("item must not be empty");
      cart.checkout();

      assertThat(handle.getResult(String.class)).isEqualTo("apple,pear");
    }
  }

  private static void runScenario(WorkerOptions workerOptions) {
    try (TestServerHarness harness = new TestServerHarness(workerOptions)) {
      harness.worker.registerWorkflowImplementationTypes(CartImpl.class);
      harness.factory.start();
      WorkflowHandle handle = harness.client.start(Cart.class, harness.options(), Cart::run);

      int first = handle.update(Cart.class, c -> c.add("apple"));
      assertThat(first).isEqualTo(1);
      assertThat(handle.update("add", Integer.class, "pear")).isEqualTo(2);
      assertThatThrownBy(() -> handle.update("add", Integer.class, ""))
          .isInstanceOf(WorkflowUpdateException.class)
          .hasMessageContaining("item must not be empty")
          .cause()
          .isInstanceOf(ApplicationFailure.class);
      assertThatThrownBy(
              () ->
                  handle.update(
                      Cart.class,
                      c -> {
                        c.fail();
                        return null;
                      }))
          .isInstanceOf(WorkflowUpdateException.class)
          .satisfies(e -> assertThat(((ApplicationFailure) e.getCause()).type()).isEqualTo("Boom"));
      handle.update(
          Cart.class,
          c -> {
            c.checkout();
            return null;
          });

      assertThat(handle.getResult(String.class)).isEqualTo("apple,pear");
      var events = handle.fetchHistory().getEventsList();
      assertThat(events)
          .filteredOn(
              e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
          .hasSize(4); // the rejected update left no trace
      assertThatCode(() -> WorkflowReplayer.replay(handle.fetchHistory(), CartImpl.class))
          .doesNotThrowAnyException();
    }
  }
}
