package dev.aevum.sdk.internal.replay;

import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.failure.ActivityFailure;
import dev.aevum.sdk.failure.AevumFailure;
import dev.aevum.sdk.failure.CanceledFailure;
import dev.aevum.sdk.internal.common.FailureConverter;
import dev.aevum.sdk.internal.common.ProtoTime;
import dev.aevum.sdk.workflow.NonDeterministicException;
import dev.aevum.sdk.workflow.WorkflowInfo;
import io.temporal.api.command.v1.Command;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Replays one workflow execution from its history and produces the commands of the current
 * workflow task.
 *
 * <p>History is read in order. At each completed workflow task the workflow code runs until it
 * blocks; the commands it produced must then equal, one by one, the command events that follow the
 * task's WorkflowTaskCompleted event. Result events (activity completed, timer fired) fill the
 * slots the code waits on. At the last WorkflowTaskStarted event the code runs once more and its
 * unmatched commands are the task's answer.
 */
public final class WorkflowExecutionRunner implements WorkflowContext, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WorkflowExecutionRunner.class.getName());
  private final WorkflowEntryPoint entryPoint;
  private final DataConverter converter;
  private final FailureConverter failures;
  private final String namespace;
  private final String workflowId;
  private final String runId;
  private final DeterministicScheduler scheduler;
  private final Deque<PendingCommand> pending = new ArrayDeque<>();
  private final Map<Long, Resolution> byInitiatedEventId = new HashMap<>();
  private final Deque<HistoryEvent> recordedMarkers = new ArrayDeque<>();
  private WorkflowInfo info;
  private Random random;
  private long currentTimeMillis;
  private boolean replaying = true;
  private int sequence;
  private boolean started;
  private long lastEventId;
  private boolean closed;

  public WorkflowExecutionRunner(
      WorkflowEntryPoint entryPoint,
      DataConverter converter,
      String namespace,
      String workflowId,
      String runId,
      Duration deadlockTimeout) {
    this.entryPoint = entryPoint;
    this.converter = converter;
    this.failures = new FailureConverter(converter);
    this.namespace = namespace;
    this.workflowId = workflowId;
    this.runId = runId;
    this.scheduler = new DeterministicScheduler("workflow[" + workflowId + "]", deadlockTimeout);
    this.scheduler.attach(this);
  }

  /**
   * Processes history events: the full history, or (for a cached execution) the events that
   * follow the last call's. Returns the new commands when the events end with the current
   * WorkflowTaskStarted event; for a closed history (replayer) returns an empty list after checking
   * every recorded command. Commands returned stay pending until their events arrive.
   *
   * @throws WorkflowTaskFailedException when the code diverges from history or fails unexpectedly
   */
  public List<Command> process(List<HistoryEvent> events) {
    try {
      for (int i = 0; i < events.size(); i++) {
        HistoryEvent event = events.get(i);
        HistoryEvent next = i + 1 < events.size() ? events.get(i + 1) : null;
        lastEventId = event.getEventId();
        if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) {
          collectRecordedMarkers(events, i + 2);
        }
        if (apply(event, next)) {
          return newCommands();
        }
      }
      requireNoUnmatched(events.isEmpty() ? 1 : events.get(events.size() - 1).getEventId() + 1);
      return List.of();
    } catch (NonDeterministicException e) {
      throw new WorkflowTaskFailedException(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR, e);
    }
  }

  /**
   * Side effects need their recorded values while the code runs, before the marker events are
   * matched: look ahead at the task's command events and queue its markers in order.
   */
  private void collectRecordedMarkers(List<HistoryEvent> events, int firstCommandEvent) {
    recordedMarkers.clear();
    if (firstCommandEvent - 1 >= events.size()
        || events.get(firstCommandEvent - 1).getEventType() != EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
      return;
    }
    for (int j = firstCommandEvent; j < events.size() && CommandMatcher.isCommandEvent(events.get(j)); j++) {
      if (events.get(j).getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED) {
        recordedMarkers.addLast(events.get(j));
      }
    }
  }

  /** Applies one event; returns true when it is the current task's start and the code has run. */
  private boolean apply(HistoryEvent event, HistoryEvent next) {
    EventType type = event.getEventType();
    if (CommandMatcher.isCommandEvent(event)) {
      PendingCommand produced = pending.pollFirst();
      if (produced == null) {
        throw CommandMatcher.missingCommand(event);
      }
      CommandMatcher.requireMatch(event, produced.command());
      produced.onRecorded().accept(event);
      return false;
    }
    switch (type) {
      case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> start(event);
      case EVENT_TYPE_WORKFLOW_TASK_STARTED -> {
        if (next == null) {
          requireNoUnmatched(event.getEventId());
          replaying = false;
          runCode(event);
          return true;
        }
        if (next.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
          requireNoUnmatched(event.getEventId());
          runCode(event);
        }
        // A task that failed or timed out produced nothing durable: skip it.
      }
      case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> resolve(event.getActivityTaskCompletedEventAttributes().getScheduledEventId(), event);
      case EVENT_TYPE_ACTIVITY_TASK_FAILED -> resolve(event.getActivityTaskFailedEventAttributes().getScheduledEventId(), event);
      case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> resolve(event.getActivityTaskTimedOutEventAttributes().getScheduledEventId(), event);
      case EVENT_TYPE_ACTIVITY_TASK_CANCELED -> resolve(event.getActivityTaskCanceledEventAttributes().getScheduledEventId(), event);
      case EVENT_TYPE_TIMER_FIRED -> resolve(event.getTimerFiredEventAttributes().getStartedEventId(), event);
      case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> signal(event);
      default -> {
        // Other events (task scheduled/completed, activity started, ...) carry nothing the code waits on yet.
      }
    }
    return false;
  }

  private void start(HistoryEvent event) {
    WorkflowExecutionStartedEventAttributes a = event.getWorkflowExecutionStartedEventAttributes();
    info = new WorkflowInfo(namespace, workflowId, runId, a.getWorkflowType().getName(), a.getTaskQueue().getName(), a.getAttempt());
    random = new Random(runId.hashCode() * 31L + workflowId.hashCode());
    currentTimeMillis = ProtoTime.toJava(event.getEventTime()).toEpochMilli();
    Optional<Payloads> input = a.hasInput() ? Optional.of(a.getInput()) : Optional.empty();
    scheduler.newThread("root", () -> runWorkflowMethod(input));
    started = true;
  }

  private void runWorkflowMethod(Optional<Payloads> input) {
    Command closing;
    try {
      closing = Commands.completeWorkflow(entryPoint.run(input));
    } catch (AevumFailure e) {
      // Only SDK failures fail the workflow; other exceptions fail the task so a fix can be deployed.
      closing = Commands.failWorkflow(failures.toFailure(e));
    } catch (ContinueAsNewRequested e) {
      return; // The command is already emitted.
    }
    emitClosing(closing);
  }

  private void emitClosing(Command closing) {
    if (!closed()) {
      pending.addLast(new PendingCommand(closing, event -> {}));
    }
  }

  private boolean closed() {
    return pending.stream().anyMatch(p -> isClosing(p.command())) || closed;
  }

  /** Each signal gets its own thread, created in history order, so replay delivers them identically. */
  private void signal(HistoryEvent event) {
    var a = event.getWorkflowExecutionSignaledEventAttributes();
    Optional<Payloads> input = a.hasInput() ? Optional.of(a.getInput()) : Optional.empty();
    String name = a.getSignalName();
    scheduler.newThread("signal:" + name, () -> {
      try {
        if (!entryPoint.signal(name, input)) {
          LOG.log(System.Logger.Level.WARNING, "workflow " + workflowId + " has no handler for signal " + name + "; dropped");
        }
      } catch (AevumFailure e) {
        emitClosing(Commands.failWorkflow(failures.toFailure(e)));
      } catch (ContinueAsNewRequested e) {
        // The command is already emitted.
      }
    });
  }

  private void runCode(HistoryEvent workflowTaskStarted) {
    if (!started) {
      throw new NonDeterministicException(
          "history has no WorkflowExecutionStarted event before event " + workflowTaskStarted.getEventId(),
          workflowTaskStarted.getEventId());
    }
    currentTimeMillis = ProtoTime.toJava(workflowTaskStarted.getEventTime()).toEpochMilli();
    scheduler.runUntilBlocked();
    Throwable failure = scheduler.failure();
    if (failure instanceof NonDeterministicException nde) {
      throw nde;
    }
    if (failure != null) {
      throw new WorkflowTaskFailedException(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE, failure);
    }
  }

  private void resolve(long initiatedEventId, HistoryEvent event) {
    Resolution resolution = byInitiatedEventId.remove(initiatedEventId);
    if (resolution == null) {
      throw new NonDeterministicException(
          "history event " + event.getEventId() + " (" + event.getEventType() + ") resolves event " + initiatedEventId
              + ", which the workflow code never scheduled",
          event.getEventId());
    }
    resolution.resolve(event);
  }

  private void requireNoUnmatched(long nextEventId) {
    PendingCommand extra = pending.peekFirst();
    if (extra != null) {
      throw CommandMatcher.extraCommand(extra.command(), nextEventId);
    }
  }

  private List<Command> newCommands() {
    List<Command> commands = new ArrayList<>(pending.size());
    for (PendingCommand p : pending) {
      commands.add(p.command());
      closed |= isClosing(p.command());
    }
    return commands;
  }

  private static boolean isClosing(Command command) {
    return switch (command.getCommandType()) {
      case COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
          COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION,
          COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION,
          COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION -> true;
      default -> false;
    };
  }

  /** The id of the last event processed; a cached runner continues with the event after it. */
  public long lastEventId() {
    return lastEventId;
  }

  /** True once the code has produced a command that closes the execution. */
  public boolean isClosed() {
    return closed;
  }

  private Resolution emit(Command command, String description) {
    Resolution resolution = new Resolution(description);
    pending.addLast(
        new PendingCommand(
            command,
            event -> {
              resolution.recorded(event);
              byInitiatedEventId.put(event.getEventId(), resolution);
            }));
    return resolution;
  }

  @Override
  public long currentTimeMillis() {
    return currentTimeMillis;
  }

  @Override
  public boolean isReplaying() {
    return replaying;
  }

  @Override
  public WorkflowInfo info() {
    return info;
  }

  @Override
  public Random random() {
    return random;
  }

  @Override
  public void sleep(Duration duration) {
    if (duration.isZero()) {
      return;
    }
    String timerId = String.valueOf(++sequence);
    Resolution timer = emit(Commands.startTimer(timerId, duration), "timer " + timerId);
    await(timer::isResolved, "sleep " + duration + " (timer " + timerId + ")");
  }

  @Override
  public void await(BooleanSupplier condition, String reason) {
    DeterministicScheduler.yieldUntil(condition, reason);
  }

  @Override
  public Object executeActivity(
      String activityType, ActivityOptions options, Object[] args, Class<?> resultClass, Type resultType) {
    String activityId = String.valueOf(++sequence);
    Command command = Commands.scheduleActivity(activityId, activityType, info.taskQueue(), options, converter.toPayloads(args));
    Resolution activity = emit(command, "activity " + activityType);
    await(activity::isResolved, "activity " + activityType + " (id " + activityId + ")");
    HistoryEvent outcome = activity.outcome();
    return switch (outcome.getEventType()) {
      case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
        var a = outcome.getActivityTaskCompletedEventAttributes();
        yield converter.fromPayloads(0, a.hasResult() ? Optional.of(a.getResult()) : Optional.empty(), resultClass, resultType);
      }
      case EVENT_TYPE_ACTIVITY_TASK_FAILED -> {
        var a = outcome.getActivityTaskFailedEventAttributes();
        throw activityFailure(activityType, activityId, activity, a.getRetryState().name(), a.getFailure());
      }
      case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> {
        var a = outcome.getActivityTaskTimedOutEventAttributes();
        throw activityFailure(activityType, activityId, activity, a.getRetryState().name(), a.getFailure());
      }
      default -> throw new ActivityFailure(
          "", activityType, activityId, activity.initiatedEventId(), "RETRY_STATE_NON_RETRYABLE_FAILURE",
          new CanceledFailure("activity canceled", null));
    };
  }

  private ActivityFailure activityFailure(
      String activityType, String activityId, Resolution activity, String retryState, Failure failure) {
    return new ActivityFailure(
        "", activityType, activityId, activity.initiatedEventId(), retryState, failures.toException(failure));
  }

  /**
   * Runs a query handler on a workflow thread against the current state. Throws what the handler
   * threw; a handler that blocks is an error and leaves the runner unusable (the caller evicts it).
   */
  public Optional<Payloads> query(String name, Optional<Payloads> args) {
    Object[] outcome = new Object[1];
    Throwable[] error = new Throwable[1];
    boolean[] done = new boolean[1];
    scheduler.newThread("query:" + name, () -> {
      try {
        outcome[0] = entryPoint.query(name, args);
      } catch (RuntimeException e) {
        error[0] = e;
      } finally {
        done[0] = true;
      }
    });
    scheduler.runUntilBlocked();
    if (!done[0]) {
      throw new IllegalStateException("query handler " + name + " blocked; query handlers must not block");
    }
    if (error[0] instanceof RuntimeException e) {
      throw e;
    }
    @SuppressWarnings("unchecked")
    Optional<Payloads> result = (Optional<Payloads>) outcome[0];
    return result;
  }

  @Override
  public Object sideEffect(Class<?> resultClass, Type resultType, Supplier<?> function) {
    Payloads value;
    HistoryEvent recorded = replaying ? recordedMarkers.pollFirst() : null;
    if (recorded != null && recorded.getMarkerRecordedEventAttributes().getMarkerName().equals(Commands.SIDE_EFFECT_MARKER)) {
      value = recorded.getMarkerRecordedEventAttributes().getDetailsOrDefault(Commands.MARKER_DATA_KEY, Payloads.getDefaultInstance());
    } else {
      // First execution (or a history without the marker, which command matching reports next).
      value = converter.toPayloads(function.get());
    }
    pending.addLast(new PendingCommand(Commands.sideEffectMarker(value), event -> {}));
    return converter.fromPayloads(0, Optional.of(value), resultClass, resultType);
  }

  @Override
  public void continueAsNew(Object[] args) {
    emitClosing(Commands.continueAsNew(info.workflowType(), info.taskQueue(), converter.toPayloads(args)));
    throw new ContinueAsNewRequested();
  }

  /** Unwinds the thread that asked to continue as new; an Error so workflow catch blocks let it pass. */
  static final class ContinueAsNewRequested extends Error {
    private static final long serialVersionUID = 1L;

    ContinueAsNewRequested() {
      super("continue as new", null, false, false);
    }
  }

  /** Unwinds all workflow threads; the runner cannot be used afterwards. */
  @Override
  public void close() {
    scheduler.destroy();
  }
}
