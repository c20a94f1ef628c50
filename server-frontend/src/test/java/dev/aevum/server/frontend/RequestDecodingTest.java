package dev.aevum.server.frontend;

import static dev.aevum.server.frontend.FrontendHarness.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Requests that cannot be decoded, or decode to hostile values, get INVALID_ARGUMENT before any
 * handler runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestDecodingTest {
  private FrontendHarness frontend;

  @BeforeAll
  void startFrontend() throws Exception {
    frontend = FrontendHarness.start();
    frontend.register("ns");
  }

  @AfterAll
  void stopFrontend() {
    frontend.close();
  }

  private static StartWorkflowExecutionRequest.Builder start() {
    return StartWorkflowExecutionRequest.newBuilder()
        .setNamespace("ns")
        .setWorkflowId("wf")
        .setWorkflowType(WorkflowType.newBuilder().setName("T"))
        .setTaskQueue(TaskQueue.newBuilder().setName("q"));
  }

  /**
   * Sends {@code bytes} as the request of {@code method}, as a client with a broken encoder would.
   */
  private StatusRuntimeException sendRaw(MethodDescriptor<?, ?> method, byte[] bytes) {
    MethodDescriptor<byte[], byte[]> raw =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(method.getFullMethodName())
            .setRequestMarshaller(new Bytes())
            .setResponseMarshaller(new Bytes())
            .build();
    return failure(
        () ->
            ClientCalls.blockingUnaryCall(
                frontend.channel,
                raw,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                bytes));
  }

  private static void assertInvalid(StatusRuntimeException e, String message) {
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains(message);
    // The same details trailer every other rejection carries.
    assertThat(StatusProto.fromThrowable(e)).isNotNull();
  }

  @Test
  void undecodableBytesAreInvalidArgument() {
    assertInvalid(
        sendRaw(
            WorkflowServiceGrpc.getStartWorkflowExecutionMethod(),
            new byte[] {(byte) 0xff, (byte) 0xff, 0x01}),
        "Request could not be decoded as temporal.api.workflowservice.v1.WorkflowService/StartWorkflowExecution");
    assertInvalid(
        sendRaw(OperatorServiceGrpc.getListSearchAttributesMethod(), new byte[] {0x0a, 0x05, 'a'}),
        "could not be decoded");
    assertThat(frontend.history.nothingReceived()).isTrue();
  }

  @Test
  void invalidUtf8InAStringIsInvalidArgument() {
    // Field 1 (namespace) holding the bytes C3 28, which are not UTF-8.
    byte[] request = {0x0a, 0x02, (byte) 0xc3, 0x28};
    assertInvalid(
        sendRaw(WorkflowServiceGrpc.getStartWorkflowExecutionMethod(), request), "invalid UTF-8");
    assertInvalid(
        sendRaw(WorkflowServiceGrpc.getDescribeNamespaceMethod(), request), "invalid UTF-8");
  }

  @Test
  void aFailureNestedBeyondProtobufsLimitIsInvalidArgument() {
    Failure deep = Failure.newBuilder().setMessage("bottom").build();
    for (int i = 0; i < 300; i++) {
      deep = Failure.newBuilder().setMessage("level " + i).setCause(deep).build();
    }
    byte[] bytes =
        RespondActivityTaskFailedRequest.newBuilder()
            .setTaskToken(ByteString.copyFromUtf8("token"))
            .setFailure(deep)
            .build()
            .toByteArray();
    assertInvalid(
        sendRaw(WorkflowServiceGrpc.getRespondActivityTaskFailedMethod(), bytes),
        "could not be decoded");

    // Within protobuf's limit but deeper than what may be stored: checked after decoding.
    Failure nested = Failure.newBuilder().setMessage("bottom").build();
    for (int i = 0; i < 80; i++) {
      nested = Failure.newBuilder().setCause(nested).build();
    }
    RespondActivityTaskFailedRequest request =
        RespondActivityTaskFailedRequest.newBuilder()
            .setTaskToken(ByteString.copyFromUtf8("token"))
            .setFailure(nested)
            .build();
    assertInvalid(
        failure(() -> frontend.workflow().respondActivityTaskFailed(request)),
        "Request is nested more than 64 levels deep at Failure.Cause.Cause");
  }

  @Test
  void nulCharactersAreRejectedNamingTheField() {
    assertInvalid(
        failure(
            () ->
                frontend.workflow().startWorkflowExecution(start().setWorkflowId("a\0b").build())),
        "WorkflowId contains the NUL character (U+0000)");
    assertInvalid(
        failure(
            () ->
                frontend
                    .workflow()
                    .startWorkflowExecution(
                        start().setTaskQueue(TaskQueue.newBuilder().setName("q\0")).build())),
        "TaskQueue.Name contains the NUL character");
    assertInvalid(
        failure(
            () ->
                frontend
                    .workflow()
                    .startWorkflowExecution(
                        start()
                            .setMemo(
                                Memo.newBuilder()
                                    .putFields("bad\0key", Payload.getDefaultInstance()))
                            .build())),
        "Memo.Fields[\"bad\\u0000key\"] has a key with the NUL character");
    assertThat(frontend.history.nothingReceived()).isTrue();
  }

  @Test
  void failureTextMayHoldNulBecauseItIsCopiedFromExceptions() throws Exception {
    // Not rejected by the scan: the call goes on to the token check.
    StatusRuntimeException e =
        failure(
            () ->
                frontend
                    .workflow()
                    .respondActivityTaskFailed(
                        RespondActivityTaskFailedRequest.newBuilder()
                            .setTaskToken(ByteString.copyFromUtf8("not a token"))
                            .setFailure(
                                Failure.newBuilder()
                                    .setMessage("binary \0 in an exception message"))
                            .build()));
    assertInvalid(e, "task token");
  }

  @Test
  void durationsOutOfProtobufsRangeAreRejectedNamingTheField() {
    assertInvalid(
        failure(
            () ->
                frontend
                    .workflow()
                    .startWorkflowExecution(
                        start()
                            .setWorkflowRunTimeout(
                                Duration.newBuilder().setSeconds(1).setNanos(2_000_000_000))
                            .build())),
        "WorkflowRunTimeout is not a valid duration: nanos must be within ±999,999,999, got 2000000000.");
    assertInvalid(
        failure(
            () ->
                frontend
                    .workflow()
                    .startWorkflowExecution(
                        start()
                            .setWorkflowTaskTimeout(
                                Duration.newBuilder().setSeconds(Long.MAX_VALUE))
                            .build())),
        "WorkflowTaskTimeout is not a valid duration: seconds must be within");
  }

  private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        stream.transferTo(out);
        return out.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
