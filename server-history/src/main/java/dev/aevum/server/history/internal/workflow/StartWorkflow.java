package dev.aevum.server.history.internal.workflow;

import com.google.protobuf.util.Durations;
import dev.aevum.persistence.CurrentExecution;
import dev.aevum.persistence.CurrentExecutionConditionFailedException;
import dev.aevum.persistence.ExecutionRecord;
import dev.aevum.server.common.Errors;
import dev.aevum.server.common.workflow.SignalWithStarts;
import dev.aevum.server.history.HistorySettings;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.ShardContext;
import dev.aevum.server.history.internal.execution.Transaction;
import dev.aevum.server.history.internal.retry.RetryPolicies;
import dev.aevum.server.history.internal.signal.Signals;
import dev.aevum.server.history.internal.workflowtask.PollResponses;
import dev.aevum.server.history.internal.workflowtask.WorkflowTasks;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * StartWorkflowExecution and SignalWithStartWorkflowExecution: request-id dedup, id reuse and
 * conflict policies, start delay and cron, then the new run through {@link Runs}.
 */
public final class StartWorkflow {
  private static final Set<Integer> FAILED_STATUSES =
      Set.of(
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED_VALUE,
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED_VALUE,
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED_VALUE,
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT_VALUE);

  private final HistorySettings settings;
  private final TerminateWorkflow terminate;

  public StartWorkflow(HistorySettings settings, TerminateWorkflow terminate) {
    this.settings = settings;
    this.terminate = terminate;
  }

  public StartWorkflowExecutionResponse start(
      ShardContext shard, String namespaceId, StartWorkflowExecutionRequest request) {
    boolean eager =
        request.getRequestEagerExecution()
            && request.getCronSchedule().isEmpty()
            && Durations.toMillis(request.getWorkflowStartDelay()) == 0;
    AtomicBoolean created = new AtomicBoolean();
    Consumer<Transaction> inStart =
        !eager
            ? tx -> {}
            : tx -> {
              // Eager start, as Temporal does it: the first workflow task is started in the start's
              // own
              // transition and handed to the caller's worker in the answer, with no matching round
              // trip.
              WorkflowTasks.scheduleInline(tx);
              WorkflowTasks.start(
                  tx,
                  request.getRequestId(),
                  request.getIdentity(),
                  request.getTaskQueue().getName());
              tx.afterCommit(() -> created.set(true));
            };
    Outcome outcome = start(shard, namespaceId, request, inStart, Optional.empty(), b -> {});
    StartWorkflowExecutionResponse.Builder response =
        StartWorkflowExecutionResponse.newBuilder()
            .setRunId(outcome.runId)
            .setStarted(outcome.started);
    if (created.get()) {
      RunKey key = new RunKey(namespaceId, request.getWorkflowId(), outcome.runId);
      shard
          .read(key)
          .ifPresent(
              state ->
                  response.setEagerWorkflowTask(
                      PollResponses.workflowTask(
                          shard, key, state, request.getTaskQueue().getName(), List.of())));
    }
    return response.build();
  }

  /**
   * As {@link #start(ShardContext, String, StartWorkflowExecutionRequest)}, running {@code inStart}
   * inside the transition that creates a new run (right after its WorkflowExecutionStarted event),
   * so that what it does commits with the start. It does not run when no run is created (request id
   * dedup, an existing run reused); it may run more than once when a concurrent start wins the race
   * and the start is tried again, each time for a transition that never commits but the last.
   */
  public StartWorkflowExecutionResponse start(
      ShardContext shard,
      String namespaceId,
      StartWorkflowExecutionRequest request,
      Consumer<Transaction> inStart) {
    Outcome outcome = start(shard, namespaceId, request, inStart, Optional.empty(), b -> {});
    return StartWorkflowExecutionResponse.newBuilder()
        .setRunId(outcome.runId)
        .setStarted(outcome.started)
        .build();
  }

