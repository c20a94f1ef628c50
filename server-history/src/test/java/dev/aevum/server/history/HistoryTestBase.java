package dev.aevum.server.history;

import dev.aevum.persistence.Persistence;
import dev.aevum.persistence.StoredNamespace;
import dev.aevum.persistence.sql.SqlPersistence;
import dev.aevum.persistence.testing.TestDatabases;
import dev.aevum.proto.history.RecordTaskStartedRequest;
import dev.aevum.proto.matching.AddTaskRequest;
import dev.aevum.proto.persistence.NamespaceRecord;
import dev.aevum.server.common.api.CallScope;
import dev.aevum.server.common.api.HistoryApi;
import dev.aevum.server.common.api.InternalCalls;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.command.v1.Command;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The history role driven directly: a real store (in-memory SQLite), a manual clock that fires
 * timers only when a test moves it, and a fake matching that keeps the tasks history dispatches, so
 * the test plays the poller. Shared by the history rule tests.
 */
abstract class HistoryTestBase {
  static final String NS_ID = "ns-1";
  static final String NS = "default";
  static final String QUEUE = "orders";
  static final Duration WAIT = Duration.ofSeconds(10);

  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final FakeMatching matching = new FakeMatching();
  Persistence persistence;
  HistoryRole role;
  private Server matchingServer;
  private ManagedChannel matchingChannel;
  private Server historyServer;
  private ManagedChannel historyChannel;

  @BeforeEach
  void startHistory() throws IOException {
    persistence = SqlPersistence.open(TestDatabases.sqliteInMemory());
    persistence.migrate();
    persistence
        .namespaces()
        .create(
            new StoredNamespace(
                NS_ID, NS, NamespaceRecord.newBuilder().setName(NS).build().toByteArray(), 1));
    String matchingName = "fake-matching-" + UUID.randomUUID();
    matchingServer =
        InProcessServerBuilder.forName(matchingName)
            .directExecutor()
            .addService(matching)
            .build()
            .start();
    matchingChannel = InProcessChannelBuilder.forName(matchingName).directExecutor().build();
    role =
        HistoryRole.create(
            HistorySettings.defaults().withNumHistoryShards(1),
            persistence,
            matchingChannel,
            clock);
    String historyName = "history-" + UUID.randomUUID();
    // Direct executors: a call has reached its handler when the client's call returns.
    historyServer =
        InProcessServerBuilder.forName(historyName)
            .directExecutor()
            .addService(role.service())
            .build()
            .start();
    historyChannel = InProcessChannelBuilder.forName(historyName).directExecutor().build();
    role.start();
  }

  @AfterEach
  void stopHistory() {
    role.close();
    historyChannel.shutdownNow();
    historyServer.shutdownNow();
    matchingChannel.shutdownNow();
    matchingServer.shutdownNow();
    persistence.close();
  }

