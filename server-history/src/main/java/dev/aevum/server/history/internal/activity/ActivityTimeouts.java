package dev.aevum.server.history.internal.activity;

/**
 * Temporal's normalisation of an activity's timeouts, for a workflow's activities and standalone
 * ones alike: the run timeout (if any) caps everything, schedule-to-close bounds the rest, and one
 * of schedule-to-close and start-to-close must be set.
 */
public record ActivityTimeouts(
    long scheduleToCloseMs, long scheduleToStartMs, long startToCloseMs, long heartbeatMs) {

  /** Timeouts that no normalisation makes valid; the message says why. */
  public static final class Invalid extends IllegalArgumentException {
    Invalid(String message) {
      super(message);
    }
  }

  /**
   * @param runTimeoutMs the workflow run's timeout, 0 for none (and for standalone activities)
   * @param subject what carried them, for the message ("ScheduleActivityTaskCommand")
   * @throws Invalid when they are negative, or neither schedule-to-close nor start-to-close is set
   */
  public static ActivityTimeouts normalize(
      long scheduleToClose,
      long scheduleToStart,
      long startToClose,
      long heartbeat,
      long runTimeoutMs,
      String subject) {
    if (scheduleToClose < 0 || scheduleToStart < 0 || startToClose < 0 || heartbeat < 0) {
      throw new Invalid("A valid timeout may not be negative.");
    }
    if (runTimeoutMs > 0) {
      scheduleToClose =
          scheduleToClose == 0 ? runTimeoutMs : Math.min(scheduleToClose, runTimeoutMs);
      scheduleToStart =
          scheduleToStart == 0 ? runTimeoutMs : Math.min(scheduleToStart, runTimeoutMs);
      startToClose = startToClose == 0 ? runTimeoutMs : Math.min(startToClose, runTimeoutMs);
    }
    if (scheduleToClose > 0) {
      scheduleToStart =
          scheduleToStart == 0 ? scheduleToClose : Math.min(scheduleToStart, scheduleToClose);
      startToClose = startToClose == 0 ? scheduleToClose : Math.min(startToClose, scheduleToClose);
    } else if (startToClose == 0) {
      throw new Invalid(
          "A valid StartToClose or ScheduleToCloseTimeout is not set on " + subject + ".");
    }
    return new ActivityTimeouts(
        scheduleToClose, scheduleToStart, startToClose, Math.min(heartbeat, startToClose));
  }
}
