package dev.aevum.server.frontend;

import static dev.aevum.server.frontend.FrontendHarness.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.server.common.Cluster;
import dev.aevum.server.frontend.internal.Unsupported;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCalls;
import io.temporal.api.operatorservice.v1.DeleteNamespaceRequest;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.ListSchedulesRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkerBuildIdCompatibilityRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServiceSurfaceTest {
  private static final List<String> HEALTH_NAMES =
      List.of(
          "",
          "temporal.api.workflowservice.v1.WorkflowService",
          "temporal.api.operatorservice.v1.OperatorService");

  private FrontendHarness frontend;

  @BeforeEach
  void startFrontend() throws Exception {
    frontend = FrontendHarness.start();
  }

  @AfterEach
  void stopFrontend() throws Exception {
    frontend.close();
  }

  private ServingStatus health(String service) {
    return HealthGrpc.newBlockingStub(frontend.channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService(service).build())
        .getStatus();
  }

  @Test
  void systemInfoReportsTheVersionAndOnlyWhatAevumSupports() {
    GetSystemInfoResponse info =
        frontend.workflow().getSystemInfo(GetSystemInfoRequest.getDefaultInstance());

    assertThat(info.getServerVersion()).isEqualTo(Cluster.SERVER_VERSION);
    GetSystemInfoResponse.Capabilities capabilities = info.getCapabilities();
    assertThat(capabilities.getSignalAndQueryHeader()).isTrue();
    assertThat(capabilities.getInternalErrorDifferentiation()).isTrue();
    assertThat(capabilities.getActivityFailureIncludeHeartbeat()).isTrue();
    assertThat(capabilities.getEncodedFailureAttributes()).isTrue();
    assertThat(capabilities.getUpsertMemo()).isTrue();
    assertThat(capabilities.getSdkMetadata()).isTrue();
    assertThat(capabilities.getBuildIdBasedVersioning()).isFalse();
    assertThat(capabilities.getEagerWorkflowStart())
        .isTrue(); // StartWorkflowExecution answers with the first task
    assertThat(capabilities.getSupportsSchedules()).isFalse();
    assertThat(capabilities.getCountGroupByExecutionStatus()).isTrue();
    assertThat(capabilities.getNexus()).isFalse();
  }

  @Test
  void healthIsServingAfterStartAndNotServingAfterClose() {
    for (String name : HEALTH_NAMES) {
      assertThat(health(name)).as(name).isEqualTo(ServingStatus.SERVING);
    }

    frontend.role.close();

    for (String name : HEALTH_NAMES) {
      assertThat(health(name)).as(name).isEqualTo(ServingStatus.NOT_SERVING);
    }
  }

  @Test
  void healthIsNotServingBeforeStart() throws Exception {
    try (FrontendHarness fresh = FrontendHarness.startWithoutRole()) {
      for (String name : HEALTH_NAMES) {
        ServingStatus status =
            HealthGrpc.newBlockingStub(fresh.channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(name).build())
                .getStatus();
        assertThat(status).as(name).isEqualTo(ServingStatus.NOT_SERVING);
      }
    }
  }

  @Test
  void unsupportedWorkflowServiceMethodsSayWhichAndThatAevumLacksThem() {
    StatusRuntimeException error =
        failure(
            () ->
                frontend
                    .workflow()
                    .listSchedules(ListSchedulesRequest.newBuilder().setNamespace("ns").build()));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(error.getStatus().getDescription())
        .isEqualTo(
            "Method temporal.api.workflowservice.v1.WorkflowService/ListSchedules is not supported by Aevum yet.");
  }

  @Test
  void deprecatedBuildIdVersioningIsOffAsOnADefaultTemporalServer() {
    StatusRuntimeException error =
        failure(
            () ->
                frontend
                    .workflow()
                    .updateWorkerBuildIdCompatibility(
                        UpdateWorkerBuildIdCompatibilityRequest.newBuilder()
                            .setNamespace("ns")
                            .setTaskQueue("tq")
                            .setAddNewBuildIdInNewDefaultSet("1.0")
                            .build()));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(error.getStatus().getDescription())
        .isEqualTo(
            "Worker versioning v0.1 (Version Set-based, deprecated) is disabled on this namespace.");
  }

  @Test
  void everyMethodAevumDoesNotServeAnswersWithTheClearMessage() throws Exception {
    Set<String> served =
        Set.of(
            "GetSystemInfo",
            "RegisterNamespace",
            "DescribeNamespace",
            "ListNamespaces",
            "UpdateNamespace",
            "StartWorkflowExecution",
            "DescribeWorkflowExecution",
            "GetWorkflowExecutionHistory",
            "GetWorkflowExecutionHistoryReverse",
            "TerminateWorkflowExecution",
            "ResetStickyTaskQueue",
            "PollWorkflowTaskQueue",
            "RespondWorkflowTaskCompleted",
            "RespondWorkflowTaskFailed",
            "PollActivityTaskQueue",
            "RecordActivityTaskHeartbeat",
            "RecordActivityTaskHeartbeatById",
            "RespondActivityTaskCompleted",
            "RespondActivityTaskCompletedById",
            "RespondActivityTaskFailed",
            "RespondActivityTaskFailedById",
            "RespondActivityTaskCanceled",
            "RespondActivityTaskCanceledById",
            "SignalWorkflowExecution",
            "SignalWithStartWorkflowExecution",
            "RequestCancelWorkflowExecution",
            "QueryWorkflow",
            "UpdateWorkflowExecution",
            "PollWorkflowExecutionUpdate",
            "ExecuteMultiOperation",
            "DeleteWorkflowExecution",
            "ResetWorkflowExecution",
            "RespondQueryTaskCompleted",
            "DescribeTaskQueue",
            "ListWorkflowExecutions",
            "ScanWorkflowExecutions",
            "CountWorkflowExecutions",
            "ListOpenWorkflowExecutions",
            "ListClosedWorkflowExecutions",
            "GetSearchAttributes",
            "AddSearchAttributes",
            "RemoveSearchAttributes",
            "ListSearchAttributes",
            "ShutdownWorker",
            "StartActivityExecution",
            "DescribeActivityExecution",
            "PollActivityExecution",
            "RequestCancelActivityExecution",
            "TerminateActivityExecution",
            "DeleteActivityExecution",
            "ListActivityExecutions",
            "CountActivityExecutions",
            "PauseActivity",
            "UnpauseActivity",
            "ResetActivity",
            "UpdateActivityOptions");
    int unsupported = 0;
    for (ServiceDescriptor service :
        List.of(
            WorkflowServiceGrpc.getServiceDescriptor(),
            OperatorServiceGrpc.getServiceDescriptor())) {
      for (MethodDescriptor<?, ?> method : service.getMethods()) {
        if (served.contains(method.getBareMethodName())) {
          continue;
        }
        StatusRuntimeException error = failure(() -> callWithEmptyRequest(method));
        if (Unsupported.OFF_AS_IN_TEMPORAL.containsKey(method.getBareMethodName())) {
          assertThat(error.getStatus().getCode())
              .as(method.getFullMethodName())
              .isEqualTo(Status.Code.PERMISSION_DENIED);
          continue;
        }
        assertThat(error.getStatus().getCode())
            .as(method.getFullMethodName())
            .isEqualTo(Status.Code.UNIMPLEMENTED);
        assertThat(error.getStatus().getDescription())
            .isEqualTo("Method " + method.getFullMethodName() + " is not supported by Aevum yet.");
        unsupported++;
      }
    }
    assertThat(unsupported).isGreaterThan(50);
  }

  private <Q, R> void callWithEmptyRequest(MethodDescriptor<Q, R> method) {
    Q empty = method.getRequestMarshaller().parse(new ByteArrayInputStream(new byte[0]));
    ClientCalls.blockingUnaryCall(
        frontend.channel,
        method,
        CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS),
        empty);
  }

  @Test
  void operatorServiceMethodsAevumLacksAreClearlyUnsupported() {
    StatusRuntimeException error =
        failure(
            () ->
                OperatorServiceGrpc.newBlockingStub(frontend.channel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .deleteNamespace(
                        DeleteNamespaceRequest.newBuilder().setNamespace("ns").build()));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(error.getStatus().getDescription())
        .contains("OperatorService/DeleteNamespace")
        .contains("not supported by Aevum yet");
  }
}
