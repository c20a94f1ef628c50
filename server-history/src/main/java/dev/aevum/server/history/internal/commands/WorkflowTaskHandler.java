package dev.aevum.server.history.internal.commands;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Durations;
import dev.aevum.proto.history.RecordTaskStartedRequest;
import dev.aevum.proto.persistence.MutableState;
import dev.aevum.proto.persistence.WorkflowTaskInfo;
import dev.aevum.proto.token.TaskToken;
import dev.aevum.server.common.Errors;
import dev.aevum.server.common.ServiceException;
import dev.aevum.server.common.validation.MessageScan;
import dev.aevum.server.history.HistorySettings;
import dev.aevum.server.history.internal.activity.Activities;
import dev.aevum.server.history.internal.activity.ActivityHandler;
import dev.aevum.server.history.internal.execution.HistoryReader;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.ShardContext;
import dev.aevum.server.history.internal.execution.Transaction;
import dev.aevum.server.history.internal.query.QueryBuffer;
import dev.aevum.server.history.internal.update.SpeculativeTasks;
import dev.aevum.server.history.internal.update.UpdateProtocol;
import dev.aevum.server.history.internal.update.UpdateRegistry;
import dev.aevum.server.history.internal.workflow.WorkflowEnd;
import dev.aevum.server.history.internal.workflowtask.PollResponses;
import dev.aevum.server.history.internal.workflowtask.WorkflowTasks;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.failure.v1.ApplicationFailureInfo;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowTaskCompletedEventAttributes;
import io.temporal.api.protocol.v1.Message;
import io.temporal.api.update.v1.Outcome;
import io.temporal.api.update.v1.Rejection;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedResponse;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The worker-facing workflow task calls: start (from matching), complete and fail. */
public final class WorkflowTaskHandler {
  private static final String INLINE_REQUEST_ID = "request-from-RespondWorkflowTaskCompleted";

  private final HistorySettings settings;
  private final UpdateRegistry updates;
  private final SpeculativeTasks speculative;
  private final QueryBuffer queries;
  private final CommandNamespaces namespaceIds;

  /**
   * @param namespaceIds resolves namespaces that commands name or write search attributes in
   */
  public WorkflowTaskHandler(
      HistorySettings settings,
      UpdateRegistry updates,
      SpeculativeTasks speculative,
      QueryBuffer queries,
      CommandNamespaces namespaceIds) {
    this.queries = queries;
    this.namespaceIds = namespaceIds;
    this.settings = settings;
    this.updates = updates;
    this.speculative = speculative;
  }

  /** Matching hands the task to a poller: record the start and build the poll response. */
  public PollWorkflowTaskQueueResponse recordStarted(
      ShardContext shard, RecordTaskStartedRequest request) {
    RunKey key = new RunKey(request.getNamespaceId(), request.getWorkflowId(), request.getRunId());
    MutableState state =
        shard.update(
            key,
            tx -> {
              if (tx.isRunning() && !tx.read().hasWorkflowTask()) {
                // A speculative task starts in memory only.
                var started =
                    speculative.start(
                        key,
                        request.getScheduledEventId(),
                        request.getRequestId(),
                        request.getIdentity(),
                        tx.nowMs());
                if (started.isPresent()) {
                  return tx.read().clone().setWorkflowTask(started.get()).build();
                }
              }
              WorkflowTaskInfo task = tx.read().getWorkflowTask();
              if (!tx.isRunning()
                  || !tx.read().hasWorkflowTask()
                  || task.getScheduledEventId() != request.getScheduledEventId()
                  || (request.getAttempt() != 0 && task.getAttempt() != request.getAttempt())) {
                throw Errors.notFound("Workflow task not found.");
              }
              if (task.getStartedEventId() != 0) {
                if (task.getRequestId().equals(request.getRequestId())) {
                  return tx.read().build();
                }
                throw taskAlreadyStarted();
              }
              WorkflowTasks.start(
                  tx, request.getRequestId(), request.getIdentity(), request.getTaskQueue());
              return tx.read().build();
            });
    speculative.startedTimeout(shard, key);
    long startedId = state.getWorkflowTask().getStartedEventId();
    return PollResponses.workflowTask(
            shard, key, state, request.getTaskQueue(), updates.messages(key, startedId))
        .toBuilder()
        .putAllQueries(queries.deliver(key, startedId))
        .build();
  }

