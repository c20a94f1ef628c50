package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** StartWorkflowExecution through the raw API: request-id dedup, id conflict and reuse policies. */
class StartPoliciesTest extends ServerTest {

  private StartWorkflowExecutionRequest.Builder start(String workflowId) {
    return StartWorkflowExecutionRequest.newBuilder()
        .setNamespace(TestCluster.NAMESPACE)
        .setWorkflowId(workflowId)
        .setWorkflowType(WorkflowType.newBuilder().setName("NoWorker"))
        .setTaskQueue(TaskQueue.newBuilder().setName(unique("nobody")))
        .setIdentity("test")
        .setRequestId(UUID.randomUUID().toString());
  }

  private void terminate(String workflowId) {
    cluster
        .blocking()
        .terminateWorkflowExecution(
            TerminateWorkflowExecutionRequest.newBuilder()
                .setNamespace(TestCluster.NAMESPACE)
                .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .setReason("test")
                .build());
  }

  private WorkflowExecutionStatus status(String workflowId, String runId) {
    return cluster
        .blocking()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(TestCluster.NAMESPACE)
                .setExecution(
                    WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId))
                .build())
        .getWorkflowExecutionInfo()
        .getStatus();
  }

  @Test
  void sameRequestIdReturnsTheSameRun() {
    var request = start(unique("dedup")).build();
    var first = cluster.blocking().startWorkflowExecution(request);
    var second = cluster.blocking().startWorkflowExecution(request);
    assertThat(second.getRunId()).isEqualTo(first.getRunId());
    assertThat(first.getStarted()).isTrue();
  }

  @Test
  void runningWorkflowIdIsRefusedWithTheRunningRun() {
    String id = unique("conflict");
    var first = cluster.blocking().startWorkflowExecution(start(id).build());
    assertThatThrownBy(() -> cluster.blocking().startWorkflowExecution(start(id).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo(
                      "Workflow execution is already running. WorkflowId: "
                          + id
                          + ", RunId: "
                          + first.getRunId()
                          + ".");
              var details = StatusProto.fromThrowable(e).getDetails(0);
              assertThat(details.is(WorkflowExecutionAlreadyStartedFailure.class)).isTrue();
            });
  }

  @Test
  void useExistingReturnsTheRunningRun() {
    String id = unique("use-existing");
    var first = cluster.blocking().startWorkflowExecution(start(id).build());
    var second =
        cluster
            .blocking()
            .startWorkflowExecution(
                start(id)
                    .setWorkflowIdConflictPolicy(
                        WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                    .build());
    assertThat(second.getRunId()).isEqualTo(first.getRunId());
    assertThat(second.getStarted()).isFalse();
  }

  @Test
  void terminateExistingReplacesTheRunningRun() {
    String id = unique("terminate-existing");
    var first = cluster.blocking().startWorkflowExecution(start(id).build());
    var second =
        cluster
            .blocking()
            .startWorkflowExecution(
                start(id)
                    .setWorkflowIdConflictPolicy(
                        WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING)
                    .build());
    assertThat(second.getRunId()).isNotEqualTo(first.getRunId());
    assertThat(status(id, first.getRunId()))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
    assertThat(status(id, second.getRunId()))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  }

  @Test
  void reusePoliciesApplyAfterClose() {
    String id = unique("reuse");
    var first = cluster.blocking().startWorkflowExecution(start(id).build());
    terminate(id);

    assertThatThrownBy(
            () ->
                cluster
                    .blocking()
                    .startWorkflowExecution(
                        start(id)
                            .setWorkflowIdReusePolicy(
                                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e ->
                assertThat(e.getStatus().getDescription())
                    .isEqualTo(
                        "Workflow execution already finished. WorkflowId: "
                            + id
                            + ", RunId: "
                            + first.getRunId()
                            + ". Workflow Id reuse policy: reject duplicate workflow Id."));

    // Terminated counts as failed, so "failed only" lets it through.
    var second =
        cluster
            .blocking()
            .startWorkflowExecution(
                start(id)
                    .setWorkflowIdReusePolicy(
                        WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
                    .build());
    assertThat(second.getRunId()).isNotEqualTo(first.getRunId());
    terminate(id);

    var third = cluster.blocking().startWorkflowExecution(start(id).build());
    assertThat(third.getRunId()).isNotIn(first.getRunId(), second.getRunId());
  }
}
