package dev.aevum.server.common.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.StartTimerCommandAttributes;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class MessageScanTest {
  private static RespondWorkflowTaskCompletedRequest timer(String id, Duration fireAfter) {
    return RespondWorkflowTaskCompletedRequest.newBuilder()
        .addCommands(Command.getDefaultInstance())
        .addCommands(
            Command.newBuilder()
                .setStartTimerCommandAttributes(
                    StartTimerCommandAttributes.newBuilder()
                        .setTimerId(id)
                        .setStartToFireTimeout(fireAfter)))
        .build();
  }

  @Test
  void problemsNameTheFieldByItsPath() {
    assertThat(MessageScan.problem(timer("t\0", Duration.getDefaultInstance())))
        .hasValue(
            "Commands[1].StartTimerCommandAttributes.TimerId contains the NUL character (U+0000), which is not allowed.");
    assertThat(
            MessageScan.problem(
                timer("t", Duration.newBuilder().setSeconds(-1).setNanos(1).build())))
        .hasValue(
            "Commands[1].StartTimerCommandAttributes.StartToFireTimeout is not a valid duration:"
                + " seconds and nanos have different signs.");
    assertThat(
            MessageScan.problem(
                StartWorkflowExecutionRequest.newBuilder()
                    .setSearchAttributes(
                        SearchAttributes.newBuilder()
                            .putIndexedFields("A\0", Payload.getDefaultInstance()))
                    .build()))
        .hasValue(
            "SearchAttributes.IndexedFields[\"A\\u0000\"] has a key with the NUL character (U+0000), which is not allowed.");
  }

  @Test
  void validInputHasNoProblem() {
    assertThat(
            MessageScan.problem(
                timer("t", Duration.newBuilder().setSeconds(5).setNanos(999_999_999).build())))
        .isEmpty();
    assertThat(
            MessageScan.problem(
                StartWorkflowExecutionRequest.newBuilder().setWorkflowId("é😀").build()))
        .isEmpty();
  }

  @Test
  void skippedFieldsAndFailureTextAreNotChecked() {
    assertThat(
            MessageScan.problem(
                timer("t\0", Duration.getDefaultInstance()),
                Set.of(
                    "temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest.commands")))
        .isEmpty();
    assertThat(
            MessageScan.problem(
                Failure.newBuilder()
                    .setMessage("a\0")
                    .setStackTrace("\0")
                    .setCause(Failure.newBuilder().setMessage("\0"))
                    .build()))
        .isEmpty();
  }

  @Test
  void enumNumbersMustBeKnown() {
    var request = QueryWorkflowRequest.newBuilder().setQueryRejectConditionValue(99).build();
    assertThat(MessageScan.problem(request))
        .hasValue(
            "Invalid QueryRejectCondition: 99. QueryRejectCondition is not a known QueryRejectCondition value.");
  }

  @Test
  void timestampsMustBeInProtobufsRange() {
    assertThat(MessageScan.problem(ResetWorkflowExecutionRequest.newBuilder().build())).isEmpty();
    assertThat(MessageScan.problem(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE).build()))
        .hasValue("Request is not a valid timestamp: it must lie between the years 1 and 9999.");
  }

  @Test
  void depthIsBounded() {
    Failure deep = Failure.getDefaultInstance();
    for (int i = 0; i < MessageScan.MAX_DEPTH - 1; i++) {
      deep = Failure.newBuilder().setCause(deep).build();
    }
    assertThat(MessageScan.problem(deep)).isEmpty();
    assertThat(MessageScan.problem(Failure.newBuilder().setCause(deep).build()))
        .get()
        .asString()
        .startsWith("Request is nested more than 64 levels deep at Cause.Cause.");
  }

  @Test
  void payloadContentsAreOpaque() {
    // Stored only inside blobs: a NUL in a payload's metadata harms no text column.
    var request =
        SignalWorkflowExecutionRequest.newBuilder()
            .setNamespace("ns")
            .setSignalName("go")
            .setInput(
                Payloads.newBuilder()
                    .addPayloads(
                        Payload.newBuilder()
                            .putMetadata("enc\0oding", ByteString.copyFromUtf8("x"))))
            .build();
    Assertions.assertThat(MessageScan.problem(request)).isEmpty();
    Assertions.assertThat(MessageScan.problem(request.toBuilder().setSignalName("g\0o").build()))
        .hasValueSatisfying(p -> Assertions.assertThat(p).contains("SignalName"));
  }
}