  public RespondWorkflowTaskCompletedResponse complete(
      ShardContext shard, TaskToken token, RespondWorkflowTaskCompletedRequest request) {
    Commands.validateSequence(request.getCommandsList());
    RunKey key = new RunKey(token.getNamespaceId(), token.getWorkflowId(), token.getRunId());
    Optional<RespondWorkflowTaskCompletedResponse> unwritten =
        rejectionsOnly(shard, key, token, request);
    if (unwritten.isPresent()) {
      return unwritten.get();
    }
    Completion completion;
    try {
      completion =
          shard.update(
              key,
              tx -> {
                writeSpeculative(tx, key, token);
                requireStarted(tx, token);
                tx.afterCommit(() -> queries.answer(key, request.getQueryResultsMap()));
                UpdateProtocol protocol = new UpdateProtocol(tx, updates);
                Applied applied =
                    applyCompletion(
                        tx,
                        request,
                        new WorkflowEnd(
                            settings, tx, () -> HistoryReader.startedAttributes(shard, key)),
                        protocol);
                return new Completion(
                    tx.read().build(), applied.inlineTask(), applied.eagerActivities());
              });
    } catch (UpdateProtocol.BadMessage bad) {
      CommandFailure failure =
          new CommandFailure(
              WorkflowTaskFailedCause
                  .WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE,
              bad.getMessage());
      recordInvalidCompletion(shard, key, token, request.getIdentity(), failure);
      throw Errors.invalidArgument(failure.getMessage());
    } catch (CommandFailure failure) {
      recordInvalidCompletion(shard, key, token, request.getIdentity(), failure);
      throw Errors.invalidArgument(failure.getMessage());
    }
    RespondWorkflowTaskCompletedResponse.Builder response =
        RespondWorkflowTaskCompletedResponse.newBuilder();
    MutableState after = completion.state();
    for (var activity : completion.eagerActivities()) {
      response.addActivityTasks(
          ActivityHandler.pollResponse(
              key, after.getExecution().getWorkflowType(), activity.info(), activity.scheduled()));
    }
    if (completion.inlineTask()) {
      String queue =
          after.getStickyTaskQueue().isEmpty()
              ? after.getExecution().getTaskQueue()
              : after.getStickyTaskQueue();
      long startedId = after.getWorkflowTask().getStartedEventId();
      response.setWorkflowTask(
          PollResponses.workflowTask(shard, key, after, queue, updates.messages(key, startedId))
              .toBuilder()
              .putAllQueries(queries.deliver(key, startedId)));
    }
    return response.build();
  }

  /**
   * A speculative task answered with update rejections only leaves no trace: nothing is written,
   * the callers get their rejections, and the worker rolls back to the last completed task.
   */
  private Optional<RespondWorkflowTaskCompletedResponse> rejectionsOnly(
      ShardContext shard,
      RunKey key,
      TaskToken token,
      RespondWorkflowTaskCompletedRequest request) {
    boolean onlyRejections =
        request.getCommandsCount() == 0
            && request.getMessagesCount() > 0
            && !request.getForceCreateNewWorkflowTask()
            && request.getMessagesList().stream().allMatch(m -> MessageScan.problem(m).isEmpty())
            && request.getMessagesList().stream().allMatch(m -> m.getBody().is(Rejection.class));
    if (!onlyRejections) {
      return Optional.empty();
    }
    MutableState state =
        shard.read(key).orElseThrow(() -> Errors.notFound("Workflow task not found."));
    if (state.hasWorkflowTask()
        || speculative
            .started(key, token.getScheduledEventId(), token.getStartedTimeMs())
            .isEmpty()) {
      return Optional.empty();
    }
    for (var message : request.getMessagesList()) {
      try {
        var rejection = message.getBody().unpack(Rejection.class);
        updates.completed(
            key,
            message.getProtocolInstanceId(),
            Outcome.newBuilder().setFailure(rejection.getFailure()).build());
      } catch (InvalidProtocolBufferException e) {
        return Optional.empty();
      }
    }
    speculative.done(key, token.getScheduledEventId());
    queries.answer(key, request.getQueryResultsMap());
    if (updates.hasUnanswered(key, Set.of())) {
      speculative.ensure(shard, key, state, shard.clock().millis());
    }
    return Optional.of(
        RespondWorkflowTaskCompletedResponse.newBuilder()
            .setResetHistoryEventId(state.getLastCompletedWorkflowTaskStartedEventId())
            .build());
  }

