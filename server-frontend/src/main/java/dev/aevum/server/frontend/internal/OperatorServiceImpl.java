package dev.aevum.server.frontend.internal;

import dev.aevum.server.common.Rpc;
import dev.aevum.server.frontend.internal.searchattributes.SearchAttributeService;
import io.grpc.stub.StreamObserver;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.AddSearchAttributesResponse;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc;
import io.temporal.api.operatorservice.v1.RemoveSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.RemoveSearchAttributesResponse;

/**
 * The OperatorService calls Aevum serves; the rest answer UNIMPLEMENTED (see {@link Unsupported}).
 */
public final class OperatorServiceImpl extends OperatorServiceGrpc.OperatorServiceImplBase {
  private final SearchAttributeService searchAttributes;

  public OperatorServiceImpl(SearchAttributeService searchAttributes) {
    this.searchAttributes = searchAttributes;
  }

  @Override
  public void addSearchAttributes(
      AddSearchAttributesRequest request, StreamObserver<AddSearchAttributesResponse> observer) {
    Rpc.unary(observer, () -> searchAttributes.add(request));
  }

  @Override
  public void removeSearchAttributes(
      RemoveSearchAttributesRequest request,
      StreamObserver<RemoveSearchAttributesResponse> observer) {
    Rpc.unary(observer, () -> searchAttributes.remove(request));
  }

  @Override
  public void listSearchAttributes(
      ListSearchAttributesRequest request, StreamObserver<ListSearchAttributesResponse> observer) {
    Rpc.unary(observer, () -> searchAttributes.list(request));
  }
}
