package dev.aevum.sdk.internal.replay;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.aevum.sdk.ContextPropagator;
import dev.aevum.sdk.activity.ActivityCancellationType;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.activity.LocalActivityOptions;
import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.converter.EncodedValues;
import dev.aevum.sdk.failure.ActivityFailure;
import dev.aevum.sdk.failure.AevumFailure;
import dev.aevum.sdk.failure.ApplicationFailure;
import dev.aevum.sdk.failure.CanceledFailure;
import dev.aevum.sdk.failure.ChildWorkflowFailure;
import dev.aevum.sdk.failure.RetryState;
import dev.aevum.sdk.failure.TerminatedFailure;
import dev.aevum.sdk.failure.TimeoutFailure;
import dev.aevum.sdk.failure.TimeoutType;
import dev.aevum.sdk.internal.common.Enums;
import dev.aevum.sdk.internal.common.FailureConverter;
import dev.aevum.sdk.internal.common.Headers;
import dev.aevum.sdk.internal.common.ProtoTime;
import dev.aevum.sdk.internal.common.SearchAttributes;
import dev.aevum.sdk.worker.WorkerInterceptor;
import dev.aevum.sdk.workflow.ChildWorkflowOptions;
import dev.aevum.sdk.workflow.DynamicQueryHandler;
import dev.aevum.sdk.workflow.DynamicSignalHandler;
import dev.aevum.sdk.workflow.DynamicUpdateHandler;
import dev.aevum.sdk.workflow.NonDeterministicException;
import dev.aevum.sdk.workflow.Promise;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInfo;
import io.temporal.api.command.v1.Command;
import io.temporal.api.common.v1.Header;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.protocol.v1.Message;
import io.temporal.api.update.v1.Acceptance;
import io.temporal.api.update.v1.Outcome;
import io.temporal.api.update.v1.Rejection;
import io.temporal.api.update.v1.Request;
import io.temporal.api.update.v1.Response;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Replays one workflow execution from its history and produces the commands of the current workflow
 * task.
 *
 * <p>History is read in order. At each completed workflow task the workflow code runs until it
 * blocks; the commands it produced must then equal, one by one, the command events that follow the
 * task's WorkflowTaskCompleted event. Result events (activity completed, timer fired) fill the
 * slots the code waits on. At the last WorkflowTaskStarted event the code runs once more and its
 * unmatched commands are the task's answer.
 */
public final class WorkflowExecutionRunner implements WorkflowContext, AutoCloseable {
  private static final System.Logger LOG =
      System.getLogger(WorkflowExecutionRunner.class.getName());
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
  private final ScopeImpl rootScope = ScopeImpl.newRoot();
  private final Map<String, Integer> versions = new HashMap<>();
  private final Map<String, Payloads> mutableValues = new HashMap<>();
  private int asyncThreads;
  private DynamicSignalHandler dynamicSignalHandler;
  private DynamicQueryHandler dynamicQueryHandler;
  private DynamicUpdateHandler dynamicUpdateHandler;
  private List<ContextPropagator> propagators = List.of();
  private Header startHeader = Header.getDefaultInstance();
  private Map<String, Payload> memo = Map.of();
  // Insertion-ordered so upserts replace in place; replay rebuilds it from the start event and
  // re-run code.
  private final Map<String, Object> searchAttributes = new LinkedHashMap<>();
  private final Deque<HistoryEvent> acceptedUpdates = new ArrayDeque<>();
  private final List<Message> outgoingMessages = new ArrayList<>();
  private List<Message> liveMessages = List.of();
  private final LocalActivityQueue localActivities = new LocalActivityQueue();
  private LocalActivityExecutor localActivityExecutor = LocalActivityExecutor.UNAVAILABLE;

  /** Servers default the workflow task timeout to 10 s when the start request names none. */
  private static final Duration DEFAULT_WORKFLOW_TASK_TIMEOUT = Duration.ofSeconds(10);

  private Duration workflowTaskTimeout = DEFAULT_WORKFLOW_TASK_TIMEOUT;

  /**
   * When the current task was received (System.nanoTime); its heartbeat is due at 80% of the task
   * timeout.
   */
  private long taskReceivedNanos;

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
   * Processes history events: the full history, or (for a cached execution) the events that follow
   * the last call's. Returns the new commands when the events end with the current
   * WorkflowTaskStarted event; for a closed history (replayer) returns an empty list after checking
   * every recorded command. Commands returned stay pending until their events arrive.
   *
   * @throws WorkflowTaskFailedException when the code diverges from history or fails unexpectedly
   */
  public List<Command> process(List<HistoryEvent> events) {
    return process(events, List.of());
  }

  /**
   * Like {@link #process(List)}, with the protocol messages (update requests) that came with the
   * current workflow task. The answers to them are in {@link #newMessages()} afterwards.
   */
  public List<Command> process(List<HistoryEvent> events, List<Message> messages) {
    return process(events, messages, System.nanoTime());
  }