  /**
   * @return true if the next workflow task was started inline, to return in the response
   */
  /**
   * What applying a completion produced: a next task to return inline, activities started for the
   * worker.
   */
  private record Applied(boolean inlineTask, List<Activities.Started> eagerActivities) {}

  private Applied applyCompletion(
      Transaction tx,
      RespondWorkflowTaskCompletedRequest request,
      WorkflowEnd end,
      UpdateProtocol protocol) {
    WorkflowTaskInfo task = tx.read().getWorkflowTask();
    boolean closes = request.getCommandsList().stream().anyMatch(Commands::isClose);
    if (closes && tx.read().getBufferedEventsCount() > 0) {
      throw new CommandFailure(
          WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
          "new events arrived while the workflow task was running");
    }
    WorkflowTasks.materializeTransient(tx);
    task = tx.read().getWorkflowTask();
    WorkflowTaskCompletedEventAttributes.Builder completed =
        WorkflowTaskCompletedEventAttributes.newBuilder()
            .setScheduledEventId(task.getScheduledEventId())
            .setStartedEventId(task.getStartedEventId())
            .setIdentity(request.getIdentity())
            .setBinaryChecksum(request.getBinaryChecksum());
    if (request.hasSdkMetadata()) {
      completed.setSdkMetadata(request.getSdkMetadata());
    }
    if (request.hasMeteringMetadata()) {
      completed.setMeteringMetadata(request.getMeteringMetadata());
    }
    if (request.hasWorkerVersionStamp()) {
      completed.setWorkerVersion(request.getWorkerVersionStamp());
    }
    long completedId =
        tx.append(
            HistoryEvent.newBuilder()
                .setEventType(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
                .setWorkflowTaskCompletedEventAttributes(completed));
    tx.state()
        .clearWorkflowTask()
        .setLastCompletedWorkflowTaskStartedEventId(task.getStartedEventId());
    if (request.hasStickyAttributes()
        && !request.getStickyAttributes().getWorkerTaskQueue().getName().isEmpty()) {
      tx.state()
          .setStickyTaskQueue(request.getStickyAttributes().getWorkerTaskQueue().getName())
          .setStickyScheduleToStartTimeoutMs(
              Durations.toMillis(request.getStickyAttributes().getScheduleToStartTimeout()));
    } else {
      tx.state().clearStickyTaskQueue().clearStickyScheduleToStartTimeoutMs();
    }
    Commands commands =
        new Commands(settings, tx, completedId, request.getIdentity(), end, namespaceIds);
    // Protocol messages go where a PROTOCOL_MESSAGE command places them, the rest after all
    // commands.
    Map<String, Message> messages = new LinkedHashMap<>();
    for (var message : request.getMessagesList()) {
      MessageScan.problem(message)
          .ifPresent(
              problem -> {
                throw new CommandFailure(
                    WorkflowTaskFailedCause
                        .WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE,
                    "Messages[" + message.getId() + "]: " + problem);
              });
      messages.put(message.getId(), message);
    }
    for (var command : request.getCommandsList()) {
      if (command.getCommandType() == CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE) {
        var message = messages.remove(command.getProtocolMessageCommandAttributes().getMessageId());
        if (message == null) {
          throw new CommandFailure(
              WorkflowTaskFailedCause
                  .WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE,
              "ProtocolMessageCommand refers to unknown message "
                  + command.getProtocolMessageCommandAttributes().getMessageId());
        }
        protocol.handle(message);
      } else {
        commands.apply(command);
      }
    }
    if (!commands.closed) {
      messages.values().forEach(protocol::handle);
    }
    if (commands.closed) {
      return new Applied(false, List.of()); // a closed run runs no activities
    }
    boolean flushed = tx.flushBufferedEvents();
    if (flushed
        || commands.newTaskNeeded
        || request.getForceCreateNewWorkflowTask()
        || updates.hasUnanswered(tx.key(), protocol.answered())) {
      if (request.getReturnNewWorkflowTask()) {
        WorkflowTasks.scheduleInline(tx);
        String queue =
            tx.read().getStickyTaskQueue().isEmpty()
                ? tx.read().getExecution().getTaskQueue()
                : tx.read().getStickyTaskQueue();
        WorkflowTasks.start(tx, INLINE_REQUEST_ID, request.getIdentity(), queue);
        return new Applied(true, commands.eagerActivities);
      }
      WorkflowTasks.schedule(tx, 1);
    }
    return new Applied(false, commands.eagerActivities);
  }

  private void recordInvalidCompletion(
      ShardContext shard, RunKey key, TaskToken token, String identity, CommandFailure failure) {
    shard.update(
        key,
        tx -> {
          writeSpeculative(tx, key, token);
          requireStarted(tx, token);
          WorkflowTaskInfo task = tx.read().getWorkflowTask();
          if (task.getAttempt() > 1
              && failure.cause
                  != WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND) {
            // Repeated bad completions are not recorded; the task times out and is retried later.
            return null;
          }
          WorkflowTasks.fail(
              tx,
              failure.cause,
              serverFailure(failure.getMessage()),
              identity,
              !failure.terminates);
          if (failure.terminates) {
            WorkflowEnd.terminate(
                tx, failure.getMessage(), Payloads.getDefaultInstance(), "history-service");
          }
          return null;
        });
  }

  public RespondWorkflowTaskFailedResponse fail(
      ShardContext shard, TaskToken token, RespondWorkflowTaskFailedRequest request) {
    RunKey key = new RunKey(token.getNamespaceId(), token.getWorkflowId(), token.getRunId());
    shard.update(
        key,
        tx -> {
          writeSpeculative(tx, key, token);
          requireStarted(tx, token);
          if (request.getCause()
              == WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_GRPC_MESSAGE_TOO_LARGE) {
            // As Temporal: the task's answer can never reach the server, so no retry can help;
            // the running task fails as force-closed and the workflow is terminated.
            WorkflowEnd.terminate(
                tx,
                "The workflow task's answer is larger than the server accepts (gRPC message too"
                    + " large)",
                Payloads.getDefaultInstance(),
                request.getIdentity());
            return null;
          }
          WorkflowTasks.fail(
              tx, request.getCause(), request.getFailure(), request.getIdentity(), true);
          return null;
        });
    return RespondWorkflowTaskFailedResponse.getDefaultInstance();
  }

  /** A timer for a workflow task fired. */
  public static void timeout(Transaction tx, long scheduledEventId, int attempt, TimeoutType type) {
    WorkflowTaskInfo task = tx.read().getWorkflowTask();
    if (!tx.isRunning()
        || !tx.read().hasWorkflowTask()
        || task.getScheduledEventId() != scheduledEventId
        || task.getAttempt() != attempt) {
      return;
    }
    boolean started = task.getStartedEventId() != 0;
    if (type == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START ? started : !started) {
      return;
    }
    WorkflowTasks.timeOut(tx, type);
  }

  /** Completing or failing a speculative task writes it, as a transient task would be. */
  private void writeSpeculative(Transaction tx, RunKey key, TaskToken token) {
    if (!tx.read().hasWorkflowTask()) {
      speculative
          .started(key, token.getScheduledEventId(), token.getStartedTimeMs())
          .ifPresent(
              info -> {
                tx.state().setWorkflowTask(info);
                tx.afterCommit(() -> speculative.done(key, info.getScheduledEventId()));
              });
    }
  }

  private static void requireStarted(Transaction tx, TaskToken token) {
    WorkflowTaskInfo task = tx.read().getWorkflowTask();
    if (!tx.isRunning()) {
      throw Errors.notFound("Workflow task not found.");
    }
    if (!tx.read().hasWorkflowTask()
        || task.getStartedEventId() == 0
        || task.getScheduledEventId() != token.getScheduledEventId()
        || task.getAttempt() != token.getAttempt()
        || task.getStartedTimeMs() != token.getStartedTimeMs()) {
      throw Errors.notFound("Workflow task not found.");
    }
  }

  private static Failure serverFailure(String message) {
    return Failure.newBuilder()
        .setMessage(message)
        .setSource("Server")
        .setApplicationFailureInfo(ApplicationFailureInfo.newBuilder().setType("ServerFailure"))
        .build();
  }

  static ServiceException taskAlreadyStarted() {
    return Errors.alreadyExists("Workflow task already started.");
  }

  private record Completion(
      MutableState state, boolean inlineTask, List<Activities.Started> eagerActivities) {}
}
