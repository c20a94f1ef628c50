package dev.aevum.sdk.internal.replay;

import dev.aevum.sdk.workflow.NonDeterministicException;
import io.temporal.api.command.v1.Command;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Pairs history events with the commands that created them, and says in plain words when a replayed
 * command differs from the recorded one. Identity is the command type plus its id and type name
 * (activity id and type, timer id); arguments may change between versions without breaking replay,
 * as in Temporal's SDKs.
 */
public final class CommandMatcher {
  private static final Map<EventType, CommandType> COMMAND_OF_EVENT =
      new EnumMap<>(EventType.class);

  static {
    COMMAND_OF_EVENT.put(
        EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
        CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK);
    COMMAND_OF_EVENT.put(
        EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED,
        CommandType.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK);
    COMMAND_OF_EVENT.put(EventType.EVENT_TYPE_TIMER_STARTED, CommandType.COMMAND_TYPE_START_TIMER);
    COMMAND_OF_EVENT.put(
        EventType.EVENT_TYPE_TIMER_CANCELED, CommandType.COMMAND_TYPE_CANCEL_TIMER);
    COMMAND_OF_EVENT.put(
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
        CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION);
    COMMAND_OF_EVENT.put(
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
        CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION);
    COMMAND_OF_EVENT.put(
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
        CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION);
    COMMAND_OF_EVENT.put(
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
        CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION);
    COMMAND_OF_EVENT.put(
        EventType.EVENT_TYPE_MARKER_RECORDED, CommandType.COMMAND_TYPE_RECORD_MARKER);
    COMMAND_OF_EVENT.put(
        EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
        CommandType.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION);
    COMMAND_OF_EVENT.put(
        EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
        CommandType.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION);
    COMMAND_OF_EVENT.put(
        EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
        CommandType.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION);
    COMMAND_OF_EVENT.put(
        EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
        CommandType.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES);
    // Update acceptances and responses are protocol messages ordered among the commands.
    COMMAND_OF_EVENT.put(
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
        CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE);
    COMMAND_OF_EVENT.put(
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
        CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE);
    COMMAND_OF_EVENT.put(
        EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED,
        CommandType.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES);
  }

  private CommandMatcher() {}

  /** The command type that produces {@code event}, or empty when the event is not a command's. */
  public static Optional<CommandType> commandTypeOf(EventType eventType) {
    return Optional.ofNullable(COMMAND_OF_EVENT.get(eventType));
  }

  public static boolean isCommandEvent(HistoryEvent event) {
    return COMMAND_OF_EVENT.containsKey(event.getEventType());
  }

  /**
   * Throws a {@link NonDeterministicException} unless {@code produced} is the command behind {@code
   * event}.
   */
  public static void requireMatch(HistoryEvent event, Command produced) {
    String expected = describe(event);
    String found = describe(produced);
    if (!expected.equals(found)) {
      throw new NonDeterministicException(
          "history event "
              + event.getEventId()
              + " ("
              + event.getEventType()
              + ") expects command "
              + expected
              + " but the workflow code produced "
              + found,
          event.getEventId());
    }
  }

  /** Error for a recorded command that the replayed code did not produce. */
  public static NonDeterministicException missingCommand(HistoryEvent event) {
    return new NonDeterministicException(
        "history event "
            + event.getEventId()
            + " ("
            + event.getEventType()
            + ") expects command "
            + describe(event)
            + " but the workflow code produced no further command",
        event.getEventId());
  }

  /** Error for a replayed command that history does not have. */
  public static NonDeterministicException extraCommand(Command produced, long nextEventId) {
    return new NonDeterministicException(
        "the workflow code produced command "
            + describe(produced)
            + " that history does not contain (expected no command before event "
            + nextEventId
            + ")",
        nextEventId);
  }

  /** A command's identity, in the same words {@link #describe(HistoryEvent)} uses. */
  public static String describe(Command c) {
    String type = shortName(c.getCommandType());
    return switch (c.getCommandType()) {
      case COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK ->
          type
              + "(activityId="
              + c.getScheduleActivityTaskCommandAttributes().getActivityId()
              + ", activityType="
              + c.getScheduleActivityTaskCommandAttributes().getActivityType().getName()
              + ")";
      case COMMAND_TYPE_START_TIMER ->
          type + "(timerId=" + c.getStartTimerCommandAttributes().getTimerId() + ")";
      case COMMAND_TYPE_CANCEL_TIMER ->
          type + "(timerId=" + c.getCancelTimerCommandAttributes().getTimerId() + ")";
      case COMMAND_TYPE_RECORD_MARKER ->
          type + "(markerName=" + c.getRecordMarkerCommandAttributes().getMarkerName() + ")";
      case COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION ->
          type
              + "(workflowType="
              + c.getStartChildWorkflowExecutionCommandAttributes().getWorkflowType().getName()
              + ")";
      default -> type;
    };
  }

  /** The identity of the command recorded by {@code event}. */
  public static String describe(HistoryEvent e) {
    CommandType commandType = COMMAND_OF_EVENT.get(e.getEventType());
    if (commandType == null) {
      return e.getEventType().name();
    }
    String type = shortName(commandType);
    return switch (e.getEventType()) {
      case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED ->
          type
              + "(activityId="
              + e.getActivityTaskScheduledEventAttributes().getActivityId()
              + ", activityType="
              + e.getActivityTaskScheduledEventAttributes().getActivityType().getName()
              + ")";
      case EVENT_TYPE_TIMER_STARTED ->
          type + "(timerId=" + e.getTimerStartedEventAttributes().getTimerId() + ")";
      case EVENT_TYPE_TIMER_CANCELED ->
          type + "(timerId=" + e.getTimerCanceledEventAttributes().getTimerId() + ")";
      case EVENT_TYPE_MARKER_RECORDED ->
          type + "(markerName=" + e.getMarkerRecordedEventAttributes().getMarkerName() + ")";
      case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED ->
          type
              + "(workflowType="
              + e.getStartChildWorkflowExecutionInitiatedEventAttributes()
                  .getWorkflowType()
                  .getName()
              + ")";
      default -> type;
    };
  }

  /** COMMAND_TYPE_START_TIMER becomes StartTimer. */
  static String shortName(CommandType type) {
    StringBuilder out = new StringBuilder();
    for (String part : type.name().substring("COMMAND_TYPE_".length()).split("_")) {
      out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }
}