  /** Signals the running workflow, or starts one with the signal as its first event. */
  public SignalWithStartWorkflowExecutionResponse signalWithStart(
      ShardContext shard, String namespaceId, SignalWithStartWorkflowExecutionRequest request) {
    StartWorkflowExecutionRequest.Builder start = SignalWithStarts.startPart(request).toBuilder();
    if (request.getWorkflowIdConflictPolicy()
        == WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED) {
      start.setWorkflowIdConflictPolicy(
          WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING);
    }
    Consumer<Transaction> signal =
        tx ->
            Signals.appendSignal(
                tx,
                request.getSignalName(),
                request.getSignalInput(),
                request.getIdentity(),
                request.getHeader(),
                "");
    Outcome outcome =
        start(shard, namespaceId, start.build(), signal, Optional.of(request), b -> {});
    return SignalWithStartWorkflowExecutionResponse.newBuilder()
        .setRunId(outcome.runId)
        .setStarted(outcome.started)
        .build();
  }

  /**
   * Starts a child workflow for its parent; the parent's identity goes into the child's Started
   * event. The request id (derived from the parent's Initiated event) makes a repeated start a
   * no-op.
   *
   * @return the child's run id
   */
  public String startChild(
      ShardContext shard,
      String namespaceId,
      StartWorkflowExecutionRequest request,
      Consumer<WorkflowExecutionStartedEventAttributes.Builder> parent) {
    return start(shard, namespaceId, request, tx -> {}, Optional.empty(), parent).runId;
  }

  private record Outcome(String runId, boolean started) {}

  private Outcome start(
      ShardContext shard,
      String namespaceId,
      StartWorkflowExecutionRequest request,
      Consumer<Transaction> afterStarted,
      Optional<SignalWithStartWorkflowExecutionRequest> signalWithStart,
      Consumer<WorkflowExecutionStartedEventAttributes.Builder> decorate) {
    String workflowId = request.getWorkflowId();
    if (!request.getCronSchedule().isEmpty()) {
      Cron.validate(request.getCronSchedule(), shard.clock().millis());
    }
    // Most starts are of new workflow ids: guess "no current run" unless this owner knows of one
    // (no read), as Temporal does; the store refuses the guess where it is wrong, naming the
    // current run. Starts that expect to meet a running workflow read first.
    boolean guessNone =
        signalWithStart.isEmpty()
            && conflictPolicy(request)
                != WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING;
    // A lost race with a concurrent start re-evaluates the policies against the new current run.
    for (int round = 0; ; round++) {
      Optional<CurrentExecution> current =
          round == 0 && guessNone
              ? shard.currentIfCached(namespaceId, workflowId)
              : shard.current(namespaceId, workflowId);
      Optional<String> expectedCurrent = Optional.empty();
      if (current.isPresent()) {
        CurrentExecution c = current.get();
        if (!request.getRequestId().isEmpty()
            && request.getRequestId().equals(c.createRequestId())) {
          return new Outcome(c.runId(), true);
        }
        if (c.state() == ExecutionRecord.STATE_RUNNING) {
          switch (conflictPolicy(request)) {
            case WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING -> {
              if (signalWithStart.isPresent()) {
                var s = signalWithStart.get();
                shard.update(
                    new RunKey(namespaceId, workflowId, c.runId()),
                    tx -> {
                      if (!tx.isRunning()) {
                        throw Errors.unavailable(
                            "workflow " + workflowId + " closed while being signaled, retry");
                      }
                      Signals.appendSignal(
                          tx,
                          s.getSignalName(),
                          s.getSignalInput(),
                          s.getIdentity(),
                          s.getHeader(),
                          s.getRequestId());
                      return null;
                    });
              }
              return new Outcome(c.runId(), false);
            }
            case WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING -> {
              terminate.terminate(
                  shard,
                  new RunKey(namespaceId, workflowId, c.runId()),
                  "terminated by a start with id conflict policy TERMINATE_EXISTING",
                  request.getIdentity());
              expectedCurrent = Optional.of(c.runId());
            }
            default ->
                throw alreadyStarted(
                    "Workflow execution is already running. WorkflowId: %s, RunId: %s.",
                    workflowId, c);
          }
        } else {
          checkReusePolicy(request, workflowId, c);
          expectedCurrent = Optional.of(c.runId());
        }
      }
      String runId = UUID.randomUUID().toString();
      try {
        shard.create(
            new RunKey(namespaceId, workflowId, runId),
            expectedCurrent,
            tx -> {
              long now = tx.nowMs();
              long backoff = Durations.toMillis(request.getWorkflowStartDelay());
              if (!request.getCronSchedule().isEmpty()) {
                backoff =
                    Math.max(
                        backoff, Cron.backoffMs(request.getCronSchedule(), now + backoff, now));
              }
              var started = startedAttributes(request);
              decorate.accept(started);
              tx.attachUserMetadata(request.getUserMetadata()); // on the Started event
              Runs.initialize(
                  tx,
                  settings,
                  request.getNamespace(),
                  started,
                  Math.max(0, backoff),
                  request.getRequestId(),
                  afterStarted);
              if (request.hasUserMetadata()) {
                tx.state()
                    .getExecutionBuilder()
                    .setUserMetadata(request.getUserMetadata().toByteString());
              }
              return null;
            });
        return new Outcome(runId, true);
      } catch (CurrentExecutionConditionFailedException e) {
        if (round >= 3) {
          throw Errors.unavailable(
              "workflow id " + workflowId + " is being started concurrently, retry");
        }
      }
    }
  }

