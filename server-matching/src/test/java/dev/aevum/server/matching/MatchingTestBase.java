package dev.aevum.server.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.rpc.ErrorInfo;
import dev.aevum.persistence.Persistence;
import dev.aevum.persistence.sql.SqlPersistence;
import dev.aevum.persistence.testing.TestDatabases;
import dev.aevum.proto.matching.MatchingServiceGrpc;
import dev.aevum.server.common.Errors;
import dev.aevum.server.common.api.CallScope;
import dev.aevum.server.common.api.InternalCalls;
import dev.aevum.server.common.api.TaskPollApi;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The matching role over grpc-java's in-process transport, with a fake history and a real SQLite
 * store, shared by the matching tests.
 */
abstract class MatchingTestBase {
  static final String NS_ID = "ns-1";
  static final String NS = "default";
  static final String QUEUE = "orders";
  static final Duration WAIT = Duration.ofSeconds(10);

  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final FakeHistory history = new FakeHistory();
  Persistence persistence;
  Server historyServer;
  ManagedChannel historyChannel;
  MatchingRole role;
  Server matchingServer;
  ManagedChannel matchingChannel;
  MatchingServiceGrpc.MatchingServiceBlockingStub blocking;
  MatchingServiceGrpc.MatchingServiceFutureStub async;

  @BeforeEach
  void setUp() throws IOException {
    persistence = SqlPersistence.open(TestDatabases.sqliteInMemory());
    persistence.migrate();
    String historyName = "history-" + UUID.randomUUID();
    historyServer =
        InProcessServerBuilder.forName(historyName)
            .addService(history.bindService())
            .build()
            .start();
    historyChannel = InProcessChannelBuilder.forName(historyName).build();
    startRole(settings());
  }

  @AfterEach
  void tearDown() {
    stopRole();
    historyChannel.shutdownNow();
    historyServer.shutdownNow();
    persistence.close();
  }

  void startRole(MatchingSettings settings) throws IOException {
    role = MatchingRole.create(settings, persistence, historyChannel, clock);
    role.start();
    String name = "matching-" + UUID.randomUUID();
    InProcessServerBuilder server = InProcessServerBuilder.forName(name);
    role.services().forEach(server::addService);
    matchingServer = server.build().start();
    matchingChannel = InProcessChannelBuilder.forName(name).build();
    blocking =
        MatchingServiceGrpc.newBlockingStub(matchingChannel)
            .withDeadlineAfter(30, TimeUnit.SECONDS);
    async = MatchingServiceGrpc.newFutureStub(matchingChannel);
  }

  void stopRole() {
    role.close();
    matchingChannel.shutdownNow();
    matchingServer.shutdownNow();
  }

  void restartRole(MatchingSettings settings) throws IOException {
    stopRole();
    startRole(settings);
  }

  /**
   * Temporal's defaults, with deferred tasks off: these tests pin down the persisted backlog, so a
   * task with no waiting poller is written at once (DeferredTasksTest covers deferral).
   */
  static MatchingSettings settings() {
    return MatchingSettings.defaults().withDeferredTaskWait(Duration.ZERO);
  }

  static void assertInvalid(Runnable call, String field) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).startsWith(field);
            });
  }

  static void assertStickyUnavailable(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              com.google.rpc.Status status = StatusProto.fromThrowable(e);
              assertThat(status).isNotNull();
              assertThat(status.getDetailsList())
                  .anySatisfy(
                      any -> {
                        assertThat(any.is(ErrorInfo.class)).isTrue();
                        assertThat(any.unpack(ErrorInfo.class).getReason())
                            .isEqualTo(Errors.STICKY_WORKER_UNAVAILABLE);
                      });
            });
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** A workflow task poll through {@code TaskPollApi}, as the frontend makes it. */
  ListenableFuture<PollResponse> pollWorkflowAsync(
      long timeout, TimeUnit unit, PollRequest request) {
    return poll(
        TaskPollApi.POLL_WORKFLOW_TASK_QUEUE,
        timeout,
        unit,
        request,
        PollWorkflowTaskQueueRequest.parser());
  }

  ListenableFuture<PollResponse> pollActivityAsync(
      long timeout, TimeUnit unit, PollRequest request) {
    return poll(
        TaskPollApi.POLL_ACTIVITY_TASK_QUEUE,
        timeout,
        unit,
        request,
        PollActivityTaskQueueRequest.parser());
  }

  /**
   * A workflow task poll that blocks; its failure is thrown as the call's StatusRuntimeException.
   */
  PollResponse pollWorkflowBlocking(PollRequest request) {
    try {
      return pollWorkflowAsync(30, TimeUnit.SECONDS, request).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private <Q extends Message, R extends Message> ListenableFuture<PollResponse> poll(
      MethodDescriptor<Q, R> method,
      long timeout,
      TimeUnit unit,
      PollRequest request,
      Parser<Q> parser) {
    SettableFuture<PollResponse> result = SettableFuture.create();
    Q message;
    try {
      message = parser.parseFrom(request.request);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
    InternalCalls.call(
        matchingChannel,
        method,
        new CallScope(request.namespaceId, request.namespace, "", request.pollerId),
        timeout,
        unit,
        message,
        new StreamObserver<R>() {
          @Override
          public void onNext(R value) {
            result.set(
                new PollResponse(
                    value.equals(value.getDefaultInstanceForType())
                        ? ByteString.EMPTY
                        : value.toByteString()));
          }

          @Override
          public void onError(Throwable t) {
            result.setException(t);
          }

          @Override
          public void onCompleted() {}
        });
    return result;
  }

  static PollWorkflowTaskQueueResponse workflowResponse(ListenableFuture<PollResponse> poll)
      throws Exception {
    ByteString bytes = poll.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getResponse();
    assertThat(bytes).as("poll response").isNotEmpty();
    return PollWorkflowTaskQueueResponse.parseFrom(bytes);
  }
}