  /** Starts a history call as the frontend would, with the scope it resolved. */
  <Q, R> CompletableFuture<R> callAsync(
      MethodDescriptor<Q, R> method, String workflowId, Q request) {
    CompletableFuture<R> answer = new CompletableFuture<>();
    InternalCalls.call(
        historyChannel,
        method,
        CallScope.of(NS_ID, NS, workflowId),
        request,
        new StreamObserver<>() {
          @Override
          public void onNext(R value) {
            answer.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            answer.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {}
        });
    return answer;
  }

  <Q, R> R call(MethodDescriptor<Q, R> method, String workflowId, Q request) {
    return await(callAsync(method, workflowId, request));
  }

  static <R> R await(CompletableFuture<R> future) {
    try {
      return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException("no answer within " + WAIT, e);
    }
  }

  WorkflowExecution start(String workflowId) {
    return start(StartWorkflowExecutionRequest.newBuilder().setWorkflowId(workflowId));
  }

  /** Starts a workflow of type {@code Flow} on {@link #QUEUE}, with what the request sets. */
  WorkflowExecution start(StartWorkflowExecutionRequest.Builder request) {
    request
        .setNamespace(NS)
        .setWorkflowType(WorkflowType.newBuilder().setName("Flow"))
        .setTaskQueue(TaskQueue.newBuilder().setName(QUEUE))
        .setRequestId(UUID.randomUUID().toString())
        .setIdentity("test-client");
    String runId =
        call(HistoryApi.START_WORKFLOW_EXECUTION, request.getWorkflowId(), request.build())
            .getRunId();
    return WorkflowExecution.newBuilder()
        .setWorkflowId(request.getWorkflowId())
        .setRunId(runId)
        .build();
  }

  /** The next workflow task dispatched to matching, started as a poller would. */
  PollWorkflowTaskQueueResponse takeWorkflowTask() {
    AddTaskRequest task =
        matching
            .nextWorkflowTask(WAIT)
            .orElseThrow(() -> new AssertionError("no workflow task dispatched within " + WAIT));
    return call(HistoryApi.RECORD_WORKFLOW_TASK_STARTED, task.getWorkflowId(), startRequest(task));
  }

  /** The next activity task dispatched to matching, started as a poller would. */
  PollActivityTaskQueueResponse takeActivityTask() {
    AddTaskRequest task =
        matching
            .nextActivityTask(WAIT)
            .orElseThrow(() -> new AssertionError("no activity task dispatched within " + WAIT));
    return call(HistoryApi.RECORD_ACTIVITY_TASK_STARTED, task.getWorkflowId(), startRequest(task));
  }

  static RecordTaskStartedRequest startRequest(AddTaskRequest task) {
    return RecordTaskStartedRequest.newBuilder()
        .setNamespaceId(task.getNamespaceId())
        .setNamespace(task.getNamespace())
        .setWorkflowId(task.getWorkflowId())
        .setRunId(task.getRunId())
        .setScheduledEventId(task.getScheduledEventId())
        .setAttempt(task.getAttempt())
        .setRequestId(UUID.randomUUID().toString())
        .setIdentity("test-worker")
        .setTaskQueue(task.getTaskQueue())
        .build();
  }

  RespondWorkflowTaskCompletedResponse complete(
      PollWorkflowTaskQueueResponse task, Command... commands) {
    return call(
        HistoryApi.RESPOND_WORKFLOW_TASK_COMPLETED,
        task.getWorkflowExecution().getWorkflowId(),
        RespondWorkflowTaskCompletedRequest.newBuilder()
            .setNamespace(NS)
            .setTaskToken(task.getTaskToken())
            .setIdentity("test-worker")
            .addAllCommands(Arrays.asList(commands))
            .build());
  }

  List<HistoryEvent> history(WorkflowExecution run) {
    return call(
            HistoryApi.GET_WORKFLOW_EXECUTION_HISTORY,
            run.getWorkflowId(),
            GetWorkflowExecutionHistoryRequest.newBuilder()
                .setNamespace(NS)
                .setExecution(run)
                .build())
        .getHistory()
        .getEventsList();
  }

  List<EventType> eventTypes(WorkflowExecution run) {
    return history(run).stream().map(HistoryEvent::getEventType).toList();
  }

  WorkflowExecutionStatus status(WorkflowExecution run) {
    return call(
            HistoryApi.DESCRIBE_WORKFLOW_EXECUTION,
            run.getWorkflowId(),
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(NS)
                .setExecution(run)
                .build())
        .getWorkflowExecutionInfo()
        .getStatus();
  }

  /** Moves the clock and fires what became due, then waits until the outbox is done with it. */
  void advance(Duration by) {
    clock.advance(by);
    role.fireDueTimers();
    awaitOutboxIdle();
  }

  /** Waits until history has done every outbox task it took, except timers not yet due. */
  void awaitOutboxIdle() {
    eventually(role::outboxIdle);
  }

  static void eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + WAIT);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
