package dev.aevum.server.history.internal.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.Durations;
import dev.aevum.proto.persistence.ExecutionInfo;
import dev.aevum.server.history.internal.execution.RunKey;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;
import org.junit.jupiter.api.Test;

class RunsTest {
  private static final RunKey KEY = new RunKey("ns-id", "wf", "run-2");

  /**
   * A run rebuilt by reset takes its record from the copied Started event, like a new run: before
   * they shared this, a reset run lost the last completion result and continued failure, so an
   * attempt retried after a reset no longer saw its cron predecessor's result.
   */
  @Test
  void theRunRecordKeepsEverythingTheStartedEventCarries() {
    Payloads lastResult =
        Payloads.newBuilder()
            .addPayloads(Payload.newBuilder().setData(ByteString.copyFromUtf8("\"previous\"")))
            .build();
    Failure continued = Failure.newBuilder().setMessage("attempt 1 failed").build();
    WorkflowExecutionStartedEventAttributes started =
        WorkflowExecutionStartedEventAttributes.newBuilder()
            .setWorkflowType(WorkflowType.newBuilder().setName("Report"))
            .setTaskQueue(TaskQueue.newBuilder().setName("reports"))
            .setFirstExecutionRunId("run-1")
            .setOriginalExecutionRunId("run-2")
            .setWorkflowRunTimeout(Durations.fromSeconds(60))
            .setWorkflowTaskTimeout(Durations.fromSeconds(10))
            .setAttempt(2)
            .setCronSchedule("@hourly")
            .setRetryPolicy(RetryPolicy.newBuilder().setMaximumAttempts(3))
            .setLastCompletionResult(lastResult)
            .setContinuedFailure(continued)
            .setParentWorkflowNamespaceId("parent-ns")
            .setParentWorkflowExecution(
                WorkflowExecution.newBuilder().setWorkflowId("parent").setRunId("p-run"))
            .setParentInitiatedEventId(5)
            .build();

    ExecutionInfo info = Runs.fromStarted(KEY, "default", started, "request-1").build();

    assertThat(info.getLastCompletionResult()).isEqualTo(lastResult.toByteString());
    assertThat(info.getContinuedFailure()).isEqualTo(continued.toByteString());
    assertThat(info.getNamespace()).isEqualTo("default");
    assertThat(info.getFirstExecutionRunId()).isEqualTo("run-1");
    assertThat(info.getWorkflowRunTimeoutMs()).isEqualTo(60_000);
    assertThat(info.getDefaultWorkflowTaskTimeoutMs()).isEqualTo(10_000);
    assertThat(info.getAttempt()).isEqualTo(2);
    assertThat(info.getCronSchedule()).isEqualTo("@hourly");
    assertThat(info.getRetryPolicy()).isEqualTo(started.getRetryPolicy().toByteString());
    assertThat(info.getRootWorkflowId()).isEqualTo("wf");
    assertThat(info.getParentWorkflowId()).isEqualTo("parent");
    assertThat(info.getParentInitiatedEventId()).isEqualTo(5);
    assertThat(info.getCreateRequestId()).isEqualTo("request-1");
  }
}
