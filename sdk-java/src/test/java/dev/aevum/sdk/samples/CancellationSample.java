package dev.aevum.sdk.samples;

import dev.aevum.sdk.WorkflowFailedException;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.failure.CanceledFailure;
import dev.aevum.sdk.workflow.QueryMethod;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;

/**
 * A client cancels a waiting workflow; the workflow releases its reservation in a detached scope.
 */
public final class CancellationSample {
  @ActivityInterface
  public interface Reservations {
    void release(String seat);
  }

  public static final class ReservationsImpl implements Reservations {
    @Override
    public void release(String seat) {
      System.out.println("released " + seat);
    }
  }

  @WorkflowInterface
  public interface Booking {
    @WorkflowMethod
    String hold(String seat);

    @QueryMethod
    boolean waiting();
  }

  public static final class BookingImpl implements Booking {
    private boolean waiting;

    @Override
    public String hold(String seat) {
      try {
        waiting = true;
        Workflow.sleep(Duration.ofHours(1)); // hold the seat for an hour
        return "held " + seat;
      } catch (CanceledFailure e) {
        Workflow.newDetachedCancellationScope(
                () ->
                    Workflow.newActivityStub(
                            Reservations.class,
                            ActivityOptions.newBuilder()
                                .startToCloseTimeout(Duration.ofSeconds(10))
                                .build())
                        .release(seat))
            .run();
        throw e;
      }
    }

    @Override
    public boolean waiting() {
      return waiting;
    }
  }

  /** Runs the sample against the server at {@code target} and returns what it printed. */
  public static String run(String target) {
    return SampleRunner.run(
        target,
        worker ->
            worker
                .registerWorkflowImplementationTypes(BookingImpl.class)
                .registerActivitiesImplementations(new ReservationsImpl()),
        (client, options) -> {
          WorkflowHandle handle = client.start(Booking.class, options, b -> b.hold("12A"));
          while (!handle.query(Booking.class, Booking::waiting)) {
            Thread.onSpinWait(); // until the workflow holds the seat
          }
          handle.cancel("customer left");
          try {
            return handle.getResult(String.class);
          } catch (WorkflowFailedException e) {
            return "booking " + e.getCause().getClass().getSimpleName();
          }
        });
  }

  public static void main(String[] args) {
    System.out.println(run(SampleRunner.target(args)));
  }
}
