package dev.aevum.server.frontend;

import static dev.aevum.server.frontend.FrontendHarness.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.temporal.api.enums.v1.ArchivalState;
import io.temporal.api.enums.v1.NamespaceState;
import io.temporal.api.errordetails.v1.NamespaceAlreadyExistsFailure;
import io.temporal.api.errordetails.v1.NamespaceNotFoundFailure;
import io.temporal.api.namespace.v1.NamespaceConfig;
import io.temporal.api.namespace.v1.UpdateNamespaceInfo;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceResponse;
import io.temporal.api.workflowservice.v1.ListNamespacesRequest;
import io.temporal.api.workflowservice.v1.ListNamespacesResponse;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.UpdateNamespaceRequest;
import io.temporal.api.workflowservice.v1.UpdateNamespaceResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NamespaceApiTest {
  private static final Duration ONE_DAY = Duration.newBuilder().setSeconds(86_400).build();

  private FrontendHarness frontend;

  @BeforeEach
  void start() throws Exception {
    frontend = FrontendHarness.start();
  }

  @AfterEach
  void stop() throws Exception {
    frontend.close();
  }

  private DescribeNamespaceResponse describe(String name) {
    return frontend
        .workflow()
        .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(name).build());
  }

  @Test
  void registeredNamespaceIsDescribedByNameAndById() {
    frontend
        .workflow()
        .registerNamespace(
            RegisterNamespaceRequest.newBuilder()
                .setNamespace("orders")
                .setDescription("order processing")
                .setOwnerEmail("team@example.com")
                .putData("tier", "gold")
                .setWorkflowExecutionRetentionPeriod(ONE_DAY)
                .build());

    DescribeNamespaceResponse byName = describe("orders");
    assertThat(byName.getNamespaceInfo().getName()).isEqualTo("orders");
    assertThat(byName.getNamespaceInfo().getId()).isNotEmpty();
    assertThat(byName.getNamespaceInfo().getState())
        .isEqualTo(NamespaceState.NAMESPACE_STATE_REGISTERED);
    assertThat(byName.getNamespaceInfo().getDescription()).isEqualTo("order processing");
    assertThat(byName.getNamespaceInfo().getOwnerEmail()).isEqualTo("team@example.com");
    assertThat(byName.getNamespaceInfo().getDataMap()).containsEntry("tier", "gold");
    assertThat(byName.getNamespaceInfo().getLimits().getBlobSizeLimitError())
        .isEqualTo(2 * 1024 * 1024);
    assertThat(byName.getConfig().getWorkflowExecutionRetentionTtl()).isEqualTo(ONE_DAY);
    assertThat(byName.getConfig().getHistoryArchivalState())
        .isEqualTo(ArchivalState.ARCHIVAL_STATE_DISABLED);
    assertThat(byName.getReplicationConfig().getActiveClusterName()).isEqualTo("active");
    assertThat(byName.getReplicationConfig().getClustersList())
        .extracting(c -> c.getClusterName())
        .containsExactly("active");
    assertThat(byName.getIsGlobalNamespace()).isFalse();

    DescribeNamespaceResponse byId =
        frontend
            .workflow()
            .describeNamespace(
                DescribeNamespaceRequest.newBuilder()
                    .setId(byName.getNamespaceInfo().getId())
                    .build());
    assertThat(byId).isEqualTo(byName);
  }

  @Test
  void registeringTheSameNameTwiceFailsWithNamespaceAlreadyExists() throws Exception {
    frontend.register("dup");

    StatusRuntimeException error =
        failure(
            () ->
                frontend
                    .workflow()
                    .registerNamespace(
                        RegisterNamespaceRequest.newBuilder()
                            .setNamespace("dup")
                            .setWorkflowExecutionRetentionPeriod(ONE_DAY)
                            .build()));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    com.google.rpc.Status status = StatusProto.fromThrowable(error);
    assertThat(status.getDetailsList()).hasSize(1);
    assertThat(status.getDetails(0).is(NamespaceAlreadyExistsFailure.class)).isTrue();
  }

  @Test
  void unknownNamespaceIsNotFoundWithDetails() throws Exception {
    StatusRuntimeException error = failure(() -> describe("nope"));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(error.getStatus().getDescription()).contains("nope");
    NamespaceNotFoundFailure details =
        StatusProto.fromThrowable(error).getDetails(0).unpack(NamespaceNotFoundFailure.class);
    assertThat(details.getNamespace()).isEqualTo("nope");
  }

  @Test
  void describeNeedsExactlyOneOfNameAndId() {
    StatusRuntimeException neither =
        failure(
            () ->
                frontend
                    .workflow()
                    .describeNamespace(DescribeNamespaceRequest.getDefaultInstance()));
    StatusRuntimeException both =
        failure(
            () ->
                frontend
                    .workflow()
                    .describeNamespace(
                        DescribeNamespaceRequest.newBuilder()
                            .setNamespace("a")
                            .setId("b")
                            .build()));

    assertThat(neither.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(neither.getStatus().getDescription()).contains("Both ID and Name are empty");
    assertThat(both.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(both.getStatus().getDescription()).contains("Both ID and Name specified");
  }

  @Test
  void registerRejectsBadInputAndStoresNothing() {
    List<RegisterNamespaceRequest> bad =
        List.of(
            RegisterNamespaceRequest.newBuilder()
                .setWorkflowExecutionRetentionPeriod(ONE_DAY)
                .build(),
            RegisterNamespaceRequest.newBuilder()
                .setNamespace("x".repeat(1001))
                .setWorkflowExecutionRetentionPeriod(ONE_DAY)
                .build(),
            RegisterNamespaceRequest.newBuilder().setNamespace("no-retention").build(),
            RegisterNamespaceRequest.newBuilder()
                .setNamespace("short")
                .setWorkflowExecutionRetentionPeriod(Duration.newBuilder().setSeconds(3599))
                .build(),
            RegisterNamespaceRequest.newBuilder()
                .setNamespace("negative")
                .setWorkflowExecutionRetentionPeriod(Duration.newBuilder().setSeconds(-86_400))
                .build(),
            RegisterNamespaceRequest.newBuilder()
                .setNamespace("global")
                .setIsGlobalNamespace(true)
                .setWorkflowExecutionRetentionPeriod(ONE_DAY)
                .build(),
            RegisterNamespaceRequest.newBuilder()
                .setNamespace("elsewhere")
                .setActiveClusterName("other")
                .setWorkflowExecutionRetentionPeriod(ONE_DAY)
                .build());
    List<String> fields =
        List.of(
            "Namespace is not set",
            "Namespace length exceeds limit",
            "WorkflowExecutionRetentionPeriod",
            "WorkflowExecutionRetentionPeriod",
            "WorkflowExecutionRetentionPeriod",
            "global namespace",
            "Invalid cluster name: other");

    for (int i = 0; i < bad.size(); i++) {
      RegisterNamespaceRequest request = bad.get(i);
      StatusRuntimeException error = failure(() -> frontend.workflow().registerNamespace(request));
      assertThat(error.getStatus().getCode())
          .as(fields.get(i))
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(error.getStatus().getDescription()).contains(fields.get(i));
    }
    assertThat(frontend.persistence.namespaces().list()).isEmpty();
  }

  @Test
  void retentionOfOneHourIsTheMinimum() {
    frontend
        .workflow()
        .registerNamespace(
            RegisterNamespaceRequest.newBuilder()
                .setNamespace("hourly")
                .setWorkflowExecutionRetentionPeriod(Duration.newBuilder().setSeconds(3600))
                .build());

    assertThat(describe("hourly").getConfig().getWorkflowExecutionRetentionTtl().getSeconds())
        .isEqualTo(3600);
  }

  @Test
  void listPagesThroughAllNamespacesInNameOrder() {
    for (String name : List.of("c", "a", "b", "d", "e")) {
      frontend.register(name);
    }

    List<String> seen = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    int pages = 0;
    do {
      ListNamespacesResponse page =
          frontend
              .workflow()
              .listNamespaces(
                  ListNamespacesRequest.newBuilder()
                      .setPageSize(2)
                      .setNextPageToken(token)
                      .build());
      assertThat(page.getNamespacesCount()).isLessThanOrEqualTo(2);
      page.getNamespacesList().forEach(n -> seen.add(n.getNamespaceInfo().getName()));
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty());

    assertThat(seen).containsExactly("a", "b", "c", "d", "e");
    assertThat(pages).isEqualTo(3);
    assertThat(
            frontend
                .workflow()
                .listNamespaces(ListNamespacesRequest.getDefaultInstance())
                .getNamespacesCount())
        .isEqualTo(5);
  }

  @Test
  void updateChangesDescriptionOwnerDataAndRetention() {
    frontend
        .workflow()
        .registerNamespace(
            RegisterNamespaceRequest.newBuilder()
                .setNamespace("billing")
                .setDescription("old")
                .putData("keep", "1")
                .putData("change", "1")
                .setWorkflowExecutionRetentionPeriod(ONE_DAY)
                .build());

    UpdateNamespaceResponse updated =
        frontend
            .workflow()
            .updateNamespace(
                UpdateNamespaceRequest.newBuilder()
                    .setNamespace("billing")
                    .setUpdateInfo(
                        UpdateNamespaceInfo.newBuilder()
                            .setDescription("new")
                            .setOwnerEmail("owner@example.com")
                            .putData("change", "2")
                            .putData("add", "3"))
                    .setConfig(
                        NamespaceConfig.newBuilder()
                            .setWorkflowExecutionRetentionTtl(
                                Duration.newBuilder().setSeconds(3 * 86_400)))
                    .build());

    assertThat(updated.getNamespaceInfo().getDescription()).isEqualTo("new");
    DescribeNamespaceResponse described = describe("billing");
    assertThat(described.getNamespaceInfo().getDescription()).isEqualTo("new");
    assertThat(described.getNamespaceInfo().getOwnerEmail()).isEqualTo("owner@example.com");
    assertThat(described.getNamespaceInfo().getDataMap())
        .containsEntry("keep", "1")
        .containsEntry("change", "2")
        .containsEntry("add", "3");
    assertThat(described.getConfig().getWorkflowExecutionRetentionTtl().getSeconds())
        .isEqualTo(3 * 86_400);
    assertThat(
            frontend
                .persistence
                .namespaces()
                .getByName("billing")
                .orElseThrow()
                .notificationVersion())
        .isEqualTo(2);
  }

  @Test
  void updateWithTooShortRetentionFailsAndKeepsTheNamespace() {
    frontend.register("keep");

    StatusRuntimeException error =
        failure(
            () ->
                frontend
                    .workflow()
                    .updateNamespace(
                        UpdateNamespaceRequest.newBuilder()
                            .setNamespace("keep")
                            .setConfig(
                                NamespaceConfig.newBuilder()
                                    .setWorkflowExecutionRetentionTtl(
                                        Duration.newBuilder().setSeconds(60)))
                            .build()));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(error.getStatus().getDescription()).contains("WorkflowExecutionRetentionPeriod");
    assertThat(describe("keep").getConfig().getWorkflowExecutionRetentionTtl()).isEqualTo(ONE_DAY);
  }

  @Test
  void updatingAnUnknownNamespaceIsNotFound() throws Exception {
    StatusRuntimeException error =
        failure(
            () ->
                frontend
                    .workflow()
                    .updateNamespace(
                        UpdateNamespaceRequest.newBuilder().setNamespace("ghost").build()));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            StatusProto.fromThrowable(error)
                .getDetails(0)
                .unpack(NamespaceNotFoundFailure.class)
                .getNamespace())
        .isEqualTo("ghost");
  }

  @Test
  void deletedNamespaceIsNoLongerListedButCanBeDescribed() {
    frontend.register("gone");
    frontend
        .workflow()
        .updateNamespace(
            UpdateNamespaceRequest.newBuilder()
                .setNamespace("gone")
                .setUpdateInfo(
                    UpdateNamespaceInfo.newBuilder()
                        .setState(NamespaceState.NAMESPACE_STATE_DELETED))
                .build());

    assertThat(
            frontend
                .workflow()
                .listNamespaces(ListNamespacesRequest.getDefaultInstance())
                .getNamespacesCount())
        .isZero();
    assertThat(describe("gone").getNamespaceInfo().getState())
        .isEqualTo(NamespaceState.NAMESPACE_STATE_DELETED);
    StatusRuntimeException back =
        failure(
            () ->
                frontend
                    .workflow()
                    .updateNamespace(
                        UpdateNamespaceRequest.newBuilder()
                            .setNamespace("gone")
                            .setUpdateInfo(
                                UpdateNamespaceInfo.newBuilder()
                                    .setState(NamespaceState.NAMESPACE_STATE_REGISTERED))
                            .build()));
    assertThat(back.getStatus().getDescription()).contains("Invalid namespace state update");
  }

  @Test
  void ensureExistsCreatesOnceAndIsIdempotent() {
    String first =
        Namespaces.ensureExists(
            frontend.persistence, "default", java.time.Duration.ofDays(1), Clock.systemUTC());
    String second =
        Namespaces.ensureExists(
            frontend.persistence, "default", java.time.Duration.ofDays(1), Clock.systemUTC());

    assertThat(second).isEqualTo(first);
    DescribeNamespaceResponse described = describe("default");
    assertThat(described.getNamespaceInfo().getId()).isEqualTo(first);
    assertThat(described.getConfig().getWorkflowExecutionRetentionTtl()).isEqualTo(ONE_DAY);
  }
}
