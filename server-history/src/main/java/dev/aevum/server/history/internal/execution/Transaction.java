package dev.aevum.server.history.internal.execution;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Timestamps;
import dev.aevum.proto.persistence.MutableState;
import dev.aevum.proto.persistence.TimerTask;
import dev.aevum.proto.persistence.TransferTask;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.sdk.v1.UserMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One state transition of one run: a working copy of its mutable state, the events it appends and
 * the outbox tasks it creates. The shard commits all of it in one database transaction.
 */
public final class Transaction {
  private final RunKey key;
  private final MutableState.Builder state;
  private final long loadedVersion;
  private final long nowMs;
  private final boolean creating;
  private final List<HistoryEvent> newEvents = new ArrayList<>();
  private final List<TransferTask> transferTasks = new ArrayList<>();
  private final List<TimerTask> timerTasks = new ArrayList<>();
  private final int initialStatus;
  private final ByteString initialMemo;
  private final ByteString initialSearchAttributes;
  private boolean stateChanged;
  private Transaction newRun;
  private final List<Runnable> afterCommit = new ArrayList<>();

  Transaction(
      RunKey key, MutableState.Builder state, long loadedVersion, long nowMs, boolean creating) {
    this.key = key;
    this.state = state;
    this.loadedVersion = loadedVersion;
    this.nowMs = nowMs;
    this.creating = creating;
    this.initialStatus = creating ? -1 : state.getExecution().getStatus();
    this.initialMemo = state.getExecution().getMemo();
    this.initialSearchAttributes = state.getExecution().getSearchAttributes();
  }

  /** Set by {@link #attachUserMetadata}: what the next appended event carries. */
  private UserMetadata nextEventMetadata;

  public RunKey key() {
    return key;
  }

  /** The working copy. Changing it marks the transaction as a write. */
  public MutableState.Builder state() {
    stateChanged = true;
    return state;
  }

  /** The working copy, for reading only. */
  public MutableState.Builder read() {
    return state;
  }

  public long nowMs() {
    return nowMs;
  }

  public boolean isRunning() {
    return state.getExecution().getStatus()
        == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING_VALUE;
  }

  /**
   * True while a workflow task is started and not yet completed: new external events get buffered.
   */
  public boolean workflowTaskInFlight() {
    return state.hasWorkflowTask() && state.getWorkflowTask().getStartedEventId() != 0;
  }

  /** Appends an event to history now, giving it the next event id. */
  /**
   * The next event appended carries {@code metadata} (a command's or a start's summary and
   * details); an empty one attaches nothing.
   */
  public void attachUserMetadata(UserMetadata metadata) {
    nextEventMetadata = metadata.getSerializedSize() > 0 ? metadata : null;
  }

  public long append(HistoryEvent.Builder event) {
    long id = state.getNextEventId();
    event.setEventId(id).setEventTime(Timestamps.fromMillis(nowMs));
    if (nextEventMetadata != null) {
      event.setUserMetadata(nextEventMetadata);
      nextEventMetadata = null;
    }
    HistoryEvent built = event.build();
    newEvents.add(built);
    state()
        .setNextEventId(id + 1)
        .setHistorySizeBytes(state.getHistorySizeBytes() + built.getSerializedSize());
    return id;
  }

  /** Appends an event copied from another run's history, keeping its id and time (reset). */
  public void appendCopy(HistoryEvent event) {
    if (event.getEventId() != state.getNextEventId()) {
      throw new IllegalStateException(
          "copied event " + event.getEventId() + " is not next (" + state.getNextEventId() + ")");
    }
    newEvents.add(event);
    state()
        .setNextEventId(event.getEventId() + 1)
        .setHistorySizeBytes(state.getHistorySizeBytes() + event.getSerializedSize());
  }

  /**
   * Appends an event caused by something outside the workflow (an activity result, a timer): if a
   * workflow task is running it is buffered and written after that task's commands.
   *
   * @return true if the event was written now, false if it was buffered
   */
  public boolean appendExternal(HistoryEvent.Builder event) {
    if (workflowTaskInFlight()) {
      event.setEventTime(Timestamps.fromMillis(nowMs));
      state().addBufferedEvents(event.build().toByteString());
      return false;
    }
    append(event);
    return true;
  }