  private static WorkflowExecutionStartedEventAttributes.Builder startedAttributes(
      StartWorkflowExecutionRequest request) {
    WorkflowExecutionStartedEventAttributes.Builder started =
        WorkflowExecutionStartedEventAttributes.newBuilder()
            .setWorkflowType(request.getWorkflowType())
            .setTaskQueue(TaskQueue.newBuilder().setName(request.getTaskQueue().getName()))
            .setInput(request.getInput())
            .setWorkflowExecutionTimeout(request.getWorkflowExecutionTimeout())
            .setWorkflowRunTimeout(request.getWorkflowRunTimeout())
            .setWorkflowTaskTimeout(request.getWorkflowTaskTimeout())
            .setIdentity(request.getIdentity())
            .setCronSchedule(request.getCronSchedule());
    if (request.hasHeader()) {
      started.setHeader(request.getHeader());
    }
    if (request.hasMemo()) {
      started.setMemo(request.getMemo());
    }
    if (request.hasSearchAttributes()) {
      started.setSearchAttributes(request.getSearchAttributes());
    }
    if (request.hasRetryPolicy()) {
      started.setRetryPolicy(RetryPolicies.withDefaults(request.getRetryPolicy()));
    }
    if (request.hasPriority()) {
      started.setPriority(request.getPriority());
    }
    return started;
  }

  private static WorkflowIdConflictPolicy conflictPolicy(StartWorkflowExecutionRequest request) {
    if (request.getWorkflowIdReusePolicy()
        == WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING) {
      return WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING;
    }
    return request.getWorkflowIdConflictPolicy();
  }

  private static void checkReusePolicy(
      StartWorkflowExecutionRequest request, String workflowId, CurrentExecution c) {
    switch (request.getWorkflowIdReusePolicy()) {
      case WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY -> {
        if (!FAILED_STATUSES.contains(c.status())) {
          throw alreadyStarted(
              "Workflow execution already finished successfully. WorkflowId: %s, RunId: %s."
                  + " Workflow Id reuse policy: allow duplicate workflow Id if last run failed.",
              workflowId, c);
        }
      }
      case WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE ->
          throw alreadyStarted(
              "Workflow execution already finished. WorkflowId: %s, RunId: %s."
                  + " Workflow Id reuse policy: reject duplicate workflow Id.",
              workflowId, c);
      default -> {}
    }
  }

  private static RuntimeException alreadyStarted(
      String format, String workflowId, CurrentExecution c) {
    return Errors.workflowAlreadyStarted(
        String.format(Locale.ROOT, format, workflowId, c.runId()), c.createRequestId(), c.runId());
  }

  public static WorkflowExecution execution(RunKey key) {
    return WorkflowExecution.newBuilder()
        .setWorkflowId(key.workflowId())
        .setRunId(key.runId())
        .build();
  }
}
