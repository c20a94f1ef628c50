package dev.aevum.server.common.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.temporal.api.command.v1.Command;
import io.temporal.api.command.v1.ScheduleActivityTaskCommandAttributes;
import io.temporal.api.command.v1.StartTimerCommandAttributes;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The wire scan must call fine exactly what the scan of the parsed message calls fine. */
class WireScanTest {
  private static final Set<String> COMMANDS =
      Set.of("temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest.commands");

  private static StartWorkflowExecutionRequest start() {
    return StartWorkflowExecutionRequest.newBuilder()
        .setNamespace("default")
        .setWorkflowId("order-é😀")
        .setRequestId("r-1")
        .setWorkflowType(WorkflowType.newBuilder().setName("Flow"))
        .setTaskQueue(TaskQueue.newBuilder().setName("q"))
        .setInput(
            Payloads.newBuilder()
                .addPayloads(
                    Payload.newBuilder()
                        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                        .setData(ByteString.copyFrom(new byte[] {0, 1, 2}))))
        .setWorkflowRunTimeout(Duration.newBuilder().setSeconds(60).setNanos(5))
        .setMemo(Memo.newBuilder().putFields("k", Payload.getDefaultInstance()))
        .setSearchAttributes(
            SearchAttributes.newBuilder()
                .putIndexedFields("CustomKeywordField", Payload.getDefaultInstance()))
        .build();
  }

  private static RespondWorkflowTaskCompletedRequest completion(
      String activityId, Duration timeout) {
    return RespondWorkflowTaskCompletedRequest.newBuilder()
        .setTaskToken(ByteString.copyFrom(new byte[] {0, 0, 7}))
        .addCommands(
            Command.newBuilder()
                .setCommandType(CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK)
                .setScheduleActivityTaskCommandAttributes(
                    ScheduleActivityTaskCommandAttributes.newBuilder()
                        .setActivityId(activityId)
                        .setStartToCloseTimeout(timeout)))
        .addCommands(
            Command.newBuilder()
                .setStartTimerCommandAttributes(
                    StartTimerCommandAttributes.newBuilder().setTimerId("t")))
        .setIdentity("worker@host")
        .build();
  }

  private static boolean agree(Message message, Set<String> skipped) {
    boolean fromBytes = WireScan.ok(message.getDescriptorForType(), message.toByteArray(), skipped);
    assertThat(fromBytes).as("wire scan of %s", message).isEqualTo(FastScan.ok(message, skipped));
    return fromBytes;
  }

  @Test
  void fineRequestsAreFine() {
    assertThat(agree(start(), Set.of())).isTrue();
    assertThat(agree(completion("a", Duration.newBuilder().setSeconds(3).build()), Set.of()))
        .isTrue();
    assertThat(agree(Failure.newBuilder().setMessage("\0").setStackTrace("a\0").build(), Set.of()))
        .isTrue();
  }

  @Test
  void eachRuleIsSeenInTheBytes() {
    assertThat(agree(start().toBuilder().setWorkflowId("a\0b").build(), Set.of())).isFalse();
    assertThat(
            agree(
                start().toBuilder()
                    .setWorkflowType(WorkflowType.newBuilder().setName("\0"))
                    .build(),
                Set.of()))
        .isFalse();
    assertThat(
            agree(
                start().toBuilder()
                    .setSearchAttributes(
                        SearchAttributes.newBuilder()
                            .putIndexedFields("A\0", Payload.getDefaultInstance()))
                    .build(),
                Set.of()))
        .isFalse();
    assertThat(
            agree(
                start().toBuilder()
                    .setWorkflowRunTimeout(Duration.newBuilder().setSeconds(1).setNanos(-1))
                    .build(),
                Set.of()))
        .isFalse();
    assertThat(agree(start().toBuilder().setWorkflowIdReusePolicyValue(42).build(), Set.of()))
        .isFalse();
    assertThat(
            agree(
                ResetWorkflowExecutionRequest.newBuilder()
                    .addResetReapplyExcludeTypesValue(1)
                    .addResetReapplyExcludeTypesValue(77)
                    .build(),
                Set.of()))
        .isFalse();
    assertThat(agree(completion("a\0", Duration.getDefaultInstance()), Set.of())).isFalse();
  }

  @Test
  void payloadContentsAndSkippedFieldsAreNotLookedInto() {
    assertThat(
            agree(
                start().toBuilder()
                    .setInput(
                        Payloads.newBuilder()
                            .addPayloads(
                                Payload.newBuilder()
                                    .putMetadata("enc\0", ByteString.copyFromUtf8("\0"))))
                    .build(),
                Set.of()))
        .isTrue();
    assertThat(
            agree(
                completion("a\0", Duration.newBuilder().setSeconds(-1).setNanos(1).build()),
                COMMANDS))
        .isTrue();
  }

  @Test
  void depthIsBounded() {
    Failure deep = Failure.getDefaultInstance();
    for (int i = 0; i < MessageScan.MAX_DEPTH - 1; i++) {
      deep = Failure.newBuilder().setCause(deep).build();
    }
    assertThat(agree(deep, Set.of())).isTrue();
    assertThat(agree(Failure.newBuilder().setCause(deep).build(), Set.of())).isFalse();
  }

  @Test
  void mutatedBytesAreNeverFineWhenTheParsedMessageIsNot() {
    Random random = new Random(7);
    int parsed = 0;
    int rejected = 0;
    for (Message seed :
        List.<Message>of(start(), completion("a", Duration.newBuilder().setSeconds(2).build()))) {
      byte[] original = seed.toByteArray();
      for (int round = 0; round < 3_000; round++) {
        byte[] bytes = original.clone();
        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
          bytes[random.nextInt(bytes.length)] =
              (byte) (random.nextBoolean() ? 0 : random.nextInt(256));
        }
        Message message;
        try {
          message = seed.getParserForType().parseFrom(bytes);
        } catch (InvalidProtocolBufferException notARequest) {
          continue; // the edge rejects these before any scan
        }
        parsed++;
        // Never laxer than the scan of the parsed message. It may be stricter where the parser
        // keeps only the last of repeated occurrences of a field; the full scan then decides.
        if (!FastScan.ok(message, Set.of())) {
          assertThat(WireScan.ok(seed.getDescriptorForType(), bytes, Set.of()))
              .as("round %d: %s", round, HexFormat.of().formatHex(bytes))
              .isFalse();
          rejected++;
        }
      }
    }
    assertThat(rejected).isGreaterThan(50);
    assertThat(parsed).isGreaterThan(500);
  }
}