  /** Moves buffered events into history, completions last, fixing up the ids they refer to. */
  public boolean flushBufferedEvents() {
    if (state.getBufferedEventsCount() == 0) {
      return false;
    }
    List<HistoryEvent.Builder> first = new ArrayList<>();
    List<HistoryEvent.Builder> last = new ArrayList<>();
    for (var bytes : state.getBufferedEventsList()) {
      HistoryEvent.Builder event;
      try {
        event = HistoryEvent.parseFrom(bytes).toBuilder();
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("corrupt buffered event in " + key, e);
      }
      (isCompletion(event.getEventType()) ? last : first).add(event);
    }
    state().clearBufferedEvents();
    Map<Long, Long> startedIdByScheduledId = new HashMap<>();
    for (HistoryEvent.Builder event : first) {
      long id = append(event);
      if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
        startedIdByScheduledId.put(
            event.getActivityTaskStartedEventAttributes().getScheduledEventId(), id);
      }
    }
    for (HistoryEvent.Builder event : last) {
      wireStartedEventId(event, startedIdByScheduledId);
      append(event);
    }
    return true;
  }

  /** A buffered activity result names its Started event, whose id is known only once flushed. */
  private static void wireStartedEventId(HistoryEvent.Builder event, Map<Long, Long> startedIds) {
    switch (event.getEventType()) {
      case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
        var a = event.getActivityTaskCompletedEventAttributesBuilder();
        a.setStartedEventId(
            startedIds.getOrDefault(a.getScheduledEventId(), a.getStartedEventId()));
      }
      case EVENT_TYPE_ACTIVITY_TASK_FAILED -> {
        var a = event.getActivityTaskFailedEventAttributesBuilder();
        a.setStartedEventId(
            startedIds.getOrDefault(a.getScheduledEventId(), a.getStartedEventId()));
      }
      case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> {
        var a = event.getActivityTaskTimedOutEventAttributesBuilder();
        a.setStartedEventId(
            startedIds.getOrDefault(a.getScheduledEventId(), a.getStartedEventId()));
      }
      case EVENT_TYPE_ACTIVITY_TASK_CANCELED -> {
        var a = event.getActivityTaskCanceledEventAttributesBuilder();
        a.setStartedEventId(
            startedIds.getOrDefault(a.getScheduledEventId(), a.getStartedEventId()));
      }
      default -> {}
    }
  }

  private static boolean isCompletion(EventType type) {
    return switch (type) {
      case EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
          EVENT_TYPE_ACTIVITY_TASK_FAILED,
          EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
          EVENT_TYPE_ACTIVITY_TASK_CANCELED ->
          true;
      default -> false;
    };
  }

  public void addTransferTask(TransferTask task) {
    transferTasks.add(task);
  }

  public void addTimerTask(TimerTask task) {
    timerTasks.add(task);
  }

  /**
   * Starts a run that replaces this one (continue-as-new, retry, cron) in the same database
   * transaction; the workflow id's current-run pointer moves to it.
   */
  public Transaction createNewRun(String runId) {
    if (newRun != null) {
      throw new IllegalStateException("a transition creates at most one new run");
    }
    newRun =
        new Transaction(
            new RunKey(key.namespaceId(), key.workflowId(), runId),
            MutableState.newBuilder().setNextEventId(1),
            0,
            nowMs,
            true);
    return newRun;
  }

  Optional<Transaction> newRun() {
    return Optional.ofNullable(newRun);
  }

  /** Runs {@code action} once this transition committed, before anyone else hears of the commit. */
  public void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  List<Runnable> afterCommitActions() {
    return afterCommit;
  }

  public boolean hasWrites() {
    return stateChanged
        || !newEvents.isEmpty()
        || !transferTasks.isEmpty()
        || !timerTasks.isEmpty();
  }

  boolean creating() {
    return creating;
  }

  long loadedVersion() {
    return loadedVersion;
  }

  /**
   * Whether what listings show of the run changed: it is new, closed, or got new memo or search
   * attributes.
   */
  boolean visibilityChanged() {
    var execution = state.getExecution();
    return creating
        || statusChanged()
        || !execution.getMemo().equals(initialMemo)
        || !execution.getSearchAttributes().equals(initialSearchAttributes);
  }

  boolean statusChanged() {
    return state.getExecution().getStatus() != initialStatus;
  }

  List<HistoryEvent> newEvents() {
    return newEvents;
  }

  List<TransferTask> transferTasks() {
    return transferTasks;
  }

  List<TimerTask> timerTasks() {
    return timerTasks;
  }
}
