package dev.aevum.sdk.samples;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.worker.WorkflowReplayer;
import dev.aevum.sdk.workflow.NonDeterministicException;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.history.v1.History;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Checking a code change against recorded histories before deploying it. The sample runs a
 * workflow, saves its history as JSON (the form {@code temporal workflow show -o json} writes), and
 * replays that file with {@code WorkflowReplayer}: a refactoring replays cleanly, a change that
 * reorders the workflow's steps fails with {@code NonDeterministicException}.
 */
public final class ReplaySample {
  @ActivityInterface
  public interface Billing {
    String invoice(String customer);
  }

  public static final class BillingImpl implements Billing {
    @Override
    public String invoice(String customer) {
      return "invoice for " + customer;
    }
  }

  @WorkflowInterface
  public interface Subscription {
    @WorkflowMethod(name = "Subscription")
    String renew(String customer);
  }

  private static Billing billing() {
    return Workflow.newActivityStub(
        Billing.class,
        ActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(10)).build());
  }

  /** The deployed code: bill, then wait a grace period. */
  public static final class Deployed implements Subscription {
    @Override
    public String renew(String customer) {
      String invoice = billing().invoice(customer);
      Workflow.sleep(Duration.ofMillis(100));
      return invoice + " sent";
    }
  }

  /** A compatible change: the same steps in the same order, written differently. */
  public static final class Refactored implements Subscription {
    @Override
    public String renew(String customer) {
      Billing billing = billing();
      String invoice = billing.invoice(customer);
      Workflow.sleep(Duration.ofMillis(100));
      return String.join(" ", invoice, "sent");
    }
  }

  /**
   * An incompatible change: the grace period now comes first, so recorded histories no longer
   * match.
   */
  public static final class Reordered implements Subscription {
    @Override
    public String renew(String customer) {
      Workflow.sleep(Duration.ofMillis(100));
      return billing().invoice(customer) + " sent";
    }
  }

  /** What the live run left behind: its result, and its history saved as a JSON file. */
  private record Recorded(String outcome, Path historyFile) {}

  /** Runs the sample against the server at {@code target} and returns what it printed. */
  public static String run(String target) {
    Recorded recorded =
        SampleRunner.run(
            target,
            worker ->
                worker
                    .registerWorkflowImplementationTypes(Deployed.class)
                    .registerActivitiesImplementations(new BillingImpl()),
            (client, options) -> {
              WorkflowHandle handle =
                  client.start(Subscription.class, options, s -> s.renew("ann"));
              String outcome = handle.getResult(String.class);
              return new Recorded(outcome, save(handle.fetchHistory()));
            });
    // No server is needed from here on: replay runs the workflow code against the file alone.
    History history = load(recorded.historyFile());
    return recorded.outcome()
        + "; replayed from JSON: Deployed "
        + replay(history, Deployed.class)
        + ", Refactored "
        + replay(history, Refactored.class)
        + ", Reordered "
        + replay(history, Reordered.class);
  }

  private static String replay(History history, Class<?> implementation) {
    try {
      WorkflowReplayer.replay(history, implementation);
      return "ok";
    } catch (NonDeterministicException e) {
      System.out.println(implementation.getSimpleName() + ": " + e.getMessage());
      return "NonDeterministicException";
    }
  }

  private static Path save(History history) {
    try {
      Path file = Files.createTempFile("subscription-history", ".json");
      file.toFile().deleteOnExit();
      Files.writeString(file, WorkflowReplayer.toJson(history));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static History load(Path file) {
    try {
      return WorkflowReplayer.parseJson(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void main(String[] args) {
    System.out.println(run(SampleRunner.target(args)));
  }
}