  /**
   * Like {@link #process(List, List)} for a task received at {@code taskReceivedNanos}
   * (System.nanoTime): local activities still running at 80% of the workflow task timeout are left
   * running, and {@link #hasRunningLocalActivities()} tells the caller to heartbeat the task.
   */
  public List<Command> process(
      List<HistoryEvent> events, List<Message> messages, long taskReceivedNanos) {
    liveMessages = messages;
    this.taskReceivedNanos = taskReceivedNanos;
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
      throw new WorkflowTaskFailedException(
          WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR, e);
    }
  }

  /**
   * Side effects need their recorded values while the code runs, before the marker events are
   * matched: look ahead at the task's command events and queue its markers in order.
   */
  private void collectRecordedMarkers(List<HistoryEvent> events, int firstCommandEvent) {
    recordedMarkers.clear();
    acceptedUpdates.clear();
    if (firstCommandEvent - 1 >= events.size()
        || events.get(firstCommandEvent - 1).getEventType()
            != EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
      return;
    }
    // The server appends the events of update messages after the task's command events.
    for (int j = firstCommandEvent;
        j < events.size()
            && (CommandMatcher.isCommandEvent(events.get(j)) || isUpdateEvent(events.get(j)));
        j++) {
      if (events.get(j).getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED) {
        recordedMarkers.addLast(events.get(j));
      } else if (events.get(j).getEventType()
          == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED) {
        acceptedUpdates.addLast(events.get(j));
      }
    }
  }

  private boolean isUnclaimedVersionMarker(HistoryEvent event) {
    if (event.getEventType() != EventType.EVENT_TYPE_MARKER_RECORDED
        || !event
            .getMarkerRecordedEventAttributes()
            .getMarkerName()
            .equals(Commands.VERSION_MARKER)) {
      return false;
    }
    PendingCommand next = pending.peekFirst();
    if (next == null || !next.command().hasRecordMarkerCommandAttributes()) {
      return true;
    }
    var produced = next.command().getRecordMarkerCommandAttributes();
    return !produced.getMarkerName().equals(Commands.VERSION_MARKER)
        || !decodeString(produced.getDetailsMap().get(Commands.VERSION_CHANGE_ID_KEY))
            .equals(
                decodeString(
                    event
                        .getMarkerRecordedEventAttributes()
                        .getDetailsMap()
                        .get(Commands.VERSION_CHANGE_ID_KEY)));
  }

  private static boolean isUpdateEvent(HistoryEvent event) {
    return event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED
        || event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED;
  }

  /** Applies one event; returns true when it is the current task's start and the code has run. */
  private boolean apply(HistoryEvent event, HistoryEvent next) {
    EventType type = event.getEventType();
    if (CommandMatcher.isCommandEvent(event)) {
      if (isUnclaimedVersionMarker(event)) {
        // The getVersion call was removed once all old executions were gone: its marker is history
        // only.
        return false;
      }
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
          for (var message : liveMessages) {
            updateRequested(message);
          }
          runCode(event);
          return true;
        }
        if (next.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
          requireNoUnmatched(event.getEventId());
          // Updates accepted by this task start where they started originally: before its code
          // runs.
          for (HistoryEvent accepted : acceptedUpdates) {
            var a = accepted.getWorkflowExecutionUpdateAcceptedEventAttributes();
            startUpdate(
                a.getProtocolInstanceId(),
                a.getAcceptedRequestMessageId(),
                a.getAcceptedRequestSequencingEventId(),
                a.getAcceptedRequest(),
                false);
          }
          runCode(event);
        }
        // A task that failed or timed out produced nothing durable: skip it.
      }
      case EVENT_TYPE_ACTIVITY_TASK_COMPLETED ->
          resolve(event.getActivityTaskCompletedEventAttributes().getScheduledEventId(), event);
      case EVENT_TYPE_ACTIVITY_TASK_FAILED ->
          resolve(event.getActivityTaskFailedEventAttributes().getScheduledEventId(), event);
      case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT ->
          resolve(event.getActivityTaskTimedOutEventAttributes().getScheduledEventId(), event);
      case EVENT_TYPE_ACTIVITY_TASK_CANCELED ->
          resolve(event.getActivityTaskCanceledEventAttributes().getScheduledEventId(), event);
      case EVENT_TYPE_TIMER_FIRED ->
          resolve(event.getTimerFiredEventAttributes().getStartedEventId(), event);
      case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> signal(event);
      case EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED ->
          rootScope.cancel(event.getWorkflowExecutionCancelRequestedEventAttributes().getCause());
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED -> childStarted(event);
      case EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED ->
          resolve(
              event.getExternalWorkflowExecutionSignaledEventAttributes().getInitiatedEventId(),
              event);
      case EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED ->
          resolve(
              event.getSignalExternalWorkflowExecutionFailedEventAttributes().getInitiatedEventId(),
              event);
      case EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED ->
          resolve(
              event
                  .getExternalWorkflowExecutionCancelRequestedEventAttributes()
                  .getInitiatedEventId(),
              event);
      case EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED ->
          resolve(
              event
                  .getRequestCancelExternalWorkflowExecutionFailedEventAttributes()
                  .getInitiatedEventId(),
              event);
      case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED ->
          resolve(
              event.getStartChildWorkflowExecutionFailedEventAttributes().getInitiatedEventId(),
              event);
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED ->
          resolve(
              event.getChildWorkflowExecutionCompletedEventAttributes().getInitiatedEventId(),
              event);
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED ->
          resolve(
              event.getChildWorkflowExecutionFailedEventAttributes().getInitiatedEventId(), event);
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED ->
          resolve(
              event.getChildWorkflowExecutionCanceledEventAttributes().getInitiatedEventId(),
              event);
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT ->
          resolve(
              event.getChildWorkflowExecutionTimedOutEventAttributes().getInitiatedEventId(),
              event);
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED ->
          resolve(
              event.getChildWorkflowExecutionTerminatedEventAttributes().getInitiatedEventId(),
              event);
      default -> {
        // Other events (task scheduled/completed, activity started, ...) carry nothing the code
        // waits on yet.
      }
    }
    return false;
  }

  private void start(HistoryEvent event) {
    WorkflowExecutionStartedEventAttributes a = event.getWorkflowExecutionStartedEventAttributes();
    info =
        new WorkflowInfo(
            namespace,
            workflowId,
            runId,
            a.getWorkflowType().getName(),
            a.getTaskQueue().getName(),
            a.getAttempt());
    random = new Random(runId.hashCode() * 31L + workflowId.hashCode());
    currentTimeMillis = ProtoTime.toJava(event.getEventTime()).toEpochMilli();
    Optional<Payloads> input = a.hasInput() ? Optional.of(a.getInput()) : Optional.empty();
    startHeader = a.getHeader();
    Duration taskTimeout = ProtoTime.toJava(a.getWorkflowTaskTimeout());
    workflowTaskTimeout =
        taskTimeout.isZero() || taskTimeout.isNegative()
            ? DEFAULT_WORKFLOW_TASK_TIMEOUT
            : taskTimeout;
    memo = Map.copyOf(a.getMemo().getFieldsMap());
    searchAttributes.putAll(SearchAttributes.decode(a.getSearchAttributes()));
    newThread("root", rootScope, startHeader, () -> runWorkflowMethod(input));
    started = true;
  }

  private void runWorkflowMethod(Optional<Payloads> input) {
    Command closing;
    try {
      closing = Commands.completeWorkflow(entryPoint.run(input));
    } catch (AevumFailure e) {
      // Only SDK failures fail the workflow; other exceptions fail the task so a fix can be
      // deployed.
      closing = closingFor(e);
    } catch (ContinueAsNewRequested e) {
      return; // The command is already emitted.
    }
    emitClosing(closing);
  }

  /** A canceled workflow whose code gave up with a cancellation ends canceled, not failed. */
  private Command closingFor(AevumFailure e) {
    return rootScope.cancelRequested() && isCancellation(e)
        ? Commands.cancelWorkflow()
        : Commands.failWorkflow(failures.toFailure(e));
  }

  private static boolean isCancellation(AevumFailure e) {
    return e instanceof CanceledFailure || e.getCause() instanceof CanceledFailure;
  }

  private void emitClosing(Command closing) {
    if (!closed()) {
      pending.addLast(new PendingCommand(closing, event -> {}));
    }
  }

  private boolean closed() {
    return pending.stream().anyMatch(p -> isClosing(p.command())) || closed;
  }

  /**
   * Each signal gets its own thread, created in history order, so replay delivers them identically.
   */
  private void signal(HistoryEvent event) {
    var a = event.getWorkflowExecutionSignaledEventAttributes();
    Optional<Payloads> input = a.hasInput() ? Optional.of(a.getInput()) : Optional.empty();
    String name = a.getSignalName();
    newThread(
        "signal:" + name,
        rootScope,
        a.getHeader().getFieldsCount() > 0 ? a.getHeader() : startHeader,
        () -> {
          try {
            Optional<WorkflowEntryPoint.Handler> handler =
                entryPoint
                    .signalHandler(name)
                    .or(
                        () ->
                            Optional.ofNullable(dynamicSignalHandler)
                                .map(
                                    d ->
                                        dynamic(
                                            values -> {
                                              d.handle(name, values);
                                              return null;
                                            })));
            if (handler.isEmpty()) {
              LOG.log(
                  System.Logger.Level.WARNING,
                  "workflow " + workflowId + " has no handler for signal " + name + "; dropped");
              return;
            }
            Object[] args = handler.get().decode(input);
            intercepted(
                (i, next) -> i.interceptSignalHandler(name, args, next),
                () -> handler.get().call(args));
          } catch (AevumFailure e) {
            if (rootScope.cancelRequested() && isCancellation(e)) {
              return; // The workflow was canceled; the workflow method decides how the run ends.
            }
            emitClosing(Commands.failWorkflow(failures.toFailure(e)));
          } catch (ContinueAsNewRequested e) {
            // The command is already emitted.
          }
        });
  }

  private void runCode(HistoryEvent workflowTaskStarted) {
    if (!started) {
      throw new NonDeterministicException(
          "history has no WorkflowExecutionStarted event before event "
              + workflowTaskStarted.getEventId(),
          workflowTaskStarted.getEventId());
    }
    currentTimeMillis = ProtoTime.toJava(workflowTaskStarted.getEventTime()).toEpochMilli();
    outgoingMessages.clear(); // messages of replayed tasks were sent when those tasks ran
    scheduler.runUntilBlocked();
    // Local activities run once every thread is blocked; each batch resolves as a whole, on replay
    // as live, so the markers land in the same place among the commands.
    while (scheduler.failure() == null
        && !localActivities.isEmpty()
        && resolveLocalActivities(workflowTaskStarted.getEventId())) {
      scheduler.runUntilBlocked();
    }
    Throwable failure = scheduler.failure();
    if (failure instanceof NonDeterministicException nde) {
      throw nde;
    }
    if (failure != null) {
      throw new WorkflowTaskFailedException(
          WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE,
          failure);
    }
  }

  private void childStarted(HistoryEvent event) {
    long initiated = event.getChildWorkflowExecutionStartedEventAttributes().getInitiatedEventId();
    Resolution child = byInitiatedEventId.get(initiated);
    if (child == null) {
      throw new NonDeterministicException(
          "history event "
              + event.getEventId()
              + " starts the child workflow of event "
              + initiated
              + ", which the workflow code never started",
          event.getEventId());
    }
    child.started(event);
  }

  private void resolve(long initiatedEventId, HistoryEvent event) {
    Resolution resolution = byInitiatedEventId.remove(initiatedEventId);
    if (resolution == null) {
      throw new NonDeterministicException(
          "history event "
              + event.getEventId()
              + " ("
              + event.getEventType()
              + ") resolves event "
              + initiatedEventId
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
          COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION ->
          true;
      default -> false;
    };
  }

  /** Context propagators restored on every workflow thread and captured into outgoing calls. */
  /**
   * Worker interceptors: their outbound hooks wrap the calls workflow code makes (activities, local
   * activities, children, timers, external signals and cancels), their inbound handler hooks wrap
   * signal, query and update handlers. The workflow method itself is wrapped by the entry point.
   */
  public void useInterceptors(List<WorkerInterceptor> value) {
    this.interceptors = List.copyOf(value);
  }

  private List<WorkerInterceptor> interceptors = List.of();

  /** One interceptor's hook, given the rest of the chain. */
  private interface InterceptorStep {
    Object apply(WorkerInterceptor interceptor, WorkerInterceptor.Invocation next);
  }

  /**
   * Runs {@code call} inside the worker interceptors' {@code step} hooks, the first registered
   * outermost.
   */
  private Object intercepted(InterceptorStep step, WorkerInterceptor.Invocation call) {
    WorkerInterceptor.Invocation next = call;
    for (int i = interceptors.size() - 1; i >= 0; i--) {
      WorkerInterceptor interceptor = interceptors.get(i);
      WorkerInterceptor.Invocation inner = next;
      next = () -> step.apply(interceptor, inner);
    }
    return next.proceed();
  }

  public void useContextPropagators(List<ContextPropagator> value) {
    this.propagators = List.copyOf(value);
  }

  /**
   * Runs {@code body} on a new workflow thread with {@code scope} and the context of {@code
   * header}.
   */
  private void newThread(String name, ScopeImpl scope, Header header, Runnable body) {
    scheduler.newThread(
        name,
        () -> {
          if (!propagators.isEmpty()) {
            Headers.restore(propagators, header);
          }
          ScopeImpl.runIn(scope, body);
        });
  }

  private Header currentHeader() {
    return propagators.isEmpty() ? Header.getDefaultInstance() : Headers.capture(propagators);
  }

  /** Sets who runs local activities during live workflow tasks (the worker). */
  public void useLocalActivityExecutor(LocalActivityExecutor executor) {
    this.localActivityExecutor = Objects.requireNonNull(executor, "executor");
  }

  /** Protocol messages (update acceptances, rejections, responses) produced by the current task. */
  public List<Message> newMessages() {
    return List.copyOf(outgoingMessages);
  }

  private void updateRequested(Message message) {
    if (!message.getBody().is(Request.class)) {
      LOG.log(
          System.Logger.Level.WARNING,
          "workflow "
              + workflowId
              + ": ignoring protocol message of type "
              + message.getBody().getTypeUrl());
      return;
    }
    Request request;
    try {
      request = message.getBody().unpack(Request.class);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("unreadable update request " + message.getId(), e);
    }
    startUpdate(
        message.getProtocolInstanceId(), message.getId(), message.getEventId(), request, true);
  }

  /**
   * Each update gets its own thread, like a signal: it validates (live tasks only), accepts, runs
   * the handler and responds. Its messages are kept only for the live task.
   */
  private void startUpdate(
      String instanceId,
      String requestMessageId,
      long sequencingEventId,
      Request request,
      boolean validate) {
    String name = request.getInput().getName();
    Optional<Payloads> args =
        request.getInput().hasArgs() ? Optional.of(request.getInput().getArgs()) : Optional.empty();
    Header header =
        request.getInput().getHeader().getFieldsCount() > 0
            ? request.getInput().getHeader()
            : startHeader;
    newThread(
        "update:" + name,
        rootScope,
        header,
        () -> {
          if (validate) {
            try {
              validateUpdate(name, args);
            } catch (RuntimeException e) {
              outgoingMessages.add(
                  message(
                      instanceId,
                      "reject",
                      Rejection.newBuilder()
                          .setRejectedRequestMessageId(requestMessageId)
                          .setRejectedRequestSequencingEventId(sequencingEventId)
                          .setRejectedRequest(request)
                          .setFailure(failures.toFailure(e))
                          .build()));
              return;
            }
          }
          sendOrdered(
              message(
                  instanceId,
                  "accept",
                  Acceptance.newBuilder()
                      .setAcceptedRequestMessageId(requestMessageId)
                      .setAcceptedRequestSequencingEventId(sequencingEventId)
                      .setAcceptedRequest(request)
                      .build()));
          Outcome.Builder outcome = Outcome.newBuilder();
          try {
            WorkflowEntryPoint.Handler handler =
                entryPoint
                    .updateHandler(name)
                    .or(
                        () ->
                            Optional.ofNullable(dynamicUpdateHandler)
                                .map(d -> dynamic(values -> d.handle(name, values))))
                    .orElseThrow(
                        () ->
                            new IllegalStateException(
                                "update " + name + " cannot run: no handler"));
            Object[] decoded = handler.decode(args);
            Object result =
                intercepted(
                    (i, next) -> i.interceptUpdateHandler(name, decoded, next),
                    () -> handler.call(decoded));
            outcome.setSuccess(handler.encode(result).orElse(Payloads.getDefaultInstance()));
          } catch (AevumFailure e) {
            // The update fails; the workflow goes on.
            outcome.setFailure(failures.toFailure(e));
          } catch (ContinueAsNewRequested e) {
            return; // The command is already emitted.
          }
          sendOrdered(
              message(
                  instanceId,
                  "complete",
                  Response.newBuilder().setMeta(request.getMeta()).setOutcome(outcome).build()));
        });
  }

  /**
   * Runs the update's validator (declared or dynamic) inside the interceptors; throws to reject.
   */
  private void validateUpdate(String name, Optional<Payloads> args) {
    WorkflowEntryPoint.Handler validator =
        entryPoint
            .updateValidator(name)
            .or(
                () ->
                    Optional.ofNullable(dynamicUpdateHandler)
                        .map(
                            d ->
                                dynamic(
                                    values -> {
                                      d.validate(name, values);
                                      return null;
                                    })))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown update " + name + "; known: " + entryPoint.updateNames()));
    Object[] decoded = validator.decode(args);
    intercepted(
        (i, next) -> i.interceptUpdateValidator(name, decoded, next),
        () -> validator.call(decoded));
  }

  /**
   * A dynamic handler seen as a handler with one argument, the still-encoded input (as Temporal's
   * interceptors see dynamic handlers).
   */
  private WorkflowEntryPoint.Handler dynamic(Function<EncodedValues, Object> body) {
    return new WorkflowEntryPoint.Handler() {
      @Override
      public Object[] decode(Optional<Payloads> input) {
        return new Object[] {new EncodedValues(input, converter)};
      }

      @Override
      public Object call(Object[] args) {
        return body.apply((EncodedValues) args[0]);
      }

      @Override
      public Optional<Payloads> encode(Object result) {
        return Optional.of(converter.toPayloads(new Object[] {result}));
      }
    };
  }

  /**
   * A message with a ProtocolMessage command at this point of the command sequence, so the server
   * applies it before later commands (an update accepted and completed before the workflow
   * completes).
   */
  private void sendOrdered(Message message) {
    outgoingMessages.add(message);
    pending.addLast(new PendingCommand(Commands.protocolMessage(message.getId()), event -> {}));
  }

  private static Message message(
      String instanceId, String suffix, com.google.protobuf.Message body) {
    return Message.newBuilder()
        .setId(instanceId + "/" + suffix)
        .setProtocolInstanceId(instanceId)
        .setBody(Any.pack(body))
        .build();
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
    PendingCommand pendingCommand =
        new PendingCommand(
            command,
            event -> {
              resolution.recorded(event);
              byInitiatedEventId.put(event.getEventId(), resolution);
            });
    resolution.command(pendingCommand);
    pending.addLast(pendingCommand);
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
    intercepted(
        (i, next) -> i.interceptTimer(duration, next),
        () -> {
          doSleep(duration);
          return null;
        });
  }

  private void doSleep(Duration duration) {
    ScopeImpl scope = ScopeImpl.current();
    if (scope.cancelRequested()) {
      throw scope.canceledFailure("sleep " + duration);
    }
    if (duration.isZero()) {
      return;
    }
    String timerId = String.valueOf(++sequence);
    Resolution timer = emit(Commands.startTimer(timerId, duration), "timer " + timerId);
    DeterministicScheduler.yieldUntil(
        () -> timer.isResolved() || scope.cancelRequested(),
        "sleep " + duration + " (timer " + timerId + ")");
    if (!timer.isResolved()) {
      cancelTimer(timer, timerId);
      throw scope.canceledFailure("timer " + timerId);
    }
  }

  /**
   * A timer the server does not know yet is simply dropped; a recorded one gets a CancelTimer
   * command.
   */
  private void cancelTimer(Resolution timer, String timerId) {
    if (!timer.isRecorded()) {
      removePending(timer);
    } else {
      pending.addLast(new PendingCommand(Commands.cancelTimer(timerId), event -> {}));
    }
  }

  private void removePending(Resolution resolution) {
    pending.removeIf(p -> p == resolution.command());
  }

  @Override
  public void await(BooleanSupplier condition, String reason) {
    ScopeImpl scope = ScopeImpl.current();
    DeterministicScheduler.yieldUntil(
        () -> condition.getAsBoolean() || scope.cancelRequested(), reason);
    if (!condition.getAsBoolean()) {
      throw scope.canceledFailure(reason);
    }
  }

  @Override
  public boolean awaitWithTimeout(
      Duration timeout, BooleanSupplier condition, boolean cancellable) {
    ScopeImpl scope = ScopeImpl.current();
    BooleanSupplier canceled = () -> cancellable && scope.cancelRequested();
    if (condition.getAsBoolean()) {
      return true;
    }
    if (canceled.getAsBoolean()) {
      throw scope.canceledFailure("await");
    }
    if (timeout.isZero()) {
      return false;
    }
    String timerId = String.valueOf(++sequence);
    Resolution timer = emit(Commands.startTimer(timerId, timeout), "timer " + timerId);
    DeterministicScheduler.yieldUntil(
        () -> condition.getAsBoolean() || timer.isResolved() || canceled.getAsBoolean(),
        "await up to " + timeout + " (timer " + timerId + ")");
    boolean satisfied = condition.getAsBoolean();
    if (!timer.isResolved()) {
      cancelTimer(timer, timerId);
    }
    if (!satisfied && canceled.getAsBoolean()) {
      throw scope.canceledFailure("await");
    }
    return satisfied;
  }

  @Override
  public <R> Promise<R> async(Supplier<R> body) {
    PromiseImpl<R> promise = new PromiseImpl<>();
    ScopeImpl scope = ScopeImpl.current();
    newThread(
        "async-" + (++asyncThreads),
        scope,
        currentHeader(),
        () -> {
          R value;
          try {
            value = body.get();
          } catch (RuntimeException e) {
            promise.completeExceptionally(e);
            return;
          } catch (ContinueAsNewRequested e) {
            return; // The command is already emitted.
          }
          promise.complete(value);
        });
    return promise;
  }

  @Override
  public Object executeActivity(
      String activityType,
      ActivityOptions options,
      Object[] args,
      Class<?> resultClass,
      Type resultType) {
    return intercepted(
        (i, next) -> i.interceptActivityCall(activityType, args, next),
        () -> doExecuteActivity(activityType, options, args, resultClass, resultType));
  }

  private Object doExecuteActivity(
      String activityType,
      ActivityOptions options,
      Object[] args,
      Class<?> resultClass,
      Type resultType) {
    ScopeImpl scope = ScopeImpl.current();
    if (scope.cancelRequested()) {
      throw new ActivityFailure(
          "",
          activityType,
          "",
          0,
          RetryState.NON_RETRYABLE_FAILURE,
          scope.canceledFailure("activity " + activityType));
    }
    String activityId = String.valueOf(++sequence);
    Command scheduled =
        Commands.scheduleActivity(
            activityId, activityType, info.taskQueue(), options, converter.toPayloads(args));
    Command command =
        propagators.isEmpty()
            ? scheduled
            : scheduled.toBuilder()
                .setScheduleActivityTaskCommandAttributes(
                    scheduled.getScheduleActivityTaskCommandAttributes().toBuilder()
                        .setHeader(currentHeader()))
                .build();
    Resolution activity = emit(command, "activity " + activityType);
    String reason = "activity " + activityType + " (id " + activityId + ")";
    DeterministicScheduler.yieldUntil(
        () -> activity.isResolved() || scope.cancelRequested(), reason);
    if (!activity.isResolved()) {
      CanceledFailure canceled = scope.canceledFailure(reason);
      if (!activity.isRecorded()) {
        removePending(activity);
        throw new ActivityFailure(
            "", activityType, activityId, 0, RetryState.NON_RETRYABLE_FAILURE, canceled);
      }
      pending.addLast(
          new PendingCommand(
              Commands.requestCancelActivity(activity.initiatedEventId()), event -> {}));
      if (options.cancellationType() == ActivityCancellationType.TRY_CANCEL) {
        // The late ActivityTaskCanceled (or completed) event still finds its slot and is ignored.
        throw new ActivityFailure(
            "",
            activityType,
            activityId,
            activity.initiatedEventId(),
            RetryState.NON_RETRYABLE_FAILURE,
            canceled);
      }
      DeterministicScheduler.yieldUntil(activity::isResolved, reason + " cancellation");
    }
    HistoryEvent outcome = activity.outcome();
    return switch (outcome.getEventType()) {
      case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
        var a = outcome.getActivityTaskCompletedEventAttributes();
        yield converter.fromPayloads(
            0,
            a.hasResult() ? Optional.of(a.getResult()) : Optional.empty(),
            resultClass,
            resultType);
      }
      case EVENT_TYPE_ACTIVITY_TASK_FAILED -> {
        var a = outcome.getActivityTaskFailedEventAttributes();
        throw activityFailure(
            activityType,
            activityId,
            activity,
            Enums.retryState(a.getRetryState()),
            a.getFailure());
      }
      case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> {
        var a = outcome.getActivityTaskTimedOutEventAttributes();
        throw activityFailure(
            activityType,
            activityId,
            activity,
            Enums.retryState(a.getRetryState()),
            a.getFailure());
      }
      default ->
          throw new ActivityFailure(
              "",
              activityType,
              activityId,
              activity.initiatedEventId(),
              RetryState.NON_RETRYABLE_FAILURE,
              new CanceledFailure("activity canceled", null));
    };
  }

  @Override
  public void upsertSearchAttributes(Map<String, ?> values) {
    io.temporal.api.common.v1.SearchAttributes encoded = SearchAttributes.encode(values);
    pending.addLast(new PendingCommand(Commands.upsertSearchAttributes(encoded), event -> {}));
    // Decoded from the wire form so workflow code sees the same types a describe() would show.
    searchAttributes.putAll(SearchAttributes.decode(encoded));
  }

  @Override
  public Map<String, Payload> memo() {
    return memo;
  }

  @Override
  public Map<String, Object> searchAttributes() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(searchAttributes));
  }

  @Override
  public <T> T decodeMemo(Payload payload, Class<T> type) {
    return converter.fromPayload(payload, type, type);
  }

  @Override
  public void registerDynamicQueryHandler(DynamicQueryHandler handler) {
    this.dynamicQueryHandler = handler;
  }

  @Override
  public void registerDynamicUpdateHandler(DynamicUpdateHandler handler) {
    this.dynamicUpdateHandler = handler;
  }

  @Override
  public void registerDynamicSignalHandler(DynamicSignalHandler handler) {
    this.dynamicSignalHandler = handler;
  }

  @Override
  public Object executeLocalActivity(
      String activityType,
      LocalActivityOptions options,
      Object[] args,
      Class<?> resultClass,
      Type resultType) {
    return intercepted(
        (i, next) -> i.interceptLocalActivityCall(activityType, args, next),
        () -> doExecuteLocalActivity(activityType, options, args, resultClass, resultType));
  }

  private Object doExecuteLocalActivity(
      String activityType,
      LocalActivityOptions options,
      Object[] args,
      Class<?> resultClass,
      Type resultType) {
    ScopeImpl scope = ScopeImpl.current();
    if (scope.cancelRequested()) {
      throw new ActivityFailure(
          "",
          activityType,
          "",
          0,
          RetryState.NON_RETRYABLE_FAILURE,
          scope.canceledFailure("local activity " + activityType));
    }
    String activityId = String.valueOf(++sequence);
    LocalActivityQueue.Call call =
        new LocalActivityQueue.Call(
            new LocalActivityExecutor.Request(
                activityId,
                activityType,
                converter.toPayloads(args),
                options,
                info,
                currentHeader()));
    localActivities.add(call);
    DeterministicScheduler.yieldUntil(
        () -> call.outcome != null, "local activity " + activityType + " (id " + activityId + ")");
    if (call.outcome.failure().isPresent()) {
      throw failures.toException(call.outcome.failure().get());
    }
    return converter.fromPayloads(0, call.outcome.result(), resultClass, resultType);
  }

  /**
   * Resolves the queued batch of local activities and records their markers; false when the batch
   * belongs to a later workflow task: live, because it still runs at the heartbeat deadline; on
   * replay, because the task was heartbeated and its markers were recorded by a later task.
   */
  private boolean resolveLocalActivities(long eventId) {
    if (replaying) {
      String firstId = localActivities.first().request.activityId();
      if (!hasLocalActivityMarker(firstId)) {
        return false;
      }
      for (LocalActivityQueue.Call call : localActivities.drain()) {
        recordLocalActivity(call, recordedOutcome(call.request, eventId));
      }
      return true;
    }
    localActivities.startAll(localActivityExecutor);
    // The timeout is known only once the start event was applied, so the deadline is computed here.
    if (!localActivities.awaitAll(taskReceivedNanos + workflowTaskTimeout.toNanos() / 5 * 4)) {
      return false;
    }
    for (LocalActivityQueue.Call call : localActivities.drain()) {
      recordLocalActivity(call, LocalActivityQueue.outcomeOf(call));
    }
    return true;
  }

  /**
   * True when the current live task ends with local activities still running: the task must be
   * heartbeated.
   */
  public boolean hasRunningLocalActivities() {
    return !replaying && !closed && !localActivities.isEmpty();
  }

  private boolean hasLocalActivityMarker(String activityId) {
    return recordedMarkers.stream()
        .anyMatch(
            marker -> {
              var a = marker.getMarkerRecordedEventAttributes();
              return a.getMarkerName().equals(Commands.LOCAL_ACTIVITY_MARKER)
                  && activityId.equals(
                      decodeString(a.getDetailsMap().get(Commands.LA_ACTIVITY_ID_KEY)));
            });
  }

  private LocalActivityExecutor.Outcome recordedOutcome(
      LocalActivityExecutor.Request request, long eventId) {
    HistoryEvent marker =
        takeMarker(
                Commands.LOCAL_ACTIVITY_MARKER,
                d -> request.activityId().equals(decodeString(d.get(Commands.LA_ACTIVITY_ID_KEY))))
            .orElseThrow(
                () ->
                    new NonDeterministicException(
                        "the workflow code called local activity "
                            + request.activityType()
                            + " (id "
                            + request.activityId()
                            + ") but the workflow task that ends before event "
                            + eventId
                            + " has no LocalActivity marker for it",
                        eventId));
    var a = marker.getMarkerRecordedEventAttributes();
    return new LocalActivityExecutor.Outcome(
        Optional.ofNullable(a.getDetailsMap().get(Commands.LA_RESULT_KEY)),
        a.hasFailure() ? Optional.of(a.getFailure()) : Optional.empty());
  }

  private void recordLocalActivity(
      LocalActivityQueue.Call call, LocalActivityExecutor.Outcome outcome) {
    LocalActivityExecutor.Request request = call.request;
    Map<String, Payloads> details = new HashMap<>();
    details.put(
        Commands.LA_ACTIVITY_ID_KEY, converter.toPayloads(new Object[] {request.activityId()}));
    details.put(Commands.LA_TYPE_KEY, converter.toPayloads(new Object[] {request.activityType()}));
    outcome.result().ifPresent(r -> details.put(Commands.LA_RESULT_KEY, r));
    pending.addLast(
        new PendingCommand(Commands.localActivityMarker(details, outcome.failure()), event -> {}));
    call.outcome = outcome;
  }

  @Override
  public void signalExternal(
      String workflowId, String runId, boolean childOnly, String signalName, Object[] args) {
    intercepted(
        (i, next) -> i.interceptSignalExternal(workflowId, signalName, args, next),
        () -> {
          doSignalExternal(workflowId, runId, childOnly, signalName, args);
          return null;
        });
  }

  private void doSignalExternal(
      String workflowId, String runId, boolean childOnly, String signalName, Object[] args) {
    String what = "signal " + signalName + " to workflow " + workflowId;
    ScopeImpl scope = ScopeImpl.current();
    if (scope.cancelRequested()) {
      throw scope.canceledFailure(what);
    }
    Resolution signal =
        emit(
            Commands.signalExternal(
                namespace, workflowId, runId, childOnly, signalName, converter.toPayloads(args)),
            what);
    DeterministicScheduler.yieldUntil(signal::isResolved, what);
    if (signal.outcome().getEventType()
        == EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED) {
      String cause =
          signal
              .outcome()
              .getSignalExternalWorkflowExecutionFailedEventAttributes()
              .getCause()
              .name();
      throw ApplicationFailure.newNonRetryableFailure(what + " failed: " + cause, cause);
    }
  }

  @Override
  public void cancelExternal(String workflowId, String runId) {
    intercepted(
        (i, next) -> i.interceptCancelExternal(workflowId, next),
        () -> {
          doCancelExternal(workflowId, runId);
          return null;
        });
  }

  private void doCancelExternal(String workflowId, String runId) {
    String what = "cancel of workflow " + workflowId;
    Resolution cancel =
        emit(Commands.requestCancelExternal(namespace, workflowId, runId, false), what);
    DeterministicScheduler.yieldUntil(cancel::isResolved, what);
    if (cancel.outcome().getEventType()
        == EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED) {
      String cause =
          cancel
              .outcome()
              .getRequestCancelExternalWorkflowExecutionFailedEventAttributes()
              .getCause()
              .name();
      throw ApplicationFailure.newNonRetryableFailure(what + " failed: " + cause, cause);
    }
  }

  @Override
  public String newChildWorkflowId() {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  @Override
  public Object executeChildWorkflow(
      String workflowType,
      ChildWorkflowOptions options,
      Object[] args,
      Class<?> resultClass,
      Type resultType,
      String childId,
      PromiseImpl<String> started) {
    return intercepted(
        (i, next) -> i.interceptChildWorkflowCall(workflowType, childId, args, next),
        () ->
            doExecuteChildWorkflow(
                workflowType, options, args, resultClass, resultType, childId, started));
  }

  private Object doExecuteChildWorkflow(
      String workflowType,
      ChildWorkflowOptions options,
      Object[] args,
      Class<?> resultClass,
      Type resultType,
      String childId,
      PromiseImpl<String> started) {
    ScopeImpl scope = ScopeImpl.current();
    String reason = "child workflow " + workflowType + " (id " + childId + ")";
    if (scope.cancelRequested()) {
      ChildWorkflowFailure failure =
          new ChildWorkflowFailure(
              "",
              workflowType,
              childId,
              "",
              RetryState.NON_RETRYABLE_FAILURE,
              scope.canceledFailure(reason));
      started.completeExceptionally(failure);
      throw failure;
    }
    Command started0 =
        Commands.startChild(
            namespace,
            childId,
            workflowType,
            options.taskQueue().orElse(info.taskQueue()),
            options,
            converter.toPayloads(args));
    Command command =
        propagators.isEmpty()
            ? started0
            : started0.toBuilder()
                .setStartChildWorkflowExecutionCommandAttributes(
                    started0.getStartChildWorkflowExecutionCommandAttributes().toBuilder()
                        .setHeader(currentHeader()))
                .build();
    Resolution child = emit(command, reason);
    boolean cancelSent = false;
    while (true) {
      boolean cancelPending = !cancelSent;
      // A cancel can only be sent once the child exists (or dropped with the unsent start command).
      DeterministicScheduler.yieldUntil(
          () ->
              child.isResolved()
                  || (child.startedEvent() != null && !started.completed())
                  || (cancelPending
                      && scope.cancelRequested()
                      && (!child.isRecorded() || child.startedEvent() != null)),
          reason);
      if (child.startedEvent() != null && !started.completed()) {
        started.complete(
            child
                .startedEvent()
                .getChildWorkflowExecutionStartedEventAttributes()
                .getWorkflowExecution()
                .getRunId());
      }
      if (child.isResolved()) {
        break;
      }
      if (!cancelSent
          && scope.cancelRequested()
          && (!child.isRecorded() || child.startedEvent() != null)) {
        cancelSent = true;
        if (!child.isRecorded()) {
          removePending(child);
          ChildWorkflowFailure failure =
              new ChildWorkflowFailure(
                  "",
                  workflowType,
                  childId,
                  "",
                  RetryState.NON_RETRYABLE_FAILURE,
                  scope.canceledFailure(reason));
          started.completeExceptionally(failure);
          throw failure;
        }
        emit(Commands.requestCancelExternal(namespace, childId, "", true), "cancel of " + reason);
      }
    }
    return childOutcome(workflowType, childId, child, started, resultClass, resultType);
  }

  private Object childOutcome(
      String workflowType,
      String childId,
      Resolution child,
      PromiseImpl<String> started,
      Class<?> resultClass,
      Type resultType) {
    HistoryEvent outcome = child.outcome();
    String runId =
        child.startedEvent() == null
            ? ""
            : child
                .startedEvent()
                .getChildWorkflowExecutionStartedEventAttributes()
                .getWorkflowExecution()
                .getRunId();
    AevumFailure cause;
    RetryState retryState = RetryState.NON_RETRYABLE_FAILURE;
    switch (outcome.getEventType()) {
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED -> {
        var a = outcome.getChildWorkflowExecutionCompletedEventAttributes();
        return converter.fromPayloads(
            0,
            a.hasResult() ? Optional.of(a.getResult()) : Optional.empty(),
            resultClass,
            resultType);
      }
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED -> {
        var a = outcome.getChildWorkflowExecutionFailedEventAttributes();
        cause = failures.toException(a.getFailure());
        retryState = Enums.retryState(a.getRetryState());
      }
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT -> {
        cause = new TimeoutFailure("child workflow timed out", TimeoutType.START_TO_CLOSE, null);
        retryState =
            Enums.retryState(
                outcome.getChildWorkflowExecutionTimedOutEventAttributes().getRetryState());
      }
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED ->
          cause = new CanceledFailure("child workflow canceled", null);
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED ->
          cause = new TerminatedFailure("child workflow terminated", null);
      default -> {
        var a = outcome.getStartChildWorkflowExecutionFailedEventAttributes();
        cause =
            ApplicationFailure.newFailure(
                "child workflow "
                    + workflowType
                    + " (id "
                    + childId
                    + ") could not start: "
                    + a.getCause().name(),
                a.getCause().name());
      }
    }
    ChildWorkflowFailure failure =
        new ChildWorkflowFailure("", workflowType, childId, runId, retryState, cause);
    started.completeExceptionally(failure);
    throw failure;
  }

  @Override
  public int getVersion(String changeId, int min, int max) {
    Integer known = versions.get(changeId);
    int version;
    if (known != null) {
      version = known;
    } else {
      Optional<HistoryEvent> recorded =
          takeMarker(
              Commands.VERSION_MARKER,
              details ->
                  changeId.equals(decodeString(details.get(Commands.VERSION_CHANGE_ID_KEY))));
      if (recorded.isPresent()) {
        Payloads v =
            recorded
                .get()
                .getMarkerRecordedEventAttributes()
                .getDetailsOrThrow(Commands.VERSION_KEY);
        version = (Integer) converter.fromPayloads(0, Optional.of(v), Integer.class, Integer.class);
        emitVersionMarker(changeId, version);
      } else if (replaying) {
        // History from before the change: the old code path ran, and must keep running.
        version = Workflow.DEFAULT_VERSION;
      } else {
        version = max;
        emitVersionMarker(changeId, version);
      }
      versions.put(changeId, version);
    }
    if (version < min || version > max) {
      throw new IllegalStateException(
          "getVersion("
              + changeId
              + "): history has version "
              + version
              + ", but this code supports "
              + min
              + ".."
              + max);
    }
    return version;
  }

  private void emitVersionMarker(String changeId, int version) {
    Map<String, Payloads> details =
        Map.of(
            Commands.VERSION_CHANGE_ID_KEY, converter.toPayloads(new Object[] {changeId}),
            Commands.VERSION_KEY, converter.toPayloads(new Object[] {version}));
    pending.addLast(
        new PendingCommand(Commands.marker(Commands.VERSION_MARKER, details), event -> {}));
  }

  @Override
  public Object mutableSideEffect(
      String id,
      Class<?> resultClass,
      Type resultType,
      BiPredicate<Object, Object> updated,
      Supplier<?> function) {
    Optional<HistoryEvent> recorded =
        takeMarker(
            Commands.MUTABLE_SIDE_EFFECT_MARKER,
            details -> id.equals(decodeString(details.get(Commands.MUTABLE_ID_KEY))));
    Payloads stored = mutableValues.get(id);
    if (recorded.isPresent()) {
      stored =
          recorded
              .get()
              .getMarkerRecordedEventAttributes()
              .getDetailsOrThrow(Commands.MARKER_DATA_KEY);
      emitMutableMarker(id, stored);
    } else if (!replaying || stored == null) {
      Object value = function.get();
      Object previous =
          stored == null
              ? null
              : converter.fromPayloads(0, Optional.of(stored), resultClass, resultType);
      if (stored == null || updated.test(previous, value)) {
        stored = converter.toPayloads(new Object[] {value});
        emitMutableMarker(id, stored);
      }
    }
    mutableValues.put(id, stored);
    return converter.fromPayloads(0, Optional.of(stored), resultClass, resultType);
  }

  private void emitMutableMarker(String id, Payloads value) {
    Map<String, Payloads> details =
        Map.of(
            Commands.MUTABLE_ID_KEY,
            converter.toPayloads(new Object[] {id}),
            Commands.MARKER_DATA_KEY,
            value);
    pending.addLast(
        new PendingCommand(
            Commands.marker(Commands.MUTABLE_SIDE_EFFECT_MARKER, details), event -> {}));
  }

  /**
   * Removes and returns the first marker of the current replayed task with this name whose details
   * match.
   */
  private Optional<HistoryEvent> takeMarker(String name, Predicate<Map<String, Payloads>> matches) {
    if (!replaying) {
      return Optional.empty();
    }
    for (var it = recordedMarkers.iterator(); it.hasNext(); ) {
      HistoryEvent marker = it.next();
      var a = marker.getMarkerRecordedEventAttributes();
      if (a.getMarkerName().equals(name) && matches.test(a.getDetailsMap())) {
        it.remove();
        return Optional.of(marker);
      }
    }
    return Optional.empty();
  }

  private String decodeString(Payloads payloads) {
    if (payloads == null || payloads.getPayloadsCount() == 0) {
      return "";
    }
    Object value = converter.fromPayloads(0, Optional.of(payloads), String.class, String.class);
    return value == null ? "" : (String) value;
  }

  private ActivityFailure activityFailure(
      String activityType,
      String activityId,
      Resolution activity,
      RetryState retryState,
      Failure failure) {
    return new ActivityFailure(
        "",
        activityType,
        activityId,
        activity.initiatedEventId(),
        retryState,
        failures.toException(failure));
  }

  /**
   * Runs a query handler on a workflow thread against the current state. Throws what the handler
   * threw; a handler that blocks is an error and leaves the runner unusable (the caller evicts it).
   */
  public Optional<Payloads> query(String name, Optional<Payloads> args) {
    Object[] outcome = new Object[1];
    Throwable[] error = new Throwable[1];
    boolean[] done = new boolean[1];
    newThread(
        "query:" + name,
        ScopeImpl.newRoot(),
        startHeader,
        () -> {
          try {
            WorkflowEntryPoint.Handler handler =
                entryPoint
                    .queryHandler(name)
                    .or(
                        () ->
                            Optional.ofNullable(dynamicQueryHandler)
                                .map(d -> dynamic(values -> d.handle(name, values))))
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                "unknown query type "
                                    + name
                                    + "; known: "
                                    + entryPoint.queryTypes()));
            Object[] decoded = handler.decode(args);
            outcome[0] =
                handler.encode(
                    intercepted(
                        (i, next) -> i.interceptQueryHandler(name, decoded, next),
                        () -> handler.call(decoded)));
          } catch (RuntimeException e) {
            error[0] = e;
          } finally {
            done[0] = true;
          }
        });
    scheduler.runUntilBlocked();
    if (!done[0]) {
      throw new IllegalStateException(
          "query handler " + name + " blocked; query handlers must not block");
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
    Optional<HistoryEvent> recorded = takeMarker(Commands.SIDE_EFFECT_MARKER, details -> true);
    if (recorded.isPresent()) {
      value =
          recorded
              .get()
              .getMarkerRecordedEventAttributes()
              .getDetailsOrDefault(Commands.MARKER_DATA_KEY, Payloads.getDefaultInstance());
    } else {
      // First execution (or a history without the marker, which command matching reports next).
      value = converter.toPayloads(function.get());
    }
    pending.addLast(new PendingCommand(Commands.sideEffectMarker(value), event -> {}));
    return converter.fromPayloads(0, Optional.of(value), resultClass, resultType);
  }

  @Override
  public void continueAsNew(Object[] args) {
    emitClosing(
        Commands.continueAsNew(info.workflowType(), info.taskQueue(), converter.toPayloads(args)));
    throw new ContinueAsNewRequested();
  }

  /**
   * Unwinds the thread that asked to continue as new; an Error so workflow catch blocks let it
   * pass.
   */
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
