package dev.aevum.server.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc.OperatorServiceBlockingStub;
import io.temporal.api.operatorservice.v1.RemoveSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.GetSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OperatorService's search attribute calls, as setup scripts and `temporal operator
 * search-attribute` use them.
 */
class SearchAttributeRegistryTest extends ServerTest {
  private OperatorServiceStubs operatorStubs;

  @BeforeEach
  void connectOperator() {
    operatorStubs =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget(cluster.target())
                .validateAndBuildWithDefaults());
  }

  @AfterEach
  void disconnectOperator() {
    if (operatorStubs != null) {
      operatorStubs.shutdownNow();
    }
  }

  private OperatorServiceBlockingStub operator() {
    return operatorStubs.blockingStub();
  }

  private Map<String, IndexedValueType> custom(String namespace) {
    return operator()
        .listSearchAttributes(
            ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
        .getCustomAttributesMap();
  }

  @Test
  void addedAttributesAreListedPerNamespaceAndCanBeRemoved() {
    assertThat(custom(TestCluster.NAMESPACE))
        .containsEntry("CustomKeywordField", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .doesNotContainKey("OrderRegion");

    AddSearchAttributesRequest add =
        AddSearchAttributesRequest.newBuilder()
            .setNamespace(TestCluster.NAMESPACE)
            .putSearchAttributes("OrderRegion", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
            .putSearchAttributes("OrderTotal", IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE)
            .build();
    operator().addSearchAttributes(add);
    operator().addSearchAttributes(add); // a setup script run twice is fine

    assertThat(custom(TestCluster.NAMESPACE))
        .containsEntry("OrderRegion", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .containsEntry("OrderTotal", IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE);
    assertThat(custom(TestCluster.OTHER_NAMESPACE)).doesNotContainKey("OrderRegion");
    assertThat(
            operator()
                .listSearchAttributes(
                    ListSearchAttributesRequest.newBuilder()
                        .setNamespace(TestCluster.NAMESPACE)
                        .build())
                .getSystemAttributesMap())
        .containsEntry("WorkflowType", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .containsEntry("StartTime", IndexedValueType.INDEXED_VALUE_TYPE_DATETIME);

    operator()
        .removeSearchAttributes(
            RemoveSearchAttributesRequest.newBuilder()
                .setNamespace(TestCluster.NAMESPACE)
                .addSearchAttributes("OrderTotal")
                .build());
    assertThat(custom(TestCluster.NAMESPACE))
        .containsKey("OrderRegion")
        .doesNotContainKey("OrderTotal");
  }

  @Test
  void getSearchAttributesListsSystemAndPredefinedKeys() {
    assertThat(
            cluster
                .blocking()
                .getSearchAttributes(GetSearchAttributesRequest.getDefaultInstance())
                .getKeysMap())
        .containsEntry("ExecutionStatus", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .containsEntry("CustomIntField", IndexedValueType.INDEXED_VALUE_TYPE_INT);
  }

  @Test
  void badRequestsAreRejectedNamingTheAttribute() {
    assertRejected(
        Status.Code.INVALID_ARGUMENT,
        "reserved by system",
        () -> add("WorkflowId", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    assertRejected(
        Status.Code.INVALID_ARGUMENT,
        "already exists with type Keyword, not Int",
        () -> add("CustomKeywordField", IndexedValueType.INDEXED_VALUE_TYPE_INT));
    assertRejected(
        Status.Code.INVALID_ARGUMENT,
        "no valid type",
        () -> add("Untyped", IndexedValueType.INDEXED_VALUE_TYPE_UNSPECIFIED));
    assertRejected(
        Status.Code.INVALID_ARGUMENT,
        "is invalid",
        () -> add("bad name", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    assertRejected(
        Status.Code.INVALID_ARGUMENT,
        "predefined and cannot be removed",
        () ->
            operator()
                .removeSearchAttributes(
                    RemoveSearchAttributesRequest.newBuilder()
                        .setNamespace(TestCluster.NAMESPACE)
                        .addSearchAttributes("CustomIntField")
                        .build()));
    assertRejected(
        Status.Code.NOT_FOUND,
        "NeverAdded doesn't exist",
        () ->
            operator()
                .removeSearchAttributes(
                    RemoveSearchAttributesRequest.newBuilder()
                        .setNamespace(TestCluster.NAMESPACE)
                        .addSearchAttributes("NeverAdded")
                        .build()));
    assertRejected(
        Status.Code.NOT_FOUND,
        "",
        () ->
            operator()
                .listSearchAttributes(
                    ListSearchAttributesRequest.newBuilder()
                        .setNamespace("no-such-namespace")
                        .build()));
    // A rejected add changes nothing, not even its valid part.
    assertRejected(
        Status.Code.INVALID_ARGUMENT,
        "reserved by system",
        () ->
            operator()
                .addSearchAttributes(
                    AddSearchAttributesRequest.newBuilder()
                        .setNamespace(TestCluster.NAMESPACE)
                        .putSearchAttributes("Fine", IndexedValueType.INDEXED_VALUE_TYPE_INT)
                        .putSearchAttributes("RunId", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                        .build()));
    assertThat(custom(TestCluster.NAMESPACE)).doesNotContainKey("Fine");
  }

  private void add(String name, IndexedValueType type) {
    operator()
        .addSearchAttributes(
            AddSearchAttributesRequest.newBuilder()
                .setNamespace(TestCluster.NAMESPACE)
                .putSearchAttributes(name, type)
                .build());
  }

  private static void assertRejected(Status.Code code, String message, Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).contains(message);
            });
  }
}
